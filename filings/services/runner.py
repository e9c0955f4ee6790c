"""Whole runs: the edgar_ingest command and the beat tasks both run ingestion through here.

A run is discovery (shared by every entry point), then one fetch per found filing. The only
choice an entry point makes is how a fetch is dispatched: here, one after another (the command),
or through `send_fetch(filing_id, run_id)` on commit (the beat tasks pass `fetch_filing.delay`).
Either way each fetch goes through ingestion_run_fetch_one, and the run closes when its last
filing has an outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from django.db import transaction

from filings.edgar.client import EdgarClient
from filings.models import Filing, IngestionFailure, IngestionRun, IngestionRunFiling
from filings.services.budget import rate_budget_check
from filings.services.discovery import (
    accessions_discover,
    index_days_discover,
    index_days_retry_discover,
    index_days_window,
    watchlist_ciks,
    watchlist_discover,
)
from filings.services.fetch import FetchOutcome, filing_fetch
from filings.services.registry import filings_to_retry
from filings.services.runs import (
    ingestion_failure_record,
    ingestion_run_count,
    ingestion_run_dispatched,
    ingestion_run_fail,
    ingestion_run_finish_if_done,
    ingestion_run_found,
    ingestion_run_outcome,
    ingestion_run_start,
    ingestion_run_stop_reason,
)

Progress = Callable[[int, int], None]
# Called with (filing_id, run_id) once the run's discovery has committed.
FetchSender = Callable[[int, int], object]


def ingest_daily_indexes(
    *,
    client: EdgarClient,
    since: date | None = None,
    until: date | None = None,
    kind: str = "form",
    retry_failed: bool = False,
    progress: Progress | None = None,
    send_fetch: FetchSender | None = None,
) -> IngestionRun:
    """Read the daily indexes from since to until (default: the days not read yet, to today) and fetch what they list.

    retry_failed adds the filings whose fetch failed in the last week for a reason a retry can help.
    """
    since, until = index_days_window(since=since, until=until)
    run = ingestion_run_start(
        source=IngestionRun.Source.DAILY_INDEX,
        parameters={"since": since.isoformat(), "until": until.isoformat(), "kind": kind},
    )

    def discover() -> list[Filing]:
        found = index_days_discover(client=client, since=since, until=until, kind=kind, run=run)
        return found + filings_to_retry() if retry_failed else found

    return _run(run=run, client=client, discover=discover, progress=progress, send_fetch=send_fetch)


def ingest_watchlist(
    *,
    client: EdgarClient,
    ciks: list[int] | None = None,
    progress: Progress | None = None,
    send_fetch: FetchSender | None = None,
) -> IngestionRun:
    """Read these companies' submissions JSON (default: the watchlist) and fetch their correspondence."""
    ciks = watchlist_ciks() if ciks is None else ciks
    run = ingestion_run_start(source=IngestionRun.Source.WATCHLIST, parameters={"ciks": ciks})
    return _run(
        run=run,
        client=client,
        discover=lambda: watchlist_discover(client=client, ciks=ciks, run=run),
        progress=progress,
        send_fetch=send_fetch,
    )


def ingest_accessions(
    *,
    client: EdgarClient,
    accessions: list[str],
    cik: int | None = None,
    progress: Progress | None = None,
    send_fetch: FetchSender | None = None,
) -> IngestionRun:
    run = ingestion_run_start(source=IngestionRun.Source.ACCESSION, parameters={"accessions": accessions, "cik": cik})
    return _run(
        run=run,
        client=client,
        discover=lambda: accessions_discover(accessions=accessions, cik=cik, run=run),
        progress=progress,
        send_fetch=send_fetch,
    )


