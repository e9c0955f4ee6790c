"""The run ledger: every run leaves a record of what it found, fetched, skipped and failed, and its requests.

Each counter has one writer: the runner counts what discovery found and the requests it made, and
the per-filing step counts each fetch's outcome. Failures are counted where they are recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from filings.models import Document, Filing, IngestionFailure, IngestionRun, IngestionRunFiling
from filings.services.processes import process_identity

logger = logging.getLogger(__name__)


# A filing another live process is fetching is skipped by this run, and counted apart as well.
_OUTCOME_COUNTERS: dict[str, tuple[str, ...]] = {
    IngestionRunFiling.Outcome.FETCHED: ("filings_fetched",),
    IngestionRunFiling.Outcome.SKIPPED: ("filings_skipped",),
    IngestionRunFiling.Outcome.FAILED: ("filings_failed",),
    IngestionRunFiling.Outcome.BUSY: ("filings_skipped", "filings_busy"),
}


class IngestionInterrupted(KeyboardInterrupt):
    """A signal (SIGTERM from `timeout`, `docker stop`, a supervisor) stopped a run, as Ctrl-C does."""


def ingestion_run_start(*, source: str, parameters: dict) -> IngestionRun:
    return IngestionRun.objects.create(source=source, parameters=parameters, owner=process_identity())


def ingestion_run_found(*, run_id: int, filing_ids: Iterable[int]) -> int:
    """Record the filings a run will fetch, each awaiting its outcome, and count them as seen."""
    ids = list(dict.fromkeys(filing_ids))
    IngestionRunFiling.objects.bulk_create([IngestionRunFiling(run_id=run_id, filing_id=pk) for pk in ids], ignore_conflicts=True)
    ingestion_run_count(run_id=run_id, filings_seen=len(ids))
    return len(ids)


def ingestion_run_dispatched(*, run_id: int) -> None:
    """Discovery is over and every fetch is sent (or done): from now on the run waits only for outcomes."""
    IngestionRun.objects.filter(pk=run_id).update(dispatched_at=timezone.now())


def ingestion_run_outcome(
    *, run_id: int | None, filing_id: int, outcome: str, documents: int = 0, reclaimed: bool = False
) -> bool:
    """Count one filing's outcome into its run, once, however often it is delivered (a redelivery, a sweep).

    A filing the run did not find itself (sent to it by hand) is counted each time, as before the ledger.
    """
    if run_id is None:
        return False
    with transaction.atomic():
        entry = IngestionRunFiling.objects.filter(run_id=run_id, filing_id=filing_id)
        if not entry.filter(outcome=IngestionRunFiling.Outcome.AWAITED).update(outcome=outcome) and entry.exists():
            return False
        counters = dict.fromkeys(_OUTCOME_COUNTERS[outcome], 1)
        ingestion_run_count(run_id=run_id, **counters, documents_stored=documents, filings_reclaimed=int(reclaimed))
    return True


def ingestion_failure_record(
    *,
    run: IngestionRun | None,
    stage: str,
    item: str,
    error: BaseException | str,
    filing: Filing | None = None,
    document: Document | None = None,
) -> IngestionFailure:
    retryable = bool(getattr(error, "retryable", False))
    error_type = type(error).__name__ if isinstance(error, BaseException) else "Error"
    failure = IngestionFailure.objects.create(
        run=run,
        stage=stage,
        item=item[:500],
        filing=filing,
        document=document,
        error_type=error_type,
        message=str(error) or error_type,
        retryable=retryable,
    )
    if run is not None:
        ingestion_run_count(run_id=run.pk, failures_count=1)
    logger.warning("ingestion failure at %s for %s: %s", stage, item, error)
    return failure


def ingestion_run_count(*, run_id: int | None, **deltas: int) -> None:
    """Add to a run's counters in the database, so workers reporting into one run never overwrite each other."""
    deltas = {field: n for field, n in deltas.items() if n}
    if run_id is not None and deltas:
        IngestionRun.objects.filter(pk=run_id).update(
            heartbeat_at=timezone.now(), **{field: F(field) + n for field, n in deltas.items()}
        )


def ingestion_run_heartbeat(*, run_id: int | None) -> None:
    """A long discovery's sign of life between counts, so the sweep does not take the run for abandoned."""
    if run_id is not None:
        IngestionRun.objects.filter(pk=run_id).update(heartbeat_at=timezone.now())


def ingestion_run_finish_if_done(*, run_id: int) -> bool:
    """Close a run once every filing it found has an outcome; the last of its fetches (wherever it ran) closes it."""
    done = F("filings_fetched") + F("filings_skipped") + F("filings_failed")
    finished = IngestionRun.objects.filter(pk=run_id, status=IngestionRun.Status.RUNNING, filings_seen__lte=done).update(
        status=IngestionRun.Status.SUCCEEDED, finished_at=timezone.now()
    )
    if finished:
        IngestionRun.objects.filter(pk=run_id, failures_count__gt=0).update(status=IngestionRun.Status.PARTIAL)
    return bool(finished)


def ingestion_run_fail(*, run_id: int, error: str) -> None:
    """A run that stopped (Ctrl-C, SIGTERM, a crash): what is stored stays, and the next run resumes after it."""
    IngestionRun.objects.filter(pk=run_id, status=IngestionRun.Status.RUNNING).update(
        status=IngestionRun.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def ingestion_run_stop_reason(error: BaseException) -> str:
    """What a stopped run's record says, so that an interruption never reads as EDGAR's fault."""
    name = type(error).__name__
    if isinstance(error, KeyboardInterrupt):
        how = str(error) or "Ctrl-C (SIGINT)"
        return f"{name}: interrupted by {how}; what was stored stays, and running the same command again resumes"
    return f"{name}: {error}"
