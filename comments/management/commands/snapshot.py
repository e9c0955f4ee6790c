"""Print a canonical snapshot of the mirror (filings, documents with sha256, letters with kind and counts).

Deterministic JSON, one row per line, free of ids and timestamps: two databases that ingested the
same EDGAR give the same file, so an operator can save one and compare later, or compare a
recovered database with a clean run's.

    manage.py snapshot > before.json
    manage.py snapshot --compare before.json      # exit status 1 and a diff when they differ
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q

from comments.models import Letter
from filings.services import filings_snapshot, snapshot_dumps, snapshot_row, snapshot_sorted


class Command(BaseCommand):
    help = "Print a canonical, diff-able JSON snapshot of filings, documents and letters (no ids, no timestamps)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="write the snapshot to this file instead of stdout")
        parser.add_argument("--compare", type=Path, help="compare with a saved snapshot; exit 1 with a diff if they differ")

    def handle(self, *args: object, **options: object) -> None:
        text = snapshot_dumps({**filings_snapshot(), "letters": _letters()})
        output, compare = options["output"], options["compare"]
        if output:
            output.write_text(text)
        if compare:
            try:
                saved = compare.read_text()
            except OSError as exc:
                raise CommandError(f"cannot read {compare}: {exc}") from exc
            diff = list(difflib.unified_diff(saved.splitlines(True), text.splitlines(True), str(compare), "database"))
            if diff:
                self.stdout.write("".join(diff), ending="")
                sys.exit(1)
            self.stdout.write(f"The database matches {compare}.")
        elif not output:
            self.stdout.write(text, ending="")


def _letters() -> list[list[object]]:
    letters = Letter.objects.select_related(
        "filing", "document", "subject_filing", "responds_to__filing", "responds_to__document"
    ).annotate(
        n_comments=Count("comments", distinct=True),
        n_responses=Count("responses", distinct=True),
        n_answered=Count("responses", filter=Q(responses__comment__isnull=False), distinct=True),
    )
    return snapshot_sorted(
        snapshot_row(
            letter.filing.accession_number if letter.filing else "",
            letter.document.filename if letter.document else "",
            letter.is_private,
            letter.form_type,
            letter.direction,
            letter.kind,
            letter.parse_status,
            letter.letter_date,
            letter.subject_filing.accession_number if letter.subject_filing else "",
            _letter_key(letter.responds_to),
            letter.n_comments,
            letter.n_responses,
            letter.n_answered,
            sorted(
                [form, accession or ""] for form, accession in letter.references.values_list("form", "filing__accession_number")
            ),
        )
        for letter in letters
    )


def _letter_key(letter: Letter | None) -> list[str]:
    if letter is None:
        return ["", ""]
    return [letter.filing.accession_number if letter.filing else "", letter.document.filename if letter.document else ""]
