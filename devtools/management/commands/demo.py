"""Bring the demo up: write a synthetic EDGAR mirror, serve it with the fake EDGAR on 127.0.0.1,
run the scheduled ingestion against it, and create a demo login.

Everything it ingests is synthetic: the project ships no real EDGAR documents.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from devtools.fake_edgar.server import FakeEdgar
from devtools.synthetic import generate_mirror
from filings.models import Company, Filing, IngestionRun
from filings.tasks import poll_daily_index, sync_watchlist


class Command(BaseCommand):
    help = "Write synthetic correspondence, serve it as a fake EDGAR, ingest it, and create a demo login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--companies", type=int, default=8)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--mirror", type=Path, default=None, help="where to write the mirror (default var/demo-mirror)")
        parser.add_argument("--username", default="demo")

    def handle(self, *args: object, **options: object) -> None:
        mirror: Path = options["mirror"] or settings.VAR_DIR / "demo-mirror"
        if not (mirror / "ground_truth.json").exists():
            summary = generate_mirror(out_dir=mirror, companies=options["companies"], seed=options["seed"])
            self.stdout.write(f"Wrote a synthetic mirror: {summary.companies} companies, {summary.letters} letters in {mirror}")
        truth = json.loads((mirror / "ground_truth.json").read_text())
        days = sorted(date.fromisoformat(row["letter_date"]) for row in truth if row.get("letter_date"))
        ciks = sorted({int(row["cik"]) for row in truth})

        with FakeEdgar(mirror) as fake:
            self.stdout.write(f"Fake EDGAR serving {mirror} at {fake.url}")
            settings.EDGAR_ARCHIVES_URL = fake.archives_url
            settings.EDGAR_DATA_URL = fake.data_url
            if not settings.EDGAR_USER_AGENT:
                settings.EDGAR_USER_AGENT = os.environ.get("EDGAR_USER_AGENT", "Comment Letters Demo demo@example.com")
            # The same tasks beat runs in production, run here in-process (no broker).
            Company.objects.filter(cik__in=ciks).update(watched=True)
            for cik in ciks:
                Company.objects.get_or_create(cik=cik, defaults={"watched": True})
            sync_watchlist.delay()
            if days:
                poll_daily_index.delay(since=days[-1].replace(day=1).isoformat(), until=days[-1].isoformat())
            stats = fake.stats()

        runs = IngestionRun.objects.order_by("pk")
        for run in runs:
            self.stdout.write(
                f"  {run}: {run.filings_fetched} fetched, {run.documents_stored} documents, "
                f"{run.failures_count} failures, {run.requests_made} requests"
            )
        self.stdout.write(
            f"Ingested {Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHED).count()} filings; "
            f"the fake EDGAR answered {stats['requests']} requests, at most {stats['max_in_any_second']} in any second."
        )

        User = get_user_model()
        password = secrets.token_urlsafe(9)
        user, _ = User.objects.get_or_create(username=options["username"], defaults={"is_staff": True, "is_superuser": True})
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(self.style.SUCCESS(f"\nOpen http://127.0.0.1:8000/ and log in as {user.username} / {password}\n"))
