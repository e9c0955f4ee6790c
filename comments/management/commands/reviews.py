"""Print each review of the given companies with its letters in order, and why each letter joined it.

    python manage.py reviews --cik 320193 1875558 [--json]

With --json: one JSON object per review per line. Each staff comment letter in "letters" carries
`response_due` (when its answer was or is due, extensions applied) and `responded_on` (the date of the
company letter that answered it, or null), so an analyst can see which answers came late.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from comments.models import Letter, Review
from comments.review_selectors import review_figures, review_timeline
from comments.services.deadlines import LetterDeadline, staff_letter_deadlines
from filings.models import Company


def _d(value: Any) -> str | None:
    return value.isoformat() if value else None


def _letter_row(letter: Letter, deadline: LetterDeadline | None) -> dict[str, Any]:
    row = {
        "accession": letter.filing.accession_number if letter.filing else None,
        "form": letter.form_type,
        "kind": letter.kind,
        "date": _d(letter.letter_date),
        "private": letter.is_private,
        "reason": letter.review_reason,
    }
    if letter.kind == Letter.Kind.STAFF_COMMENT_LETTER:
        row["response_due"] = _d(deadline.response_due) if deadline else None
        row["responded_on"] = _d(deadline.responded_on) if deadline else None
    return row


def review_record(review: Review, *, deadlines: dict[int, LetterDeadline] | None = None) -> dict[str, Any]:
    """One review as JSON. Pass `deadlines` (staff_letter_deadlines over many reviews) to save queries."""
    figures = review_figures(review)
    letters = list(review.letters.all())
    if deadlines is None:
        deadlines = staff_letter_deadlines(letters=letters)
    return {
        "review": review.pk,
        "cik": review.company.cik,
        "status": review.status,
        "subject": {
            "form": review.subject_form or None,
            "period_end": _d(review.subject_period_end),
            "filed": _d(review.subject_filed),
            "file_number": review.subject_file_number or None,
            "accession": review.subject_filing.accession_number if review.subject_filing else None,
        },
        "rounds": review.rounds,
        "days_open": figures.days_open,
        "opened_on": _d(review.opened_on),
        "closed_on": _d(review.closed_on),
        "incomplete": review.incomplete,
        "estimated_release_on": _d(figures.estimated_release_on),
        "letters": [_letter_row(letter, deadlines.get(letter.pk)) for letter in letters],
    }


class Command(BaseCommand):
    help = "Print the reviews of companies (by CIK) with their letters in order."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cik", type=int, nargs="+", required=True)
        parser.add_argument("--json", action="store_true", help="one JSON object per review per line")

    def handle(self, *args: Any, **options: Any) -> None:
        known = set(Company.objects.filter(cik__in=options["cik"]).values_list("cik", flat=True))
        missing = sorted(set(options["cik"]) - known)
        if missing:
            raise CommandError(f"no company with CIK {', '.join(map(str, missing))}")
        reviews = list(review_timeline().filter(company__cik__in=options["cik"]).order_by("company__cik", "opened_on", "pk"))
        deadlines = staff_letter_deadlines(letters=[letter for review in reviews for letter in review.letters.all()])
        for review in reviews:
            record = review_record(review, deadlines=deadlines)
            if options["json"]:
                self.stdout.write(json.dumps(record))
                continue
            subject = record["subject"]
            what = " ".join(
                str(v) for v in (subject["form"], subject["period_end"] or subject["filed"], subject["file_number"]) if v
            )
            days = f"{record['days_open']} days" if record["days_open"] is not None else "no days"
            flag = ", incomplete" if review.incomplete else ""
            self.stdout.write(
                f"Review {review.pk} of CIK {record['cik']}: {what or 'filing unknown'} · {review.get_status_display()}"
                f" · {review.rounds} round(s) · {days}{flag}"
            )
            for row in record["letters"]:
                self.stdout.write(
                    f"  {row['date'] or 'undated':10s} {row['accession'] or 'private':20s} {row['form']:8s} "
                    f"{row['kind']:22s} {row['reason']}"
                )
