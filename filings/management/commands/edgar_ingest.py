"""Backfill correspondence from EDGAR: by date range, by company, or by accession number.

Run again after an interruption and it resumes: index days already read and filings already
stored are skipped without a request.
"""

from __future__ import annotations

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from filings import services
from filings.edgar.client import EdgarClient
from filings.edgar.errors import EdgarConfigurationError


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
        except EdgarConfigurationError as exc:
            raise CommandError(str(exc)) from exc
        progress = None if options["no_progress"] or not sys.stderr.isatty() else self._progress
        if options["since"]:
            until = options["until"] or date.today()
            if until < options["since"]:
                raise CommandError("--until is before --since")
            run = services.ingest_daily_indexes(
                client=client, since=options["since"], until=until, kind=options["index"], progress=progress
            )
        elif options["cik"]:
            run = services.ingest_watchlist(client=client, ciks=options["cik"], progress=progress)
        else:
            run = services.ingest_accessions(
                client=client, accessions=options["accession"], cik=options["accession_cik"], progress=progress
            )
        if progress:
            sys.stderr.write("\n")
        self.stdout.write(
            f"Run {run.pk} {run.status}: {run.filings_seen} filings to fetch, {run.filings_fetched} fetched, "
            f"{run.filings_skipped} already stored, {run.documents_stored} documents, "
            f"{run.failures_count} failures, {run.requests_made} requests"
        )
        for failure in run.failures.order_by("pk")[:20]:
            again = "retry may help" if failure.retryable else "permanent"
            self.stdout.write(f"  failed {failure.stage} {failure.item}: {failure.message} ({again})")
        if run.failures_count > 20:
            self.stdout.write(f"  … and {run.failures_count - 20} more; see the admin's ingestion runs")

    @staticmethod
    def _progress(done: int, total: int) -> None:
        width = 40
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} filings")
        sys.stderr.flush()
