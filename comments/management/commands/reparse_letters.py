"""Re-parse stored letters, e.g. after the parser improved. Workflow rows (Assignments) are kept."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from comments import parser
from comments.services import letters_reparse_all


class Command(BaseCommand):
    help = "Re-parse letters: --outdated (not parsed by the current parser) or --all (every letter, forced)."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="re-parse every letter")
        which.add_argument("--outdated", action="store_true", help="re-parse letters not parsed by the current parser")

    def handle(self, *args: Any, **options: Any) -> None:
        version = parser.PARSER_VERSION
        count = letters_reparse_all(parser_version=None if options["all"] else version)
        self.stdout.write(f"re-parsed {count} letter(s) with parser {version}")
