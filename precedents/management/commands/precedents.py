"""Print the precedents of a staff comment, or of a text: the most similar comments other companies got.

    python manage.py precedents (--comment ID | --text TEXT) [--limit N] [--json] [--organisation SLUG]
        [--topic T] [--form 10-K] [--year-from Y] [--year-to Y] [--exclude-my-company | --exclude-company CIK]
        [--resolved-in-one-round]

Searches the public letters, and with --organisation that organisation's private letters too. Works on
the embedded default (SQLite, no broker); before a model version is indexed (precedents_index) the
ranking is the full-text one alone. With --json: one JSON object, {"query", "model", "results": [...]}.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from comments.models import Letter, StaffComment
from comments.selectors import letters_visible_to, letters_visible_to_organisation
from filings.models import Company
from precedents.search import MAX_LIMIT, PrecedentFilters, PrecedentHit, precedents_search
from precedents.text import PrecedentQueryError
from teams.models import Organisation


def _d(value: Any) -> str | None:
    return value.isoformat() if value else None


def precedent_hit_record(hit: PrecedentHit) -> dict[str, Any]:
    comment, letter = hit.comment, hit.comment.letter
    review = letter.review
    answer = hit.answer
    return {
        "rank": hit.rank,
        "score": round(hit.score, 6),
        "comment": comment.pk,
        "number": comment.number,
        "company": {"cik": letter.company.cik, "name": letter.company.name},
        "letter": letter.pk,
        "date": _d(letter.letter_date),
        "review": review.pk if review else None,
        "form_under_review": (review.subject_form or None) if review else None,
        "heading": comment.heading,
        "text": comment.text,
        "answer": None
        if answer is None
        else {
            "response": answer.pk,
            "letter": answer.letter_id,
            "answer_type": answer.answer_type or None,
            "excerpt": hit.answer_excerpt,
        },
        "outcome": hit.outcome,
        "rounds": hit.rounds,
    }


class Command(BaseCommand):
    help = "Print the most similar staff comments other companies got, how they answered and how it ended."

    def add_arguments(self, parser: CommandParser) -> None:
        query = parser.add_mutually_exclusive_group(required=True)
        query.add_argument("--comment", type=int, help="a staff comment's id: its precedents in other reviews")
        query.add_argument("--text", help="a text to find staff comments like")
        parser.add_argument("--limit", type=int, default=10, help=f"how many (1 to {MAX_LIMIT}; 10 unless given)")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--organisation", help="search as this organisation (slug): its private letters too")
        parser.add_argument("--topic")
        parser.add_argument("--form", help="the form under review, e.g. 10-K")
        parser.add_argument("--year-from", type=int)
        parser.add_argument("--year-to", type=int)
        company = parser.add_mutually_exclusive_group()
        company.add_argument("--exclude-my-company", action="store_true", help="leave out the comment's own company")
        company.add_argument("--exclude-company", type=int, metavar="CIK")
        parser.add_argument("--resolved-in-one-round", action="store_true")

    def _letters(self, slug: str | None) -> QuerySet[Letter]:
        if slug is None:
            return letters_visible_to(user=None)
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"no organisation '{slug}'")
        return letters_visible_to_organisation(organisation=organisation)

    def handle(self, *args: Any, **options: Any) -> None:
        letters = self._letters(options["organisation"])
        comment = None
        if options["comment"] is not None:
            comment = StaffComment.objects.filter(pk=options["comment"], letter__in=letters).select_related("letter").first()
            if comment is None:
                raise CommandError(f"no staff comment {options['comment']} that this search may see")
        exclude_company = None
        if options["exclude_my_company"]:
            if comment is None:
                raise CommandError("--exclude-my-company needs --comment; with --text, name it: --exclude-company CIK")
            exclude_company = comment.letter.company_id
        elif options["exclude_company"] is not None:
            exclude_company = Company.objects.filter(cik=options["exclude_company"]).values_list("pk", flat=True).first()
            if exclude_company is None:
                raise CommandError(f"no company with CIK {options['exclude_company']}")
        filters = PrecedentFilters(
            topic=options["topic"],
            form=options["form"],
            year_from=options["year_from"],
            year_to=options["year_to"],
            exclude_company_id=exclude_company,
            resolved_in_one_round=options["resolved_in_one_round"],
        )
        try:
            results = precedents_search(
                letters=letters, text=options["text"], comment=comment, limit=options["limit"], filters=filters
            )
        except PrecedentQueryError as exc:
            raise CommandError(str(exc)) from exc
        records = [precedent_hit_record(hit) for hit in results.hits]
        if options["json"]:
            self.stdout.write(json.dumps({"query": results.query, "model": results.model_key, "results": records}))
            return
        if results.model_key is None:
            self.stderr.write("No model version is indexed yet: full-text ranking only (run manage.py precedents_index).")
        if not records:
            self.stdout.write("No precedents found.")
        for record in records:
            company = record["company"]["name"] or record["company"]["cik"]
            answer = record["answer"]
            self.stdout.write(
                f"{record['rank']}. {company}, {record['date'] or 'undated'}, comment {record['number']} "
                f"(id {record['comment']}, review {record['review'] or '-'}, {record['rounds'] or '?'} rounds): {record['outcome']}"
            )
            if record["heading"]:
                self.stdout.write(f"   {record['heading']}")
            self.stdout.write(f"   {' '.join(record['text'].split())[:300]}")
            if answer:
                self.stdout.write(f"   Answer ({answer['answer_type'] or 'type not read'}): {answer['excerpt'][:300]}")
