"""A backfill stopped by kill -9, Ctrl-C or SIGTERM ends equal to a clean run after one rerun or one sweep.

The backfill runs as `edgar_ingest` in a process of its own, on the test's database, against the
fake EDGAR; the test stops it at a known point and compares the canonical snapshot afterwards.
"""

from __future__ import annotations

import io
import signal
from pathlib import Path

import pytest
from django.core.management import call_command

from comments.models import Letter
from devtools.fake_edgar.server import Fault
from filings import services
from filings.models import Filing, IngestionRun
from tests.filings.processes import child_environment, shared_database_url, start_child, wait_until  # noqa: F401
from tests.plugins.fake_edgar import client_for, use_fake_edgar

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# A company of the sample with three letters on disk, none with a complete .txt: every fetch goes through the folder.
CIK = "813672"
SLOW_SECONDS = 60


def snapshot() -> str:
    out = io.StringIO()
    call_command("snapshot", stdout=out)
    return out.getvalue()


def ingest(*args: str) -> str:
    out = io.StringIO()
    call_command("edgar_ingest", *args, "--no-progress", stdout=out)
    return out.getvalue()


@pytest.fixture
def clean(settings, fake_edgar, shared_database_url, tmp_path: Path) -> str:  # noqa: F811
    """The snapshot of a clean backfill; the database is emptied again afterwards for the test's own run."""
    use_fake_edgar(settings, fake_edgar, cache_dir=tmp_path / "clean-cache")
    settings.VAR_DIR, settings.REDIS_URL = tmp_path / "clean-var", ""
    settings.EDGAR_SWEEP_GRACE_SECONDS = 0
    ingest("--cik", CIK)
    clean_snapshot = snapshot()
    assert Letter.objects.count() == 3
    call_command("flush", interactive=False, verbosity=0)
    fake_edgar.reset()
    settings.EDGAR_CACHE_DIR = tmp_path / "rerun-cache"
    return clean_snapshot


def stop_mid_fetch(fake, database_url: str, tmp_path: Path, sig: int):  # noqa: ANN001, ANN201
    """Start the backfill in a child and send it `sig` while it waits on EDGAR for a filing it has claimed."""
    fake.inject(Fault("slow", path_contains="filename1.pdf", times=1, delay=SLOW_SECONDS))
    env = child_environment(database_url=database_url, fake=fake, var_dir=tmp_path / "child-var", EDGAR_TIMEOUT="120")
    child = start_child(["--cik", CIK, "--no-progress"], env, tmp_path / "child.log")
    try:
        wait_until(
            lambda: (
                Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHING).exists()
                and any("filename1.pdf" in path for path in fake.stats()["paths"])
            ),
            timeout=120,
            what="the child waits on EDGAR for a claimed filing",
            child=child,
        )
        child.send_signal(sig)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return child


def assert_nothing_left_unfinished() -> None:
    assert not Filing.objects.filter(fetch_status__in=[Filing.FetchStatus.FETCHING, Filing.FetchStatus.PENDING]).exists()
    assert not Letter.objects.filter(parse_status=Letter.ParseStatus.PENDING).exists()
    assert not IngestionRun.objects.filter(status=IngestionRun.Status.RUNNING).exists()


@pytest.mark.parametrize("recovery", ["rerun", "sweep"])
def test_it_recovers_a_backfill_killed_with_sigkill(recovery, clean, fake_edgar, shared_database_url, tmp_path):  # noqa: F811
    child = stop_mid_fetch(fake_edgar, shared_database_url, tmp_path, signal.SIGKILL)

    assert child.returncode == -signal.SIGKILL
    assert Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHING).count() == 1  # the dead process's claim
    if recovery == "rerun":
        output = ingest("--cik", CIK)
        assert "1 taken over from processes that died" in output, output
    else:
        services.ingestion_sweep(client=client_for(fake_edgar, tmp_path / "sweep"))

    assert_nothing_left_unfinished()
    assert snapshot() == clean


def test_it_gives_back_its_claim_and_closes_the_run_on_ctrl_c(clean, fake_edgar, shared_database_url, tmp_path):  # noqa: F811
    child = stop_mid_fetch(fake_edgar, shared_database_url, tmp_path, signal.SIGINT)

    assert child.returncode in (130, -signal.SIGINT), (tmp_path / "child.log").read_text()
    assert not Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHING).exists()
    run = IngestionRun.objects.get()
    assert run.status == IngestionRun.Status.FAILED and "interrupted by Ctrl-C" in run.error

    output = ingest("--cik", CIK)

    assert "taken over" not in output
    assert_nothing_left_unfinished()
    assert snapshot() == clean


def test_it_gives_back_its_claim_and_closes_the_run_on_sigterm(clean, fake_edgar, shared_database_url, tmp_path):  # noqa: F811
    child = stop_mid_fetch(fake_edgar, shared_database_url, tmp_path, signal.SIGTERM)

    log = (tmp_path / "child.log").read_text()
    assert child.returncode == 128 + signal.SIGTERM, log
    assert "interrupted by SIGTERM" in log and "run the same command again" in log
    assert not Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHING).exists()
    run = IngestionRun.objects.get()
    assert run.status == IngestionRun.Status.FAILED and "interrupted by SIGTERM" in run.error

    ingest("--cik", CIK)

    assert_nothing_left_unfinished()
    assert snapshot() == clean


def test_it_parses_a_letter_left_pending_by_sigterm_after_its_filing_was_stored(
    clean,
    fake_edgar,
    shared_database_url,
    tmp_path,  # noqa: F811
):
    env = child_environment(
        database_url=shared_database_url,
        fake=fake_edgar,
        var_dir=tmp_path / "child-var",
        INGEST_CHILD_SLOW_PARSE=str(SLOW_SECONDS),
    )
    child = start_child(["--cik", CIK, "--no-progress"], env, tmp_path / "child.log")
    try:
        wait_until(
            lambda: Letter.objects.filter(parse_status=Letter.ParseStatus.PENDING).exists(),
            timeout=120,
            what="a stored filing's letter waits for its parse",
            child=child,
        )
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 128 + signal.SIGTERM, (tmp_path / "child.log").read_text()
    assert IngestionRun.objects.get().status == IngestionRun.Status.FAILED
    assert Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHED, announced_at__isnull=True).count() == 1

    output = ingest("--cik", CIK)

    assert "1 stored filings left unparsed by an interrupted run were parsed" in output, output
    assert_nothing_left_unfinished()
    assert snapshot() == clean
