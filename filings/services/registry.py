"""The company and filing registry: what EDGAR holds, known from an index, a submissions JSON, a header or a letter."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from filings.models import Company, Filing, IngestionRun
from filings.parsers.sgml import SubmissionHeader
from filings.parsers.submissions import CompanyInfo, SubmissionsRow
from filings.services.processes import process_identity, process_is_dead


def accession_normalize(accession_number: str) -> str:
    """Normalise "000032019324000061" or "0000320193-24-000061" to the dashed form."""
    digits = accession_number.replace("-", "").strip()
    if len(digits) != 18 or not digits.isdigit():
        raise ValueError(f"not an accession number: {accession_number!r}")
    return f"{digits[:10]}-{digits[10:12]}-{digits[12:]}"


def company_upsert(*, cik: int, name: str = "", **fields: object) -> Company:
    """Create or refresh a company; blank values never overwrite what we already know."""
    company, _ = Company.objects.get_or_create(cik=cik, defaults={"name": name})
    changed = []
    if name and company.name != name:
        company.name = name
        changed.append("name")
    for field, value in fields.items():
        if value not in (None, "", []) and getattr(company, field) != value:
            setattr(company, field, value)
            changed.append(field)
    if changed:
        company.save(update_fields=[*changed, "updated_at"])
    return company


def company_upsert_from_submissions(*, info: CompanyInfo) -> Company:
    return company_upsert(
        cik=info.cik,
        name=info.name,
        tickers=list(info.tickers),
        sic=info.sic,
        sic_description=info.sic_description,
        state_of_incorporation=info.state_of_incorporation,
        fiscal_year_end=info.fiscal_year_end,
        former_names=list(info.former_names),
    )


def filing_register(
    *,
    accession_number: str,
    cik: int,
    company_name: str = "",
    form_type: str,
    source: str,
    filing_date: date | None = None,
    index_date: date | None = None,
    run: IngestionRun | None = None,
    row: SubmissionsRow | None = None,
    metadata_only: bool = False,
) -> tuple[Filing, bool]:
    """Record that a filing exists (from an index, a submissions JSON or a letter); fetch nothing."""
    company = company_upsert(cik=cik, name=company_name)
    defaults: dict[str, object] = {
        "form_type": form_type,
        "source": source,
        "filing_date": filing_date,
        "index_date": index_date,
    }
    if metadata_only:
        defaults["fetch_status"] = Filing.FetchStatus.METADATA_ONLY
    filing, created = Filing.objects.get_or_create(accession_number=accession_number, defaults=defaults)
    changed: list[str] = []
    if row is not None:
        changed += _fill_from_row(filing, row)
    if index_date and not filing.index_date:
        filing.index_date = index_date
        changed.append("index_date")
    if filing_date and not filing.filing_date:
        filing.filing_date = filing_date
        changed.append("filing_date")
    if run is not None and filing_needs_fetch(filing) and filing.last_run_id != run.pk:
        filing.last_run = run
        changed.append("last_run")
    if changed:
        filing.save(update_fields=[*set(changed), "updated_at"])
    filing.companies.add(company)
    return filing, created


def _fill_from_row(filing: Filing, row: SubmissionsRow) -> list[str]:
    """Fill what the filing does not know yet from its submissions JSON row."""
    changed = []
    values = {
        "period_of_report": row.report_date,
        "acceptance_datetime": _aware(row.acceptance_datetime),
        "file_number": row.file_number,
        "film_number": row.film_number,
        "primary_document": row.primary_document,
    }
    for field, value in values.items():
        if value not in (None, "") and not getattr(filing, field):
            setattr(filing, field, value)
            changed.append(field)
    return changed


def filing_row_apply(*, filing: Filing, row: SubmissionsRow) -> None:
    """Take what the filing's submissions JSON row says and the filing does not know yet, its form included."""
    changed = _fill_from_row(filing, row)
    for field, value in (("form_type", row.form_type), ("filing_date", row.filing_date)):
        if value and not getattr(filing, field):
            setattr(filing, field, value)
            changed.append(field)
    if changed:
        filing.save(update_fields=[*changed, "updated_at"])


