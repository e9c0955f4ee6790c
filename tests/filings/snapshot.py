"""A canonical picture of what ingestion stored, free of ids and timestamps, so two runs can be compared."""

from __future__ import annotations

from django.db.models import Count, Q

from comments.models import Letter
from filings.models import Company, Document, Filing, IndexDay, IngestionFailure, IngestionRun


def database_snapshot() -> dict[str, list[tuple]]:
    letters = Letter.objects.select_related("filing", "document", "subject_filing", "responds_to__document").annotate(
        n_comments=Count("comments", distinct=True),
        n_responses=Count("responses", distinct=True),
        n_answered=Count("responses", filter=Q(responses__comment__isnull=False), distinct=True),
    )
    return {
        "companies": sorted(Company.objects.values_list("cik", "name", "sic", "state_of_incorporation", "fiscal_year_end")),
        "filings": sorted(
            (
                f.accession_number,
                f.form_type,
                f.filing_date,
                f.index_date,
                f.period_of_report,
                f.public_reference_accession,
                f.source,
                f.fetch_status,
                f.fetched_via,
                f.fetch_retryable,
                tuple(sorted(c.cik for c in f.companies.all())),
            )
            for f in Filing.objects.prefetch_related("companies")
        ),
        "documents": sorted(
            Document.objects.values_list(
                "filing__accession_number",
                "sequence",
                "filename",
                "type",
                "size",
                "sha256",
                "extraction_status",
                "extractor",
            )
        ),
        "letters": sorted(
            (
                letter.filing.accession_number if letter.filing else "",
                letter.document.filename if letter.document else "",
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
                tuple(sorted(letter.references.values_list("form", "filing__accession_number"), key=str)),
            )
            for letter in letters
        ),
        "failures": sorted(IngestionFailure.objects.values_list("stage", "item", "error_type", "retryable")),
        "index_days": sorted(IndexDay.objects.values_list("date", "entries")),
        "runs": sorted(
            IngestionRun.objects.values_list(
                "source",
                "status",
                "filings_seen",
                "filings_fetched",
                "filings_skipped",
                "filings_failed",
                "documents_stored",
                "failures_count",
                # Not requests_made: a staff letter parsed before the letter that registers its filing under
                # review looks that filing up on EDGAR, so the count follows the order letters were parsed in.
            )
        ),
    }


def _letter_key(letter: Letter | None) -> tuple[str, str]:
    if letter is None or letter.document is None:
        return ("", "")
    return (letter.document.filing.accession_number, letter.document.filename)
