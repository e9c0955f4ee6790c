"""Thread stored letters into reviews again: every company, or the ones named. Gives the same reviews as the
post-parse step does letter by letter."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from comments.services import reviews_thread_all
from filings.models import Company


class Command(BaseCommand):
    help = "Re-thread letters into reviews (all companies, or --cik CIK...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cik", type=int, nargs="+", help="only these companies")

    def handle(self, *args: Any, **options: Any) -> None:
        company_ids = None
        if options["cik"]:
            found = dict(Company.objects.filter(cik__in=options["cik"]).values_list("cik", "pk"))
            missing = sorted(set(options["cik"]) - set(found))
            if missing:
                raise CommandError(f"no company with CIK {', '.join(map(str, missing))}")
            company_ids = list(found.values())
        count = reviews_thread_all(company_ids=company_ids)
        self.stdout.write(f"{count} review(s) after threading")
