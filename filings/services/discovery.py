"""Discovery: which filings a run should fetch, from the daily indexes, a watchlist, or accession numbers.

Discovery registers what it finds and returns the filings that still need fetching; it fetches no
documents and counts nothing. The runner decides how each found filing is fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from filings.edgar.client import EdgarClient
from filings.edgar.errors import EdgarError, PermanentEdgarError
from filings.models import Company, Filing, IndexDay, IndexDayRetry, IngestionFailure, IngestionRun
from filings.parsers.daily_index import CORRESPONDENCE_FORMS, IndexEntry, parse_daily_index
from filings.parsers.submissions import SubmissionsParseError, parse_submissions_json
from filings.services.registry import (
    accession_normalize,
    company_upsert_from_submissions,
    filing_needs_fetch,
    filing_refetch_request,
    filing_register,
)
from filings.services.runs import ingestion_failure_record, ingestion_run_heartbeat

# A scheduled poll that has fallen behind catches up at most this far back; older days are a backfill's job.
_POLL_CATCH_UP_DAYS = 7


def business_days(since: date, until: date) -> Iterator[date]:
    day = since
    while day <= until:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def index_days_window(*, since: date | None = None, until: date | None = None) -> tuple[date, date]:
    """The days a poll reads: from the day after the last index read (at most a week back) to today."""
    today = timezone.localdate()
    if since is None:
        last = IndexDay.objects.order_by("-date").values_list("date", flat=True).first()
        since = max(last + timedelta(days=1) if last else today, today - timedelta(days=_POLL_CATCH_UP_DAYS))
    return since, until or today


def index_day_discover(
    *,
    client: EdgarClient,
    day: date,
    run: IngestionRun | None,
    kind: str = "form",
    forms: frozenset[str] = CORRESPONDENCE_FORMS,
) -> list[Filing]:
    """Read one daily index and register its correspondence filings. A day already read is not fetched again."""
    if IndexDay.objects.filter(date=day).exists():
        return [f for f in Filing.objects.filter(index_date=day, form_type__in=forms) if filing_needs_fetch(f)]
    raw = client.daily_index(kind=kind, day=day)
    if raw is None:
        # A holiday has no index for good; a recent day may just not be published yet.
        if day < timezone.localdate() - timedelta(days=3):
            IndexDay.objects.update_or_create(date=day, defaults={"entries": 0})
        return []
    result = parse_daily_index(raw.decode("latin-1"))
    for bad in result.malformed:
        ingestion_failure_record(
            run=run,
            stage=IngestionFailure.Stage.INDEX,
            item=f"{kind}.{day:%Y%m%d}.idx line {bad.line_number}: {bad.line[:200]}",
            error=f"malformed index row: {bad.reason}",
        )
    filings = []
    for entry in _unique_entries(result.entries, forms):
        filing, _ = filing_register(
            accession_number=entry.accession_number,
            cik=entry.cik,
            company_name=entry.company_name,
            form_type=entry.form_type,
            source=Filing.Source.DAILY_INDEX,
            filing_date=entry.date_filed,
            index_date=day,
            run=run,
        )
        if filing_needs_fetch(filing):
            filings.append(filing)
    # Marked only after every row is registered, so an interrupted read is read again.
    IndexDay.objects.update_or_create(date=day, defaults={"entries": len(result.entries)})
    return filings


def _unique_entries(entries: Iterable[IndexEntry], forms: frozenset[str]) -> list[IndexEntry]:
    seen: dict[str, IndexEntry] = {}
    for entry in entries:
        if entry.form_type in forms and entry.accession_number not in seen:
            seen[entry.accession_number] = entry
    return list(seen.values())


def index_days_discover(*, client: EdgarClient, since: date, until: date, kind: str, run: IngestionRun) -> list[Filing]:
    return _days_discover(client=client, days=[(day, kind) for day in business_days(since, until)], run=run)


def index_days_retry_discover(*, client: EdgarClient, run: IngestionRun) -> list[Filing]:
    """Read again the daily indexes whose read failed for a reason a retry can help, once their retry is due."""
    due = IndexDayRetry.objects.filter(retry_at__lte=timezone.now()).order_by("date")
    return _days_discover(client=client, days=[(retry.date, retry.kind) for retry in due], run=run)


def _days_discover(*, client: EdgarClient, days: list[tuple[date, str]], run: IngestionRun) -> list[Filing]:
    found: list[Filing] = []
    for day, kind in days:
        try:
            found += index_day_discover(client=client, day=day, run=run, kind=kind)
        except EdgarError as exc:
            _index_day_failed(day=day, kind=kind, error=exc, run=run)
        else:
            IndexDayRetry.objects.filter(date=day).delete()  # read, or EDGAR has none that day
        ingestion_run_heartbeat(run_id=run.pk)
    return found


def _index_day_failed(*, day: date, kind: str, error: EdgarError, run: IngestionRun) -> None:
    """Record a failed index read; a transient one is read again by the sweep, later each time, up to a limit."""
    retry = None
    if error.retryable:
        retry, _ = IndexDayRetry.objects.get_or_create(date=day, defaults={"kind": kind})
        retry.attempts += 1
        retry.kind, retry.error = kind, str(error)[:2000]
        if retry.attempts >= settings.EDGAR_FETCH_MAX_ATTEMPTS:
            retry.retry_at = None  # given up: reported below, and read again only when a run names the day
            error = PermanentEdgarError(f"{error}; gave up after {retry.attempts} attempts (EDGAR_FETCH_MAX_ATTEMPTS)")
        else:
            delay = settings.EDGAR_FETCH_RETRY_BASE_SECONDS * 2 ** (retry.attempts - 1)
            retry.retry_at = timezone.now() + timedelta(seconds=max(delay, getattr(error, "retry_after", None) or 0))
        retry.save()
    ingestion_failure_record(run=run, stage=IngestionFailure.Stage.INDEX, item=f"{kind} index {day}", error=error)


def watchlist_ciks() -> list[int]:
    """The companies the scheduled sync follows: EDGAR_WATCHLIST and those watched in the admin."""
    return sorted(set(settings.EDGAR_WATCHLIST) | set(Company.objects.filter(watched=True).values_list("cik", flat=True)))


def watchlist_company_discover(
    *, client: EdgarClient, cik: int, run: IngestionRun | None, forms: frozenset[str] = CORRESPONDENCE_FORMS
) -> list[Filing]:
    """Register every correspondence filing in a company's submissions JSON, paged files included."""
    main = parse_submissions_json(client.submissions(cik=cik))
    if main.company is not None:
        company_upsert_from_submissions(info=main.company)
    rows = list(main.filings)
    for name in main.more_pages:
        try:
            rows.extend(parse_submissions_json(client.submissions_page(name=name)).filings)
        except (EdgarError, SubmissionsParseError) as exc:
            # One missing older page must not hide the filings the main file lists.
            ingestion_failure_record(run=run, stage=IngestionFailure.Stage.INDEX, item=f"submissions page {name}", error=exc)
    filings = []
    for row in rows:
        if row.form_type not in forms:
            continue
        filing, _ = filing_register(
            accession_number=row.accession_number,
            cik=cik,
            form_type=row.form_type,
            source=Filing.Source.SUBMISSIONS,
            filing_date=row.filing_date,
            run=run,
            row=row,
        )
        if filing_needs_fetch(filing):
            filings.append(filing)
    return filings


