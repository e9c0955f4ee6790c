"""Kill test: a backfill through a real Celery worker (and its beat) on PostgreSQL and Redis has its worker
killed with SIGKILL twice at random points, and restarted each time. It ends equal to a clean run, with
nothing left fetching or pending, within a bounded time after the last restart.

The test sets short time limits, so recovery (the beat sweep, the broker's visibility timeout) takes
seconds here where it takes minutes in production. Skipped unless TEST_CELERY_BROKER_URL is set and
the database is one another process can share (CI's PostgreSQL pass).
"""

from __future__ import annotations

import difflib
import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.core.management import call_command
from django.db import connection

from comments.models import Letter
from devtools.synthetic import generate_mirror
from filings.models import Filing, IngestionRun
from tests.plugins.fake_edgar import use_fake_edgar

BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "")
REPO = Path(__file__).resolve().parent.parent
# After the last restart, everything must be done within this (the test's timeouts are a few seconds).
SETTLE_SECONDS = 150

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not BROKER, reason="needs TEST_CELERY_BROKER_URL (a Redis broker); CI sets it"),
    pytest.mark.django_db(transaction=True),
]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def mirror(tmp_path: Path) -> tuple[Path, list[int]]:
    root = tmp_path / "mirror"
    generate_mirror(out_dir=root, companies=3, seed=11, start_year=2023, end_year=2024)
    ciks = sorted(int(p.name[3:13]) for p in (root / "data.sec.gov" / "submissions").glob("CIK??????????.json"))
    return root, ciks


@pytest.fixture
def clean_broker():
    # What a killed worker left unacknowledged must not reach the next test's worker.
    broker = redis.Redis.from_url(BROKER)
    broker.flushdb()
    yield
    broker.flushdb()


def snapshot() -> str:
    out = io.StringIO()
    call_command("snapshot", stdout=out)
    return out.getvalue()


class Worker:
    """A Celery worker with embedded beat, in a process group of its own so one signal kills all of it."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.proc = env, log, None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-B",
                "--concurrency=2",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--schedule",
                str(self.log.parent / "beat-schedule"),
            ],
            cwd=REPO,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        # As `docker kill` does to a container: the worker, its pool processes and beat, all at once.
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


def wait_until(condition, *, timeout: float) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def unfinished() -> dict[str, int]:
    return {
        "filings pending or fetching": Filing.objects.filter(
            fetch_status__in=[Filing.FetchStatus.PENDING, Filing.FetchStatus.FETCHING]
        ).count(),
        "filings failed, to retry": Filing.objects.filter(fetch_status=Filing.FetchStatus.FAILED, fetch_retryable=True).count(),
        "letters pending": Letter.objects.filter(parse_status=Letter.ParseStatus.PENDING).count(),
        "runs running": IngestionRun.objects.filter(status=IngestionRun.Status.RUNNING).count(),
    }


def test_it_ends_a_backfill_whose_worker_was_killed_twice_equal_to_a_clean_run(
    settings, fake_edgar_factory, mirror, clean_broker, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database server it can share with the test")
    root, ciks = mirror
    fake = fake_edgar_factory(root, rate_limit=10)
    use_fake_edgar(settings, fake, cache_dir=tmp_path / "clean-cache")
    settings.VAR_DIR, settings.REDIS_URL = tmp_path / "clean-var", ""
    call_command("edgar_ingest", "--cik", *map(str, ciks), "--no-progress", stdout=io.StringIO())
    clean = snapshot()
    letters = Letter.objects.count()
    assert letters > 20
    call_command("flush", interactive=False, verbosity=0)
    fake.reset()

    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER,
        "REDIS_URL": os.environ.get("REDIS_URL") or BROKER,
        "EDGAR_ARCHIVES_URL": fake.archives_url,
        "EDGAR_DATA_URL": fake.data_url,
        "EDGAR_USER_AGENT": "Comment Letters Kill Test tests@example.com",
        "EDGAR_CACHE_DIR": str(tmp_path / "worker-cache"),
        "EDGAR_BACKOFF_BASE": "0.05",
        "EDGAR_RATE_BLOCK_SECONDS": "0.5",
        "EDGAR_WATCHLIST": ",".join(map(str, ciks)),
        # Short limits: a claim goes stale, a message comes back, the sweep runs, all within seconds.
        "EDGAR_FETCH_TASK_TIME_LIMIT": "20",
        "CELERY_TASK_TIME_LIMIT": "20",
        "CELERY_TASK_SOFT_TIME_LIMIT": "18",
        "CELERY_VISIBILITY_TIMEOUT": "25",
        "EDGAR_SWEEP_INTERVAL_SECONDS": "2",
        "EDGAR_SWEEP_GRACE_SECONDS": "3",
        "EDGAR_FETCH_RETRY_BASE_SECONDS": "1",
        "VAR_DIR": str(tmp_path / "worker-var"),
    }
    worker = Worker(env, tmp_path / "worker.log")
    rng = random.Random(os.environ.get("KILL_TEST_SEED") or time.time_ns())
    kills: list[dict] = []
    try:
        worker.start()
        # Not the current app: the test process's own tasks stay eager, in this test and the ones after it.
        Celery(broker=BROKER, set_as_current=False).send_task("filings.tasks.sync_watchlist")
        for _ in range(2):
            # A random point once the (re)started worker is at work: discovering, fetching or parsing.
            progress = Letter.objects.count() + Filing.objects.count()
            wait_until(lambda progress=progress: Letter.objects.count() + Filing.objects.count() > progress, timeout=60)
            time.sleep(rng.uniform(0.0, 3.0))
            kills.append({"letters": Letter.objects.count(), **unfinished()})
            worker.kill()
            worker.start()
        restarted = time.monotonic()

        deadline = restarted + SETTLE_SECONDS
        while time.monotonic() < deadline:
            if Letter.objects.count() >= letters and not any(unfinished().values()) and snapshot() == clean:
                break
            time.sleep(1)
        settled_after = time.monotonic() - restarted
    finally:
        worker.stop()

    log = (tmp_path / "worker.log").read_text(errors="replace")[-4000:]
    assert not any(unfinished().values()), (kills, unfinished(), log)
    assert kills[0]["filings pending or fetching"] or kills[0]["letters pending"], f"not killed mid-work: {kills}"
    after = snapshot()
    diff = "".join(list(difflib.unified_diff(clean.splitlines(True), after.splitlines(True), "clean", "killed"))[:40])
    assert after == clean, f"kills at {kills}:\n{diff}"
    assert settled_after < SETTLE_SECONDS
    assert fake.stats()["max_in_any_second"] <= 10
