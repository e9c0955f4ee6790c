"""End to end through a real Celery worker process and a real Redis broker (CI's PostgreSQL pass).

Skipped unless TEST_CELERY_BROKER_URL is set and the database is one another process can share.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from filings.models import Filing, IngestionRun

BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "")
REPO = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not BROKER, reason="needs TEST_CELERY_BROKER_URL (a Redis broker); CI sets it"),
]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(fake_edgar, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database server it can share with the test")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER,
        "EDGAR_ARCHIVES_URL": fake_edgar.archives_url,
        "EDGAR_DATA_URL": fake_edgar.data_url,
        "EDGAR_USER_AGENT": "Comment Letters Worker Test tests@example.com",
        "EDGAR_CACHE_DIR": str(tmp_path / "cache"),
        "EDGAR_BACKOFF_BASE": "0.05",
        "EDGAR_RATE_BLOCK_SECONDS": "0.5",
        "VAR_DIR": str(tmp_path / "var"),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--concurrency=2",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=REPO,
        env=env,
        stdout=(tmp_path / "worker.log").open("wb"),  # noqa: SIM115 - the worker writes to it until the fixture ends
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def busiest_day(sample: Path) -> date:
    counts: dict[str, int] = {}
    for path in (sample / "data.sec.gov" / "submissions").glob("CIK??????????.json"):
        recent = json.loads(path.read_text())["filings"]["recent"]
        for form, filed, accession in zip(recent["form"], recent["filingDate"], recent["accessionNumber"]):
            cik = path.name[3:13].lstrip("0")
            folder = sample / "www.sec.gov/Archives/edgar/data" / cik / accession.replace("-", "")
            if form in {"CORRESP", "UPLOAD"} and folder.is_dir():
                counts[filed] = counts.get(filed, 0) + 1
    return date.fromisoformat(max(counts, key=lambda d: (counts[d], d)))


@pytest.mark.django_db(transaction=True)
def test_it_ingests_the_daily_index_through_a_worker(worker, fake_edgar, edgar_sample_dir):
    day = busiest_day(edgar_sample_dir)

    # The test is only a producer, as beat is in production: the worker process does the work.
    # Not the current app, or every later test's tasks would go to this broker instead of running eagerly.
    producer = Celery(broker=BROKER, set_as_current=False)
    producer.send_task("filings.tasks.poll_daily_index", kwargs={"since": day.isoformat(), "until": day.isoformat()})

    deadline = time.monotonic() + 180
    run = None
    while time.monotonic() < deadline:
        run = IngestionRun.objects.filter(finished_at__isnull=False).first()
        if run is not None:
            break
        time.sleep(0.5)
    assert run is not None, "the worker did not finish the run in time"
    fetched = Filing.objects.filter(index_date=day, fetch_status=Filing.FetchStatus.FETCHED)
    assert fetched.count() >= 2
    assert run.filings_fetched == fetched.count()
    assert fake_edgar.stats()["max_in_any_second"] <= 10
