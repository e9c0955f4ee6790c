"""The edgar_ingest command: its three forms, its summary, and resuming an interrupted backfill."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from filings import services
from filings.models import Filing, IndexDay, IngestionRun
from filings.services import runner
from tests.filings.test_ingestion import on_disk, sample_correspondence


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("edgar_ingest", *args, "--no-progress", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_it_ingests_one_accession_and_prints_a_summary(fake_edgar_settings):
    output = run_command("--accession", "0000320193-24-000061")

    assert Filing.objects.get(accession_number="0000320193-24-000061").fetch_status == Filing.FetchStatus.FETCHED
    assert "1 fetched" in output and "1 requests" in output and "0 failures" in output


@pytest.mark.django_db(transaction=True)
def test_it_ingests_a_company_by_cik(fake_edgar_settings, edgar_sample_dir):
    run_command("--cik", "1701605")

    expected = {
        a
        for a, (cik, _, _) in sample_correspondence(edgar_sample_dir).items()
        if cik == 1701605 and on_disk(edgar_sample_dir, cik, a)
    }
    fetched = set(Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHED).values_list("accession_number", flat=True))
    assert fetched == expected


@pytest.mark.django_db(transaction=True)
def test_it_reads_daily_indexes_over_a_date_range(fake_edgar_settings, edgar_sample_dir):
    rows = sample_correspondence(edgar_sample_dir)
    day = max(filed for _, _, filed in rows.values())

    output = run_command("--since", day.isoformat(), "--until", day.isoformat())

    assert IndexDay.objects.filter(date=day).exists()
    assert "failures" in output
    assert Filing.objects.filter(index_date=day).count() == sum(1 for _, _, filed in rows.values() if filed == day)


@pytest.mark.django_db
def test_it_refuses_to_run_without_a_user_agent(settings):
    settings.EDGAR_USER_AGENT = ""
    with pytest.raises(CommandError, match="EDGAR_USER_AGENT"):
        run_command("--accession", "0000320193-24-000061")


@pytest.mark.django_db(transaction=True)
def test_it_resumes_an_interrupted_backfill_where_it_stopped(fake_edgar_settings, edgar_sample_dir, fake_edgar, monkeypatch):
    rows = sample_correspondence(edgar_sample_dir)
    by_day: dict[date, int] = {}
    for _cik, _, filed in rows.values():
        by_day[filed] = by_day.get(filed, 0) + 1
    days = sorted(d for d, n in by_day.items() if n >= 2 and d.year == 2024)[:3]
    real_fetch = services.filing_fetch
    calls = {"n": 0}

    def fetch_then_interrupt(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the user pressed Ctrl-C in the middle of the backfill
        return real_fetch(**kwargs)

    monkeypatch.setattr(runner, "filing_fetch", fetch_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        run_command("--since", days[0].isoformat(), "--until", days[-1].isoformat())
    interrupted = IngestionRun.objects.get()
    assert interrupted.status == IngestionRun.Status.FAILED and "KeyboardInterrupt" in interrupted.error
    fetched_before = set(
        Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHED).values_list("accession_number", flat=True)
    )
    assert len(fetched_before) == 2

    monkeypatch.setattr(runner, "filing_fetch", real_fetch)
    fake_edgar.reset_stats()
    run_command("--since", days[0].isoformat(), "--until", days[-1].isoformat())

    paths = fake_edgar.stats()["paths"]
    # Nothing fetched before is fetched again, and every filing of those days is now stored or recorded.
    assert not any(a.replace("-", "") in p for a in fetched_before for p in paths)
    wanted = {a for a, (cik, _, filed) in rows.items() if filed in days and on_disk(edgar_sample_dir, cik, a)}
    fetched_after = set(Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHED).values_list("accession_number", flat=True))
    assert wanted <= fetched_after
