"""The beat sweep: what dead processes, lost messages and exhausted retries left behind, taken up again.

Run every EDGAR_SWEEP_INTERVAL_SECONDS by beat, so that after a crash an operator has nothing to do:
1. A run whose process died before it had sent every fetch is closed as interrupted.
2. A claim whose process died (known on its host) or that outlived the fetch time limit is freed.
3. A running run's filings are settled: one stored meanwhile counts as skipped; one whose claim was
   freed is sent to the run again; one still awaited after the broker's visibility timeout had its
   message lost and is sent again.
4. Filings no running run will fetch (left pending by an interrupted run, a transient failure whose
   retry is due) and daily indexes due a new read go into one sweep run of their own.
5. Stored filings whose announcement was cut short are announced again, so their letters get parsed.
Each step is safe to repeat: claims and the run ledger make a filing delivered twice count once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from filings.edgar.client import EdgarClient
from filings.models import Filing, IndexDayRetry, IngestionRun, IngestionRunFiling
from filings.services.budget import rate_budget_check
from filings.services.fetch import filings_announce_unannounced
from filings.services.processes import process_is_dead
from filings.services.registry import filing_claim_free, filing_claims_dead, work_stale_before
from filings.services.runner import FetchSender, ingest_recovery, ingestion_run_fetch_one
from filings.services.runs import ingestion_run_fail, ingestion_run_finish_if_done, ingestion_run_outcome
from filings.signals import ingestion_swept

_SETTLED = (Filing.FetchStatus.FETCHED, Filing.FetchStatus.METADATA_ONLY)


@dataclass
class SweepReport:
    runs_closed: int = 0  # abandoned by a process that died while discovering
    claims_freed: int = 0  # held by processes that died
    resent: int = 0  # sent again into the running run that awaits them
    settled: int = 0  # outcomes counted for filings finished by another route
    announced: int = 0  # stored filings announced again (their letters parsed)
    recovery_run_id: int | None = None  # the sweep's own run, when there was anything for it


def ingestion_sweep(*, client: EdgarClient, send_fetch: FetchSender | None = None) -> SweepReport:
    """One pass of the sweep. send_fetch dispatches a fetch (the beat task passes fetch_filing.delay); without it, inline."""
    # Also keeps the fleet's rate-budget record fresh while it is idle.
    rate_budget_check(client=client)
    now = timezone.now()
    report = SweepReport(runs_closed=ingestion_runs_close_abandoned(now=now))
    freed = {filing.pk for filing in filing_claims_dead() if filing_claim_free(filing=filing)}
    report.claims_freed = len(freed)
    _settle_running_runs(client=client, now=now, freed=freed, send_fetch=send_fetch, report=report)
    orphans = _orphans(now=now, freed=freed)
    if orphans or IndexDayRetry.objects.filter(retry_at__lte=now).exists():
        run = ingest_recovery(
            client=client,
            filings=orphans,
            parameters={"filings": len(orphans), "claims_freed": report.claims_freed},
            send_fetch=send_fetch,
        )
        report.recovery_run_id = run.pk
    report.announced = filings_announce_unannounced(older_than_seconds=settings.EDGAR_SWEEP_GRACE_SECONDS)
    ingestion_swept.send_robust(sender=IngestionRun, swept_at=now)
    return report


def ingestion_runs_close_abandoned(*, now: datetime | None = None) -> int:
    """Close as interrupted the runs whose process died (or fell silent) before it had sent every fetch."""
    now = now or timezone.now()
    # One filing's fetch, or one index day's read, never takes longer than the fetch time limit.
    silent_since = work_stale_before(now=now)
    closed = 0
    for run in IngestionRun.objects.filter(status=IngestionRun.Status.RUNNING, dispatched_at__isnull=True):
        if (run.owner and process_is_dead(run.owner)) or (run.heartbeat_at or run.started_at) < silent_since:
            ingestion_run_fail(
                run_id=run.pk,
                error="interrupted: its process stopped before it had sent every fetch; the sweep takes up the rest",
            )
            closed += 1
    return closed


def _settle_running_runs(
    *, client: EdgarClient, now: datetime, freed: set[int], send_fetch: FetchSender | None, report: SweepReport
) -> None:
    lost_before = now - timedelta(seconds=_message_lost_after_seconds())
    # Only the entries the sweep can act on: most of a large backfill is simply waiting in the queue.
    actionable = (
        Q(filing__fetch_status__in=_SETTLED)
        | Q(filing_id__in=freed)
        | Q(run__dispatched_at__lt=lost_before, filing__updated_at__lt=lost_before)
    )
    awaited = IngestionRunFiling.objects.filter(
        actionable, outcome=IngestionRunFiling.Outcome.AWAITED, run__status=IngestionRun.Status.RUNNING
    ).select_related("filing", "run")
    for entry in awaited:
        filing, run = entry.filing, entry.run
        if filing.fetch_status in _SETTLED:
            report.settled += ingestion_run_outcome(
                run_id=run.pk, filing_id=filing.pk, outcome=IngestionRunFiling.Outcome.SKIPPED
            )
            ingestion_run_finish_if_done(run_id=run.pk)
            continue
        if run.dispatched_at is None:
            continue  # still being discovered: its fetches are not all sent yet
        lost = run.dispatched_at < lost_before and filing.updated_at < lost_before
        if filing.pk not in freed and not lost:
            continue
        if filing.fetch_status == Filing.FetchStatus.FAILED and not filing.fetch_retryable:
            report.settled += ingestion_run_outcome(run_id=run.pk, filing_id=filing.pk, outcome=IngestionRunFiling.Outcome.FAILED)
            ingestion_run_finish_if_done(run_id=run.pk)
        elif send_fetch is not None:
            send_fetch(filing.pk, run.pk)
            report.resent += 1
        else:
            ingestion_run_fetch_one(client=client, filing_id=filing.pk, run_id=run.pk)
            report.resent += 1


def _orphans(*, now: datetime, freed: set[int]) -> list[Filing]:
    """Filings nobody will fetch: no running run awaits them and no run is still discovering them."""
    untouched_since = now - timedelta(seconds=settings.EDGAR_SWEEP_GRACE_SECONDS)
    awaited_by_a_running_run = Exists(
        IngestionRunFiling.objects.filter(
            filing=OuterRef("pk"), outcome=IngestionRunFiling.Outcome.AWAITED, run__status=IngestionRun.Status.RUNNING
        )
    )
    left_pending = Q(fetch_status=Filing.FetchStatus.PENDING, updated_at__lt=untouched_since)
    retry_due = Q(fetch_status=Filing.FetchStatus.FAILED, fetch_retryable=True) & (
        Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    )
    freed_claims = Q(pk__in=freed, fetch_status=Filing.FetchStatus.PENDING)
    being_discovered = Q(last_run__status=IngestionRun.Status.RUNNING, last_run__dispatched_at__isnull=True)
    return list(
        Filing.objects.filter(left_pending | retry_due | freed_claims)
        .exclude(awaited_by_a_running_run)
        .exclude(being_discovered)
        .order_by("pk")
    )


def _message_lost_after_seconds() -> float:
    # A message Redis still holds comes back by itself after its visibility timeout; one that has not
    # by then was lost (a broker restarted without its data) and is sent again.
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    return float(options.get("visibility_timeout", 3600))
