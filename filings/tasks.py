"""Celery entry points. Thin: each one calls a service. Tasks take ids and are idempotent."""

from __future__ import annotations

import time
from datetime import date

from celery import shared_task

from filings import services
from filings.edgar.client import EdgarClient
from filings.edgar.errors import TransientEdgarError

# Long backfills are split into filings, so no single task should get near these limits. The soft
# limit leaves time to give up the filing's claim; past the hard one a claim counts as stale.
_SOFT_TIME_LIMIT, _TIME_LIMIT = services.fetch_time_limits()
TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "time_limit": _TIME_LIMIT,
    "soft_time_limit": _SOFT_TIME_LIMIT,
}
POLL_OPTIONS = {**TASK_OPTIONS, "autoretry_for": (TransientEdgarError,), "retry_backoff": 60, "max_retries": 5}


def _client() -> EdgarClient:
    # No wait on EDGAR (a Retry-After, SEC's rate block) may run past the task's own time limit.
    return EdgarClient.from_settings(deadline=time.monotonic() + services.fetch_network_seconds())


@shared_task(name="filings.tasks.poll_daily_index", **POLL_OPTIONS)
def poll_daily_index(since: str | None = None, until: str | None = None) -> int:
    """Read the daily indexes not read yet (business days) and fan out one fetch per new filing."""
    run = services.ingest_daily_indexes(
        client=_client(),
        since=date.fromisoformat(since) if since else None,
        until=date.fromisoformat(until) if until else None,
        retry_failed=True,
        send_fetch=fetch_filing.delay,
    )
    return run.pk


@shared_task(name="filings.tasks.sync_watchlist", **POLL_OPTIONS)
def sync_watchlist() -> int:
    run = services.ingest_watchlist(client=_client(), send_fetch=fetch_filing.delay)
    return run.pk


@shared_task(name="filings.tasks.fetch_accession", **TASK_OPTIONS)
def fetch_accession(accession_number: str, cik: int | None = None) -> int:
    run = services.ingest_accessions(client=_client(), accessions=[accession_number], cik=cik)
    return run.pk


@shared_task(name="filings.tasks.fetch_filing", **TASK_OPTIONS)
def fetch_filing(filing_id: int, run_id: int | None = None) -> str | None:
    outcome = services.ingestion_run_fetch_one(client=_client(), filing_id=filing_id, run_id=run_id)
    return outcome.filing.accession_number if outcome else None


@shared_task(name="filings.tasks.sweep_ingestion", **TASK_OPTIONS)
def sweep_ingestion() -> dict:
    """Beat's recovery pass: what dead workers and exhausted retries left behind is taken up again."""
    report = services.ingestion_sweep(client=_client(), send_fetch=fetch_filing.delay)
    return vars(report)
