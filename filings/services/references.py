"""Finding the filing a letter names ("Form 10-K for the fiscal year ended September 28, 2024")."""

from __future__ import annotations

import logging
import time
from datetime import date

from django.db.models import QuerySet

from filings.edgar.client import EdgarClient
from filings.edgar.errors import EdgarError
from filings.models import Filing
from filings.parsers.submissions import (
    CompanySubmissions,
    SubmissionsParseError,
    SubmissionsRow,
    parse_submissions_json,
)
from filings.services.metadata import submissions_row_find
from filings.services.registry import company_upsert_from_submissions, filing_register

logger = logging.getLogger(__name__)

# A letter names several filings of one company, and a run reads many letters of it: ask EDGAR for
# the company's submissions once every few minutes per process, not once per reference.
_SUBMISSIONS_TTL_SECONDS = 600
_SUBMISSIONS_CACHE_SIZE = 64
_submissions_cache: dict[tuple[str, int], tuple[float, CompanySubmissions]] = {}


def filing_reference_resolve(
    *,
    cik: int,
    form: str,
    period_end: date | None = None,
    filed: date | None = None,
    file_number: str | None = None,
    client: EdgarClient | None = None,
) -> Filing | None:
    """Find the filing a letter names: locally, else (with a client) in the company's submissions JSON.

    The period or the filing date picks the filing; a file number the letter prints only breaks a
    tie between filings that both match, since letters often print the registrant's number, not the filing's.
    """
    if period_end is None and filed is None:
        return None  # "Form 10-K" alone could be any year's
    match = _local_match(
        Filing.objects.filter(companies__cik=cik),
        form=form,
        period_end=period_end,
        filed=filed,
        file_number=file_number,
    )
    if match is not None or client is None:
        return match
    try:
        submissions = _submissions_recent(client=client, cik=cik)
    except (EdgarError, SubmissionsParseError) as exc:
        logger.info("cannot resolve %s for CIK %s: %s", form, cik, exc)
        return None
    if submissions.company is not None:
        company_upsert_from_submissions(info=submissions.company)
    candidates = [
        row
        for row in submissions.filings
        if _form_matches(row.form_type, form)
        and (period_end is None or row.report_date == period_end)
        and (filed is None or row.filing_date == filed)
    ]
    if not candidates:
        return None
    row = min(candidates, key=lambda r: _preference(r, file_number=file_number))
    filing, _ = filing_register(
        accession_number=row.accession_number,
        cik=cik,
        form_type=row.form_type,
        source=Filing.Source.REFERENCE,
        filing_date=row.filing_date,
        row=row,
        metadata_only=True,
    )
    return filing


def filing_by_accession_resolve(*, cik: int, accession_number: str, client: EdgarClient | None = None) -> Filing | None:
    """The filing with this accession number (a staff letter's filing under review): known here, else,
    with a client, registered as metadata only from the company's submissions JSON, paged files included.

    So whether a letter finds the filing it names does not depend on which letter happened to be
    parsed first (a backfill's order changes with every fault and restart).
    """
    filing = Filing.objects.filter(accession_number=accession_number).first()
    if filing is not None or client is None:
        return filing
    try:
        row = next(
            (r for r in _submissions_recent(client=client, cik=cik).filings if r.accession_number == accession_number), None
        )
        row = row or submissions_row_find(client=client, cik=cik, accession_number=accession_number)
    except (EdgarError, SubmissionsParseError) as exc:
        logger.info("cannot find %s for CIK %s: %s", accession_number, cik, exc)
        return None
    if row is None:
        return None
    filing, _ = filing_register(
        accession_number=row.accession_number,
        cik=cik,
        form_type=row.form_type,
        source=Filing.Source.REFERENCE,
        filing_date=row.filing_date,
        row=row,
        metadata_only=True,
    )
    return filing


def _preference(row: SubmissionsRow, *, file_number: str | None) -> tuple[bool, date]:
    # The filing with the named file number, then the original rather than a later amendment.
    return (bool(file_number) and _file_number_key(row.file_number) != _file_number_key(file_number), row.filing_date)


def _file_number_key(value: str | None) -> str:
    return "".join((value or "").split()).upper()


def _submissions_recent(*, client: EdgarClient, cik: int) -> CompanySubmissions:
    key = (client.data_url, cik)
    hit = _submissions_cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < _SUBMISSIONS_TTL_SECONDS:
        return hit[1]
    submissions = parse_submissions_json(client.submissions(cik=cik))
    if len(_submissions_cache) >= _SUBMISSIONS_CACHE_SIZE:
        del _submissions_cache[min(_submissions_cache, key=lambda k: _submissions_cache[k][0])]
    _submissions_cache[key] = (time.monotonic(), submissions)
    return submissions


def _form_matches(actual: str, named: str) -> bool:
    return actual.upper() == named.upper()


def _local_match(
    filings: QuerySet[Filing], *, form: str, period_end: date | None, filed: date | None, file_number: str | None
) -> Filing | None:
    filings = filings.filter(form_type__iexact=form)
    if period_end is not None:
        filings = filings.filter(period_of_report=period_end)
    if filed is not None:
        filings = filings.filter(filing_date=filed)
    candidates = list(filings.order_by("filing_date", "pk"))
    if file_number:
        named = [f for f in candidates if _file_number_key(f.file_number) == _file_number_key(file_number)]
        candidates = named or candidates
    return candidates[0] if candidates else None
