"""The Celery tasks beat runs, executed in-process (the embedded default has no broker)."""

from __future__ import annotations

import pytest

from filings.models import Company, Filing, IngestionRun
from filings.tasks import fetch_accession, poll_daily_index, sync_watchlist
from tests.filings.test_ingestion import on_disk, sample_correspondence


@pytest.mark.django_db(transaction=True)
def test_it_polls_the_daily_index_and_closes_the_fanned_out_run(fake_edgar_settings, edgar_sample_dir):
    rows = sample_correspondence(edgar_sample_dir)
    day = max(filed for _, _, filed in rows.values())
    wanted = {a for a, (cik, _, filed) in rows.items() if filed == day and on_disk(edgar_sample_dir, cik, a)}

    run_id = poll_daily_index.delay(since=day.isoformat(), until=day.isoformat()).get()

    run = IngestionRun.objects.get(pk=run_id)
    assert run.finished_at is not None and run.status == IngestionRun.Status.SUCCEEDED
    assert run.filings_fetched == len(wanted) > 0
    assert (
        set(Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHED).values_list("accession_number", flat=True)) == wanted
    )
    assert run.requests_made >= len(wanted) + 1


@pytest.mark.django_db(transaction=True)
def test_it_changes_nothing_when_the_same_poll_runs_twice(fake_edgar_settings, edgar_sample_dir, fake_edgar):
    day = max(filed for _, _, filed in sample_correspondence(edgar_sample_dir).values())
    poll_daily_index.delay(since=day.isoformat(), until=day.isoformat())
    fake_edgar.reset_stats()

    again = IngestionRun.objects.get(pk=poll_daily_index.delay(since=day.isoformat(), until=day.isoformat()).get())

    assert again.filings_seen == 0 and again.status == IngestionRun.Status.SUCCEEDED
    assert fake_edgar.stats()["requests"] == 0


@pytest.mark.django_db(transaction=True)
def test_it_syncs_the_watched_companies(fake_edgar_settings, edgar_sample_dir):
    Company.objects.create(cik=1692819, watched=True)
    Company.objects.create(cik=1701605, watched=False)

    run = IngestionRun.objects.get(pk=sync_watchlist.delay().get())

    companies = set(Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHED).values_list("companies__cik", flat=True))
    assert companies == {1692819}
    assert run.finished_at is not None and run.filings_fetched > 5


@pytest.mark.django_db(transaction=True)
def test_it_fetches_one_accession_by_task(fake_edgar_settings):
    run = IngestionRun.objects.get(pk=fetch_accession.delay("0000000000-26-001655", cik=1875558).get())

    filing = Filing.objects.get(accession_number="0000000000-26-001655")
    assert run.status == IngestionRun.Status.SUCCEEDED
    assert filing.form_type == "UPLOAD" and filing.fetch_status == Filing.FetchStatus.FETCHED


def test_it_sets_the_brokers_visibility_timeout_above_every_tasks_time_limit(settings):
    from config.celery import app

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    limits = {
        name: task.time_limit or app.conf.task_time_limit for name, task in app.tasks.items() if not name.startswith("celery.")
    }

    assert limits and all(limit and limit < visibility for limit in limits.values()), (visibility, limits)
    assert settings.CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT > 0


def test_it_schedules_the_sweep_every_day_of_the_week(settings):
    from config.celery import app

    app.loader.import_default_modules()
    schedule = {entry["task"]: entry for entry in app.conf.beat_schedule.values()}

    sweep = schedule["filings.tasks.sweep_ingestion"]
    assert float(sweep["schedule"]) == settings.EDGAR_SWEEP_INTERVAL_SECONDS