def filing_header_apply(*, filing: Filing, header: SubmissionHeader) -> None:
    """Take what a complete submission's SGML header says about the filing and its filers."""
    for filer in header.filers:
        company = company_upsert(
            cik=filer.cik,
            name=filer.name,
            sic=filer.sic,
            sic_description=filer.sic_description,
            state_of_incorporation=filer.state_of_incorporation,
            fiscal_year_end=filer.fiscal_year_end,
            former_names=[{"name": f.name, "to": f.changed.isoformat() if f.changed else None} for f in filer.former_names],
        )
        filing.companies.add(company)
    first_filer = header.filers[0] if header.filers else None
    Filing.objects.filter(pk=filing.pk).update(
        form_type=header.submission_type or filing.form_type,
        filing_date=header.filed_as_of or filing.filing_date,
        acceptance_datetime=_aware(header.acceptance_datetime) or filing.acceptance_datetime,
        period_of_report=header.period_of_report or filing.period_of_report,
        public_reference_accession=header.public_reference_accession or filing.public_reference_accession,
        file_number=(first_filer.file_number if first_filer else "") or filing.file_number,
        film_number=(first_filer.film_number if first_filer else "") or filing.film_number,
    )
    filing.refresh_from_db()


def _aware(value: datetime | None) -> datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    # EDGAR prints acceptance times in Eastern time without a zone.
    return timezone.make_aware(value, timezone.get_default_timezone())


# --- fetch state ---------------------------------------------------------------------------------


def filing_needs_fetch(filing: Filing) -> bool:
    """Scheduled runs fetch what is new or failed for a reason a retry can help; a 404 stays recorded."""
    if filing.fetch_status == Filing.FetchStatus.FAILED:
        return filing.fetch_retryable
    return filing.fetch_status in (Filing.FetchStatus.PENDING, Filing.FetchStatus.FETCHING)


class Claim(enum.Enum):
    """What claiming a filing found. Truthy when this process now holds the claim."""

    TAKEN = "taken"
    RECLAIMED = "reclaimed"  # from a process that died, or one whose claim outlived the fetch time limit
    BUSY = "busy"  # another live process is fetching it
    DONE = "done"  # stored (or metadata only): nothing to fetch

    def __bool__(self) -> bool:
        return self in (Claim.TAKEN, Claim.RECLAIMED)


def filing_claim(*, filing: Filing) -> Claim:
    """Claim a filing for fetching; only one process wins. A dead process's claim is retaken at once.

    A claim older than the fetch task's hard time limit belongs to a process that was killed, so
    the same setting decides both; on the claim's own host, a process known to be gone frees it sooner.
    """
    mine = process_identity()
    now = timezone.now()
    claimable = Q(fetch_status__in=[Filing.FetchStatus.PENDING, Filing.FetchStatus.FAILED]) | Q(
        fetch_status=Filing.FetchStatus.FETCHING, claimed_at__lt=work_stale_before()
    )
    current = Filing.objects.filter(pk=filing.pk).values_list("fetch_status", "claimed_by").first()
    if current is None:
        return Claim.DONE
    retaking = current[0] == Filing.FetchStatus.FETCHING
    if retaking and current[1] and process_is_dead(current[1]):
        claimable |= Q(fetch_status=Filing.FetchStatus.FETCHING, claimed_by=current[1])
    if Filing.objects.filter(claimable, pk=filing.pk).update(
        fetch_status=Filing.FetchStatus.FETCHING, claimed_at=now, claimed_by=mine
    ):
        return Claim.RECLAIMED if retaking else Claim.TAKEN
    status = Filing.objects.filter(pk=filing.pk).values_list("fetch_status", flat=True).first()
    return Claim.BUSY if status == Filing.FetchStatus.FETCHING else Claim.DONE