def ingest_recovery(
    *, client: EdgarClient, filings: list[Filing], parameters: dict, send_fetch: FetchSender | None = None
) -> IngestionRun:
    """The sweep's own run: filings no live process or running run will fetch, and daily indexes due a new read."""
    run = ingestion_run_start(source=IngestionRun.Source.SWEEP, parameters=parameters)
    return _run(
        run=run,
        client=client,
        discover=lambda: filings + index_days_retry_discover(client=client, run=run),
        progress=None,
        send_fetch=send_fetch,
    )


def _run(
    *,
    run: IngestionRun,
    client: EdgarClient,
    discover: Callable[[], list[Filing]],
    progress: Progress | None,
    send_fetch: FetchSender | None,
) -> IngestionRun:
    try:
        rate_budget_check(client=client)
        before = client.requests_made
        try:
            # A filing listed twice (on two index days, by two companies) is fetched once.
            found = list({filing.pk: filing for filing in discover()}.values())
        finally:
            ingestion_run_count(run_id=run.pk, requests_made=client.requests_made - before)
        # Recorded before any fetch is sent, so the first fetch to finish cannot close the run early.
        ingestion_run_found(run_id=run.pk, filing_ids=[filing.pk for filing in found])
        for done, filing in enumerate(found, start=1):
            if send_fetch is None:
                ingestion_run_fetch_one(client=client, filing_id=filing.pk, run_id=run.pk)
                if progress:
                    progress(done, len(found))
            else:
                transaction.on_commit(partial(send_fetch, filing.pk, run.pk))
        ingestion_run_dispatched(run_id=run.pk)
    except BaseException as exc:
        # Interrupted (Ctrl-C, SIGTERM, a crash): what is stored stays; the next run resumes after it.
        ingestion_run_fail(run_id=run.pk, error=ingestion_run_stop_reason(exc))
        raise
    ingestion_run_finish_if_done(run_id=run.pk)
    run.refresh_from_db()
    return run


def ingestion_run_fetch_one(*, client: EdgarClient, filing_id: int, run_id: int | None = None) -> FetchOutcome | None:
    """Fetch one filing of a run, count its outcome into the run, and close the run if it was the last."""
    rate_budget_check(client=client)
    filing = Filing.objects.filter(pk=filing_id).first()
    run = IngestionRun.objects.filter(pk=run_id).first() if run_id else None
    try:
        if filing is None:
            if run is not None:
                # Deleted since it was found: nothing to do.
                ingestion_run_outcome(run_id=run.pk, filing_id=filing_id, outcome=IngestionRunFiling.Outcome.SKIPPED)
            return None
        return _fetch_counted(client=client, filing=filing, run=run)
    finally:
        if run is not None:
            ingestion_run_finish_if_done(run_id=run.pk)


def _fetch_counted(*, client: EdgarClient, filing: Filing, run: IngestionRun | None) -> FetchOutcome:
    run_id = run.pk if run is not None else None
    before = client.requests_made
    try:
        outcome = filing_fetch(client=client, filing=filing, run=run)
    except Exception as exc:
        # A bug or a broken database, not EDGAR: record it so the run still closes, and let the task fail.
        ingestion_failure_record(
            run=run, stage=IngestionFailure.Stage.FETCH, item=filing.accession_number, error=exc, filing=filing
        )
        ingestion_run_outcome(run_id=run_id, filing_id=filing.pk, outcome=IngestionRunFiling.Outcome.FAILED)
        raise
    finally:
        ingestion_run_count(run_id=run_id, requests_made=client.requests_made - before)
    ingestion_run_outcome(
        run_id=run_id,
        filing_id=filing.pk,
        outcome=_outcome_kind(outcome),
        documents=outcome.documents,
        reclaimed=outcome.reclaimed,
    )
    return outcome


def _outcome_kind(outcome: FetchOutcome) -> str:
    if outcome.fetched:
        return IngestionRunFiling.Outcome.FETCHED
    if outcome.failed:
        return IngestionRunFiling.Outcome.FAILED
    return IngestionRunFiling.Outcome.BUSY if outcome.busy else IngestionRunFiling.Outcome.SKIPPED
