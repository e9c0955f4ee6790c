"""The edgar_ingest command and the beat tasks store the same database for the same mirror."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
from django.core.management import call_command

from filings.services import references
from filings.tasks import poll_daily_index, sync_watchlist
from tests.filings.snapshot import database_snapshot
from tests.filings.test_ingestion import on_disk, sample_correspondence

WATCHED_CIK = 1701605


def busiest_day(sample) -> date:
    days = Counter(filed for a, (cik, _, filed) in sample_correspondence(sample).items() if on_disk(sample, cik, a))
    return max(days, key=lambda d: (days[d], d))


def edgar_ingest(*args: str) -> None:
    call_command("edgar_ingest", *args, "--no-progress", stdout=io.StringIO())


def ingest_fresh(settings, tmp_path, name: str, ingest: Callable[[], object]) -> dict:
    """Ingest into an empty database with an empty EDGAR cache and return what was stored."""
    call_command("flush", interactive=False, verbosity=0)
    references._submissions_cache.clear()
    settings.EDGAR_CACHE_DIR = tmp_path / f"cache-{name}"
    ingest()
    return database_snapshot()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("source", ["daily index", "watchlist"])
def test_it_stores_the_same_database_by_command_and_by_beat(source, settings, fake_edgar_settings, edgar_sample_dir, tmp_path):
    day = busiest_day(edgar_sample_dir).isoformat()
    settings.EDGAR_WATCHLIST = [WATCHED_CIK]
    if source == "daily index":
        by_command = lambda: edgar_ingest("--since", day, "--until", day)  # noqa: E731
        by_beat = lambda: poll_daily_index.delay(since=day, until=day).get()  # noqa: E731
    else:
        by_command = lambda: edgar_ingest("--cik", str(WATCHED_CIK))  # noqa: E731
        by_beat = lambda: sync_watchlist.delay().get()  # noqa: E731

    command = ingest_fresh(settings, tmp_path, "command", by_command)
    beat = ingest_fresh(settings, tmp_path, "beat", by_beat)

    assert command["documents"] and command["letters"], "the mirror gave something to compare"
    for table in command:
        assert beat[table] == command[table], table