def filing_claim_is_dead(*, filing: Filing) -> bool:
    """Whether the filing is claimed by a process that died (known on its host) or a claim gone stale."""
    if filing.fetch_status != Filing.FetchStatus.FETCHING:
        return False
    stale = filing.claimed_at is None or filing.claimed_at < work_stale_before()
    return stale or bool(filing.claimed_by and process_is_dead(filing.claimed_by))


def filing_claim_release(*, filing: Filing) -> None:
    """Give up a claim after an interruption, so the next run need not wait for it to go stale."""
    release = Filing.objects.filter(pk=filing.pk, fetch_status=Filing.FetchStatus.FETCHING, claimed_by=process_identity())
    try:
        release.update(fetch_status=Filing.FetchStatus.PENDING, claimed_at=None, claimed_by="")
    except Exception:
        # An interrupted query can leave the connection unusable; a fresh one can still give the claim up.
        connection.close()
        release.update(fetch_status=Filing.FetchStatus.PENDING, claimed_at=None, claimed_by="")


def filing_claims_dead() -> list[Filing]:
    """Filings claimed by processes that died or whose claims outlived the fetch time limit."""
    return [f for f in Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHING) if filing_claim_is_dead(filing=f)]


def filing_claim_free(*, filing: Filing) -> bool:
    """Put a dead process's claim back to pending; False when its holder came back or finished meanwhile."""
    return bool(
        Filing.objects.filter(
            pk=filing.pk,
            fetch_status=Filing.FetchStatus.FETCHING,
            claimed_by=filing.claimed_by,
            claimed_at=filing.claimed_at,
        ).update(fetch_status=Filing.FetchStatus.PENDING, claimed_at=None, claimed_by="")
    )


def fetch_time_limits() -> tuple[int, int]:
    """(soft, hard) time limit of one filing's fetch: the hard one is EDGAR_FETCH_TASK_TIME_LIMIT."""
    hard = settings.EDGAR_FETCH_TASK_TIME_LIMIT
    # The soft limit leaves time to give the claim back before the hard one kills the task.
    return hard - min(60, hard // 10), hard


def work_stale_before(*, now: datetime | None = None) -> datetime:
    """Work begun before this has outlived the longest a task may take (EDGAR_FETCH_TASK_TIME_LIMIT): its
    claim is stale, its run silent, its letters left pending by a killed worker."""
    return (now or timezone.now()) - timedelta(seconds=settings.EDGAR_FETCH_TASK_TIME_LIMIT)


def filing_refetch_request(*, filing_ids: Iterable[int], refetch_stored: bool = False) -> int:
    """Make filings claimable again, even after a permanent failure; returns how many were reset.

    Asked for by accession number, a stored filing stays as it is; the admin's "fetch again" passes
    refetch_stored to fetch it anew. A filing a worker is fetching right now is left to that worker.
    """
    statuses = [Filing.FetchStatus.FAILED, Filing.FetchStatus.METADATA_ONLY]
    if refetch_stored:
        statuses.append(Filing.FetchStatus.FETCHED)
    return Filing.objects.filter(pk__in=list(filing_ids), fetch_status__in=statuses).update(
        fetch_status=Filing.FetchStatus.PENDING, fetch_attempts=0, retry_at=None
    )


def filings_to_retry(*, within_days: int = 7) -> list[Filing]:
    """Filings whose last fetch failed for a reason a retry can help (a 503, a timeout), and whose retry is due."""
    now = timezone.now()
    return list(
        Filing.objects.filter(
            Q(retry_at__isnull=True) | Q(retry_at__lte=now),
            fetch_status=Filing.FetchStatus.FAILED,
            fetch_retryable=True,
            updated_at__gte=now - timedelta(days=within_days),
        )
    )
