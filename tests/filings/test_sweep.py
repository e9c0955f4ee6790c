"""The beat sweep takes up what dead processes, lost messages and exhausted retries left behind."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Letter
from devtools.fake_edgar.server import Fault
from filings import services
from filings.models import Filing, IndexDay, IndexDayRetry, IngestionFailure, IngestionRun, IngestionRunFiling
from filings.tasks import sweep_ingestion
from tests.plugins.fake_edgar import client_for

APPLE = 320193
APPLE_CORRESP = "0000320193-24-000061"
APPLE_UPLOAD = "0000000000-24-003505"
APPLE_CORRESP_TXT = f"/Archives/edgar/data/{APPLE}/000032019324000061/{APPLE_CORRESP}.txt"
# A process that is certainly gone: this host, a pid above any the kernel hands out.
DEAD = f"{services.process_identity().split(':')[0]}:4194305:1"


@pytest.fixture
def sweep_now(settings):  # noqa: ANN001
    settings.EDGAR_SWEEP_GRACE_SECONDS = 0
    settings.EDGAR_FETCH_RETRY_BASE_SECONDS = 0.2
    return settings


def register(accession: str, *, run: IngestionRun | None = None) -> Filing:
    filing, _ = services.filing_register(
        accession_number=accession,
        cik=APPLE,
        form_type="CORRESP" if accession == APPLE_CORRESP else "UPLOAD",
        source=Filing.Source.ACCESSION,
        run=run,
    )
    return filing


def claimed_by_the_dead(filing: Filing) -> None:
    Filing.objects.filter(pk=filing.pk).update(
        fetch_status=Filing.FetchStatus.FETCHING, claimed_at=timezone.now(), claimed_by=DEAD
    )


@pytest.mark.django_db(transaction=True)
def test_it_closes_a_run_whose_process_died_and_fetches_what_it_left(sweep_now, fake_edgar, tmp_path):
    run = services.ingestion_run_start(source=IngestionRun.Source.ACCESSION, parameters={})
    IngestionRun.objects.filter(pk=run.pk).update(owner=DEAD)
    claimed, left = register(APPLE_CORRESP, run=run), register(APPLE_UPLOAD, run=run)
    claimed_by_the_dead(claimed)

    report = services.ingestion_sweep(client=client_for(fake_edgar, tmp_path))

    run.refresh_from_db()
    assert run.status == IngestionRun.Status.FAILED and "interrupted" in run.error
    assert (report.runs_closed, report.claims_freed) == (1, 1)
    recovery = IngestionRun.objects.get(pk=report.recovery_run_id)
    assert recovery.source == IngestionRun.Source.SWEEP and recovery.status == IngestionRun.Status.SUCCEEDED
    assert recovery.filings_fetched == 2
    assert set(Filing.objects.values_list("fetch_status", flat=True)) == {Filing.FetchStatus.FETCHED}
    assert Letter.objects.filter(filing__in=[claimed, left]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_sends_a_dead_workers_filing_back_into_its_run_and_counts_it_once(sweep_now, fake_edgar, tmp_path):
    client = client_for(fake_edgar, tmp_path)
    sent: list[tuple[int, int]] = []
    run = services.ingest_accessions(
        client=client, accessions=[APPLE_CORRESP], send_fetch=lambda filing_id, run_id: sent.append((filing_id, run_id))
    )
    ((filing_id, run_id),) = sent
    claimed_by_the_dead(Filing.objects.get(pk=filing_id))  # the worker that took the message was killed

    resent: list[tuple[int, int]] = []
    report = services.ingestion_sweep(client=client, send_fetch=lambda f, r: resent.append((f, r)))
    assert resent == [(filing_id, run_id)] and report.resent == 1
    # The broker redelivers the dead worker's message too: the run counts the filing once.
    services.ingestion_run_fetch_one(client=client, filing_id=filing_id, run_id=run_id)
    services.ingestion_run_fetch_one(client=client, filing_id=filing_id, run_id=run_id)

    run.refresh_from_db()
    assert (run.filings_seen, run.filings_fetched, run.filings_skipped) == (1, 1, 0)
    assert run.status == IngestionRun.Status.SUCCEEDED


@pytest.mark.django_db(transaction=True)
def test_it_settles_a_running_runs_filing_stored_by_another_route(sweep_now, fake_edgar, tmp_path):
    client = client_for(fake_edgar, tmp_path)
    run = services.ingest_accessions(client=client, accessions=[APPLE_CORRESP], send_fetch=lambda f, r: None)
    # Fetched outside the run (the admin's "fetch again"), while the run's own message waits in the queue.
    services.ingestion_run_fetch_one(client=client, filing_id=Filing.objects.get(accession_number=APPLE_CORRESP).pk)

    report = services.ingestion_sweep(client=client)

    run.refresh_from_db()
    assert report.settled == 1 and run.status == IngestionRun.Status.SUCCEEDED
    assert (run.filings_fetched, run.filings_skipped) == (0, 1)


@pytest.mark.django_db(transaction=True)
def test_it_retries_a_transient_failure_later_each_time_then_reports_it(sweep_now, fake_edgar, tmp_path):
    sweep_now.EDGAR_FETCH_MAX_ATTEMPTS = 3
    client = client_for(fake_edgar, tmp_path, max_retries=1)
    fake_edgar.inject(Fault("503", path_contains=APPLE_CORRESP_TXT, times=100))
    services.ingest_accessions(client=client, accessions=[APPLE_CORRESP])
    delays = []
    filing = Filing.objects.get()
    for _ in range(20):
        if not filing.fetch_retryable:
            break
        delays.append((filing.retry_at - filing.updated_at).total_seconds())
        assert services.ingestion_sweep(client=client).recovery_run_id is None  # not due yet
        time.sleep(max(0.0, (filing.retry_at - timezone.now()).total_seconds()) + 0.05)
        services.ingestion_sweep(client=client)
        filing.refresh_from_db()

    assert filing.fetch_status == Filing.FetchStatus.FAILED and not filing.fetch_retryable
    assert len(delays) == 2 and delays[1] > 1.5 * delays[0]
    gave_up = IngestionFailure.objects.filter(filing=filing).order_by("pk").last()
    assert "gave up after 3 attempts" in gave_up.message and not gave_up.retryable
    # Reported and left: a further sweep does not knock again.
    fake_edgar.reset_stats()
    services.ingestion_sweep(client=client)
    assert fake_edgar.stats()["requests"] == 0


@pytest.mark.django_db(transaction=True)
def test_it_reads_a_daily_index_again_once_its_retry_is_due(sweep_now, fake_edgar, edgar_sample_dir, tmp_path):
    from tests.filings.test_ingestion import sample_correspondence

    day = max(filed for _, _, filed in sample_correspondence(edgar_sample_dir).values())
    client = client_for(fake_edgar, tmp_path, max_retries=1)
    fake_edgar.inject(Fault("503", path_contains="daily-index", times=2))
    services.ingest_daily_indexes(client=client, since=day, until=day)
    assert not IndexDay.objects.filter(date=day).exists()
    retry = IndexDayRetry.objects.get(date=day)

    time.sleep(max(0.0, (retry.retry_at - timezone.now()).total_seconds()) + 0.05)
    report = services.ingestion_sweep(client=client)

    assert IndexDay.objects.filter(date=day).exists() and not IndexDayRetry.objects.exists()
    recovery = IngestionRun.objects.get(pk=report.recovery_run_id)
    assert recovery.filings_seen == Filing.objects.filter(index_date=day).count() > 0


@pytest.mark.django_db(transaction=True)
def test_it_parses_the_letters_of_a_filing_stored_just_before_its_process_died(sweep_now, fake_edgar, tmp_path):
    client = client_for(fake_edgar, tmp_path)
    services.ingest_accessions(client=client, accessions=[APPLE_CORRESP])
    # As a kill between the storing transaction and the parse leaves it: stored, never announced.
    Letter.objects.all().delete()
    Filing.objects.update(announced_at=None)

    report = services.ingestion_sweep(client=client)

    assert report.announced == 1
    assert Letter.objects.get(filing__accession_number=APPLE_CORRESP).parse_status == Letter.ParseStatus.PARSED
    assert Filing.objects.get(accession_number=APPLE_CORRESP).announced_at is not None


@pytest.mark.django_db(transaction=True)
def test_it_leaves_alone_what_a_live_process_holds_or_a_running_run_awaits(settings, fake_edgar, tmp_path):
    settings.EDGAR_SWEEP_GRACE_SECONDS = 0
    client = client_for(fake_edgar, tmp_path)
    services.ingest_accessions(client=client, accessions=[APPLE_CORRESP], send_fetch=lambda f, r: None)
    held = register(APPLE_UPLOAD)
    assert services.filing_claim(filing=held)  # this very process: alive

    report = services.ingestion_sweep(client=client, send_fetch=lambda f, r: pytest.fail("nothing to resend"))

    assert (report.claims_freed, report.resent, report.recovery_run_id) == (0, 0, None)
    assert Filing.objects.get(pk=held.pk).fetch_status == Filing.FetchStatus.FETCHING
    assert IngestionRunFiling.objects.get().outcome == IngestionRunFiling.Outcome.AWAITED


@pytest.mark.django_db(transaction=True)
def test_it_resends_a_running_runs_filing_whose_message_outlived_the_visibility_timeout(settings, fake_edgar, tmp_path):
    settings.EDGAR_SWEEP_GRACE_SECONDS = 0
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60}
    client = client_for(fake_edgar, tmp_path)
    run = services.ingest_accessions(client=client, accessions=[APPLE_CORRESP], send_fetch=lambda f, r: None)
    long_ago = timezone.now() - timedelta(seconds=61)
    IngestionRun.objects.filter(pk=run.pk).update(dispatched_at=long_ago)
    Filing.objects.update(updated_at=long_ago)

    resent: list[tuple[int, int]] = []
    services.ingestion_sweep(client=client, send_fetch=lambda f, r: resent.append((f, r)))

    assert resent == [(Filing.objects.get().pk, run.pk)]


@pytest.mark.django_db(transaction=True)
def test_it_sweeps_from_its_beat_task(sweep_now, fake_edgar_settings):
    register(APPLE_CORRESP)
    Filing.objects.update(updated_at=timezone.now() - timedelta(seconds=5))

    report = sweep_ingestion.delay().get()

    assert report["recovery_run_id"] is not None
    assert Filing.objects.get(accession_number=APPLE_CORRESP).fetch_status == Filing.FetchStatus.FETCHED


@pytest.mark.django_db(transaction=True)
def test_it_parses_again_a_letter_a_killed_worker_left_pending_but_not_one_still_on_its_way(sweep_now, fake_edgar, tmp_path):
    client = client_for(fake_edgar, tmp_path)
    services.ingest_accessions(client=client, accessions=[APPLE_CORRESP])
    letters = Letter.objects.filter(filing__accession_number=APPLE_CORRESP)
    # Pending for less than a parse may take: its own message may still be on its way, so it is not sent twice.
    letters.update(parse_status=Letter.ParseStatus.PENDING)
    services.ingestion_sweep(client=client)
    assert letters.get().parse_status == Letter.ParseStatus.PENDING

    # As a worker killed mid-parse leaves it, longer ago than any parse lasts.
    letters.update(updated_at=timezone.now() - timedelta(seconds=sweep_now.EDGAR_FETCH_TASK_TIME_LIMIT + 60))
    services.ingestion_sweep(client=client)
    assert letters.get().parse_status == Letter.ParseStatus.PARSED
