"""Backfill correspondence from EDGAR: by date range, by company, or by accession number.

Run again after an interruption and it resumes: index days already read and filings already
stored are skipped without a request; a filing a dead process left claimed is taken over; a
stored filing whose letters were never parsed (the process stopped in between) is parsed.
Ctrl-C or SIGTERM gives back the filing being fetched and closes the run as interrupted.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from filings import services
from filings.edgar.client import EdgarClient
from filings.edgar.errors import EdgarConfigurationError
from filings.models import IngestionRun

# What a shell reports for a process stopped by that signal.
_SIGTERM_EXIT_STATUS = 128 + signal.SIGTERM


class Command(BaseCommand):
    help = "Ingest SEC correspondence (CORRESP, UPLOAD, LETTER) from EDGAR."

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--since", type=date.fromisoformat, help="first daily index to read (YYYY-MM-DD)")
        source.add_argument("--cik", type=int, nargs="+", help="companies whose submissions JSON to read")
        source.add_argument("--accession", nargs="+", help="accession numbers to fetch")
        parser.add_argument("--until", type=date.fromisoformat, help="last daily index to read (default: today)")
        parser.add_argument("--index", choices=["form", "master"], default="form", help="which daily index to read")
        parser.add_argument("--accession-cik", type=int, help="CIK for --accession (staff letters' accessions carry none)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        try:
            client = EdgarClient.from_settings()
            # Refused before any request: a budget of its own would take this process over SEC's limit.
            services.rate_budget_check(client=client)
        except EdgarConfigurationError as exc:
            raise CommandError(str(exc)) from exc
        if options["since"] and (options["until"] or date.today()) < options["since"]:
            raise CommandError("--until is before --since")
        progress = None if options["no_progress"] or not sys.stderr.isatty() else self._progress
        # Runs a killed process left open would otherwise stay "running" for ever.
        abandoned = services.ingestion_runs_close_abandoned()
        if abandoned:
            self.stdout.write(f"Closed {abandoned} runs left running by processes that died.")
        try:
            with _interrupted_by_signals():
                run = self._ingest(client=client, options=options, progress=progress)
                # Stored filings whose letters an earlier, interrupted run never got to parse.
                announced = services.filings_announce_unannounced()
        except KeyboardInterrupt as exc:
            self._report_interrupted(exc)
            if isinstance(exc, services.IngestionInterrupted):
                raise CommandError(f"interrupted by {exc}", returncode=_SIGTERM_EXIT_STATUS) from exc
            raise
        if progress:
            sys.stderr.write("\n")
        self.stdout.write(_summary(run))
        if announced:
            self.stdout.write(f"  {announced} stored filings left unparsed by an interrupted run were parsed")
        for failure in run.failures.order_by("pk")[:20]:
            again = "retry may help" if failure.retryable else "permanent"
            self.stdout.write(f"  failed {failure.stage} {failure.item}: {failure.message} ({again})")
        if run.failures_count > 20:
            self.stdout.write(f"  … and {run.failures_count - 20} more; see the admin's ingestion runs")

    def _ingest(self, *, client: EdgarClient, options: dict, progress: services.Progress | None) -> IngestionRun:
        if options["since"]:
            return services.ingest_daily_indexes(
                client=client,
                since=options["since"],
                until=options["until"] or date.today(),
                kind=options["index"],
                progress=progress,
            )
        if options["cik"]:
            return services.ingest_watchlist(client=client, ciks=options["cik"], progress=progress)
        return services.ingest_accessions(
            client=client, accessions=options["accession"], cik=options["accession_cik"], progress=progress
        )

    def _report_interrupted(self, exc: KeyboardInterrupt) -> None:
        run = IngestionRun.objects.filter(owner=services.process_identity()).order_by("-pk").first()
        how = str(exc) or "Ctrl-C"
        if run is None:
            self.stderr.write(f"Interrupted by {how} before a run started.")
            return
        self.stderr.write(
            f"\nRun {run.pk} interrupted by {how}: {_counts(run)}. The filing being fetched was given back; "
            "run the same command again to resume."
        )

    @staticmethod
    def _progress(done: int, total: int) -> None:
        width = 40
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} filings")
        sys.stderr.flush()


def _summary(run: IngestionRun) -> str:
    return f"Run {run.pk} {run.status}: {_counts(run)}, {run.failures_count} failures, {run.requests_made} requests"


def _counts(run: IngestionRun) -> str:
    reclaimed = f" ({run.filings_reclaimed} taken over from processes that died)" if run.filings_reclaimed else ""
    busy = f", {run.filings_busy} being fetched by another process" if run.filings_busy else ""
    return (
        f"{run.filings_seen} filings to fetch, {run.filings_fetched} fetched{reclaimed}, "
        f"{run.filings_skipped - run.filings_busy} already stored{busy}, {run.documents_stored} documents"
    )


@contextmanager
def _interrupted_by_signals() -> Iterator[None]:
    """SIGINT and SIGTERM stop the run as Ctrl-C does: the claim held is given back and the run closed."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def stop(signum: int, frame: object) -> None:
        # A second signal must not cut short the cleanup the first one started.
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise services.IngestionInterrupted(signal.Signals(signum).name)

    for sig in previous:
        signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