def watchlist_discover(*, client: EdgarClient, ciks: list[int], run: IngestionRun) -> list[Filing]:
    found: list[Filing] = []
    for cik in ciks:
        try:
            found += watchlist_company_discover(client=client, cik=cik, run=run)
        except (EdgarError, SubmissionsParseError) as exc:
            # One company's missing or broken JSON must not stop the others.
            ingestion_failure_record(run=run, stage=IngestionFailure.Stage.INDEX, item=f"CIK {cik} submissions", error=exc)
        ingestion_run_heartbeat(run_id=run.pk)
    return found


def accessions_discover(*, accessions: list[str], cik: int | None, run: IngestionRun) -> list[Filing]:
    """The filings named by accession number; asked for by name, they are tried again even after a permanent failure."""
    found: list[Filing] = []
    for raw in accessions:
        try:
            accession = accession_normalize(raw)
            filing = Filing.objects.filter(accession_number=accession).first()
            if filing is None:
                owner = cik or int(accession[:10])
                if not owner:
                    raise PermanentEdgarError(f"{accession}: staff letters need --cik (their accession has no CIK)", url="")
                filing, _ = filing_register(
                    accession_number=accession, cik=owner, form_type="", source=Filing.Source.ACCESSION, run=run
                )
        except (ValueError, EdgarError) as exc:
            ingestion_failure_record(run=run, stage=IngestionFailure.Stage.INDEX, item=raw, error=exc)
            continue
        if filing_refetch_request(filing_ids=[filing.pk]):
            filing.refresh_from_db()
        found.append(filing)
    return found
