"""Celery entry points. Thin: each one calls a service. Tasks take ids and are idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from filings import services
from filings.edgar.client import EdgarClient
from filings.edgar.errors import TransientEdgarError
from filings.models import Company, IndexDay, IngestionRun

# Long backfills are split into filings, so no single task should get near these limits.
TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "time_limit": 900, "soft_time_limit": 840}


@shared_task(name="filings.tasks.poll_daily_index", autoretry_for=(TransientEdgarError,), retry_backoff=60, max_retries=5, **TASK_OPTIONS)
def poll_daily_index(since: str | None = None, until: str | None = None) -> int:
    """Read the daily indexes not read yet (business days) and fan out one fetch per new filing."""
    today = timezone.localdate()
    last = IndexDay.objects.order_by("-date").values_list("date", flat=True).first()
    start = date.fromisoformat(since) if since else max(last + timedelta(days=1) if last else today, today - timedelta(days=7))
    end = date.fromisoformat(until) if until else today
    client = EdgarClient.from_settings()
    run = services.ingestion_run_start(
        source=IngestionRun.Source.DAILY_INDEX, parameters={"since": start.isoformat(), "until": end.isoformat()}
    )
    filings = services.index_days_discover(client=client, since=start, until=end, kind="form", run=run)
    return _fan_out(run=run, client=client, filing_ids=[f.pk for f, _ in filings] + [f.pk for f in services.filings_to_retry()])


@shared_task(name="filings.tasks.sync_watchlist", autoretry_for=(TransientEdgarError,), retry_backoff=60, max_retries=5, **TASK_OPTIONS)
def sync_watchlist() -> int:
    ciks = sorted(set(settings.EDGAR_WATCHLIST) | set(Company.objects.filter(watched=True).values_list("cik", flat=True)))
    client = EdgarClient.from_settings()
    run = services.ingestion_run_start(source=IngestionRun.Source.WATCHLIST, parameters={"ciks": ciks})
    found = services.watchlist_discover(client=client, ciks=ciks, run=run)
    return _fan_out(run=run, client=client, filing_ids=[f.pk for f, _ in found])


@shared_task(name="filings.tasks.fetch_accession", **TASK_OPTIONS)
def fetch_accession(accession_number: str, cik: int | None = None) -> int:
    run = services.ingest_accessions(client=EdgarClient.from_settings(), accessions=[accession_number], cik=cik)
    return run.pk


@shared_task(name="filings.tasks.fetch_filing", **TASK_OPTIONS)
def fetch_filing(filing_id: int, run_id: int | None = None) -> str | None:
    outcome = services.ingestion_run_fetch_one(client=EdgarClient.from_settings(), filing_id=filing_id, run_id=run_id)
    return outcome.filing.accession_number if outcome else None


def _fan_out(*, run: IngestionRun, client: EdgarClient, filing_ids: list[int]) -> int:
    filing_ids = list(dict.fromkeys(filing_ids))
    IngestionRun.objects.filter(pk=run.pk).update(filings_seen=len(filing_ids), requests_made=client.requests_made)
    if not filing_ids:
        services.ingestion_run_finish(run=run)
        return run.pk
    for filing_id in filing_ids:
        transaction.on_commit(lambda fid=filing_id: fetch_filing.delay(fid, run.pk))
    return run.pk
