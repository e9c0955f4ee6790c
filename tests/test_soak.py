"""Soak under faults: a whole-mirror backfill through 429s, 503s, slow and cut-short answers, connection
resets and malformed index rows ends, after the sweep, equal to a clean backfill by the canonical snapshot.

Also the snapshot command itself (`manage.py snapshot`), which operators use the same way.
"""

from __future__ import annotations

import difflib
import io
import json
import time
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from comments.models import Letter
from devtools.fake_edgar.server import Fault
from devtools.synthetic import generate_mirror
from filings import services
from filings.edgar.client import EdgarClient
from filings.forms import LETTER_FORMS
from filings.models import Filing, IndexDayRetry
from filings.parsers.submissions import parse_submissions_json
from tests.plugins.fake_edgar import use_fake_edgar

pytestmark = pytest.mark.django_db(transaction=True)

# A share of every path fails, each in its own way; the seeds make a run repeat the same faults.
FAULTS = [
    Fault("429", share=0.08, retry_after=0.05, seed=1),
    Fault("429", share=0.03, retry_after=2, seed=2),  # over the soak's 1 s cap: released, retried by the sweep
    Fault("503", share=0.08, times=2, seed=3),
    Fault("503", share=0.04, times=8, seed=4),  # outlasts the client's retries: failed, retried by the sweep
    Fault("slow", share=0.04, delay=0.1, seed=5),
    Fault("slow", share=0.01, delay=1.5, seed=6),  # past the client's 1 s timeout
    Fault("truncate", share=0.08, seed=7),
    Fault("reset", share=0.08, seed=8),
    Fault("malformed_index", share=0.25, seed=9),
]


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("soak") / "mirror"
    generate_mirror(out_dir=root, companies=3, seed=7, start_year=2023, end_year=2024)
    return root


def correspondence_days(root: Path) -> tuple[date, date]:
    days = [
        row.filing_date
        for path in (root / "data.sec.gov" / "submissions").glob("CIK*.json")
        for row in parse_submissions_json(path.read_bytes()).filings
        if row.form_type in LETTER_FORMS
    ]
    return min(days), max(days)


def snapshot() -> str:
    out = io.StringIO()
    call_command("snapshot", stdout=out)
    return out.getvalue()


def backfill(since: date, until: date) -> None:
    call_command(
        "edgar_ingest", "--since", since.isoformat(), "--until", until.isoformat(), "--no-progress", stdout=io.StringIO()
    )


def unfinished() -> dict[str, int]:
    return {
        "pending or fetching": Filing.objects.filter(
            fetch_status__in=[Filing.FetchStatus.PENDING, Filing.FetchStatus.FETCHING]
        ).count(),
        "failed, to retry": Filing.objects.filter(fetch_status=Filing.FetchStatus.FAILED, fetch_retryable=True).count(),
        "index days to read again": IndexDayRetry.objects.filter(retry_at__isnull=False).count(),
        "letters pending": Letter.objects.filter(parse_status=Letter.ParseStatus.PENDING).count(),
    }


@pytest.mark.slow
def test_it_ends_a_backfill_under_faults_equal_to_a_clean_one(settings, fake_edgar_factory, mirror, tmp_path):
    since, until = correspondence_days(mirror)
    fake = fake_edgar_factory(mirror, rate_limit=None)
    use_fake_edgar(settings, fake, cache_dir=tmp_path / "clean-cache")
    settings.VAR_DIR, settings.REDIS_URL = tmp_path, ""
    settings.EDGAR_RATE_LIMIT = 200
    settings.EDGAR_TIMEOUT = 1
    settings.EDGAR_BACKOFF_BASE = 0.01
    settings.EDGAR_RETRY_AFTER_MAX_SECONDS = 1
    settings.EDGAR_FETCH_RETRY_BASE_SECONDS = 0.05
    settings.EDGAR_SWEEP_GRACE_SECONDS = 0

    backfill(since, until)
    clean = snapshot()
    assert Letter.objects.count() > 20 and not any(unfinished().values())

    call_command("flush", interactive=False, verbosity=0)
    fake.reset()
    settings.EDGAR_CACHE_DIR = tmp_path / "soak-cache"
    for fault in FAULTS:
        fake.inject(fault)
    backfill(since, until)
    left_by_the_backfill = unfinished()
    client = EdgarClient.from_settings()
    for _ in range(60):
        if not any(unfinished().values()):
            break
        time.sleep(0.1)
        services.ingestion_sweep(client=client)

    statuses = fake.stats()["by_status"]
    assert {"429", "503", "0"} <= set(statuses), statuses  # 0: connection resets
    assert left_by_the_backfill["failed, to retry"] > 0, "some faults outlasted the client's retries"
    assert not any(unfinished().values()), unfinished()
    after = snapshot()
    diff = "".join(list(difflib.unified_diff(clean.splitlines(True), after.splitlines(True), "clean", "faults"))[:60])
    assert after == clean, diff


def test_it_prints_the_same_snapshot_for_the_same_database(fake_edgar_settings):
    call_command("edgar_ingest", "--accession", "0000320193-24-000061", "--no-progress", stdout=io.StringIO())

    first, second = snapshot(), snapshot()

    assert first == second
    parsed = json.loads(first)
    assert set(parsed) == {"companies", "documents", "filings", "index_days", "letters"}
    (letter,) = [row for row in parsed["letters"] if row[0] == "0000320193-24-000061"]
    assert letter[3:7] == ["CORRESP", "company", "company_response", "parsed"]
    assert all(len(row[5]) == 64 for row in parsed["documents"])  # sha256 of each document's bytes
    # One row per line: two snapshots diff by row.
    lines = {line.strip().rstrip(",") for line in first.splitlines()}
    assert all(json.dumps(row) in lines for rows in parsed.values() for row in rows)


def test_it_exits_with_a_diff_when_the_database_no_longer_matches_a_saved_snapshot(fake_edgar_settings, tmp_path):
    saved = tmp_path / "before.json"
    call_command("snapshot", "--output", str(saved))
    call_command("edgar_ingest", "--accession", "0000320193-24-000061", "--no-progress", stdout=io.StringIO())

    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("snapshot", "--compare", str(saved), stdout=out)

    assert exited.value.code == 1
    assert '+    ["0000320193-24-000061"' in out.getvalue()
    matching = io.StringIO()
    call_command("snapshot", "--output", str(saved))
    call_command("snapshot", "--compare", str(saved), stdout=matching)
    assert "matches" in matching.getvalue()
