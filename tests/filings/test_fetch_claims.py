"""Fetching one filing: the claim, its age, asking for a fetch again, and no PDF work inside the storing transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from filings import services
from filings.extraction import extract_text
from filings.models import Document, Filing, IngestionRun
from filings.services import documents
from filings.tasks import fetch_filing, poll_daily_index
from tests.plugins.fake_edgar import client_for

APPLE = 320193
APPLE_UPLOAD = "0000000000-24-003505"  # a staff letter as a PDF, served as one complete submission .txt
NOT_ON_EDGAR = "0001035267-99-000001"


def pending_filing(accession: str = APPLE_UPLOAD, cik: int = APPLE) -> Filing:
    filing, _ = services.filing_register(accession_number=accession, cik=cik, form_type="", source=Filing.Source.ACCESSION)
    return filing


@pytest.mark.django_db(transaction=True)
def test_it_extracts_text_before_the_storing_transaction_opens(fake_edgar, tmp_path, monkeypatch):
    inside_a_transaction = []

    def watched_extract(*args, **kwargs):
        inside_a_transaction.append(connection.in_atomic_block)
        return extract_text(*args, **kwargs)

    monkeypatch.setattr(documents, "extract_text", watched_extract)

    outcome = services.filing_fetch(client=client_for(fake_edgar, tmp_path), filing=pending_filing())

    assert outcome.fetched
    assert inside_a_transaction and not any(inside_a_transaction)
    pdf = Document.objects.get(filing=outcome.filing, filename="filename1.pdf")
    assert pdf.extraction_status == Document.ExtractionStatus.OK and pdf.text.strip()


@pytest.mark.django_db(transaction=True)
def test_it_extracts_nothing_again_when_the_same_bytes_are_fetched_again(fake_edgar, tmp_path, monkeypatch):
    client = client_for(fake_edgar, tmp_path)
    filing = services.filing_fetch(client=client, filing=pending_filing()).filing
    stored = sorted(Document.objects.values_list("pk", "sha256", "updated_at"))
    calls = []
    monkeypatch.setattr(documents, "extract_text", lambda *a, **k: calls.append(a))

    services.filing_refetch_request(filing_ids=[filing.pk], refetch_stored=True)
    again = services.filing_fetch(client=client, filing=filing)

    assert again.fetched and calls == []
    assert sorted(Document.objects.values_list("pk", "sha256", "updated_at")) == stored


@pytest.mark.django_db(transaction=True)
def test_it_gives_up_its_claim_when_interrupted(fake_edgar, tmp_path, monkeypatch):
    filing = pending_filing()

    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("filings.services.fetch.document_extract", interrupted)
    with pytest.raises(KeyboardInterrupt):
        services.filing_fetch(client=client_for(fake_edgar, tmp_path), filing=filing)

    filing.refresh_from_db()
    assert filing.fetch_status == Filing.FetchStatus.PENDING
    assert not filing.documents.exists()
    assert services.filing_claim(filing=filing)


@pytest.mark.django_db
def test_it_retakes_a_claim_only_once_it_is_older_than_the_fetch_tasks_time_limit(settings):
    settings.EDGAR_FETCH_TASK_TIME_LIMIT = 900
    filing = pending_filing()
    assert services.filing_claim(filing=filing)
    assert not services.filing_claim(filing=filing)

    Filing.objects.filter(pk=filing.pk).update(claimed_at=timezone.now() - timedelta(seconds=890))
    assert not services.filing_claim(filing=filing)

    Filing.objects.filter(pk=filing.pk).update(claimed_at=timezone.now() - timedelta(seconds=910))
    assert services.filing_claim(filing=filing)


def test_it_limits_the_fetch_task_by_the_setting_the_claims_age_by(settings):
    assert fetch_filing.time_limit == settings.EDGAR_FETCH_TASK_TIME_LIMIT
    assert fetch_filing.soft_time_limit < fetch_filing.time_limit
    assert poll_daily_index.time_limit == settings.EDGAR_FETCH_TASK_TIME_LIMIT


@pytest.mark.django_db(transaction=True)
def test_it_tries_a_permanently_failed_filing_again_when_asked_for_by_accession(fake_edgar, tmp_path):
    client = client_for(fake_edgar, tmp_path)
    services.ingest_accessions(client=client, accessions=[NOT_ON_EDGAR])
    fake_edgar.reset_stats()

    again = services.ingest_accessions(client=client, accessions=[NOT_ON_EDGAR])

    assert (again.filings_seen, again.filings_failed) == (1, 1)
    assert fake_edgar.stats()["requests"] > 0


@pytest.mark.django_db(transaction=True)
def test_it_skips_a_stored_filing_asked_for_by_accession(fake_edgar, tmp_path):
    client = client_for(fake_edgar, tmp_path)
    services.ingest_accessions(client=client, accessions=[APPLE_UPLOAD], cik=APPLE)

    again = services.ingest_accessions(client=client, accessions=[APPLE_UPLOAD], cik=APPLE)

    assert (again.filings_seen, again.filings_fetched, again.filings_skipped, again.requests_made) == (1, 0, 1, 0)
    assert again.status == IngestionRun.Status.SUCCEEDED


@pytest.mark.django_db(transaction=True)
def test_it_fetches_a_stored_filing_again_from_the_admin(admin_client, fake_edgar_settings, tmp_path):
    services.ingest_accessions(client=client_for(fake_edgar_settings, tmp_path / "first"), accessions=[APPLE_UPLOAD], cik=APPLE)
    filing = Filing.objects.get(accession_number=APPLE_UPLOAD)
    documents_before = sorted(Document.objects.values_list("pk", "sha256"))
    fake_edgar_settings.reset_stats()

    response = admin_client.post(
        reverse("admin:filings_filing_changelist"), {"action": "fetch_again", "_selected_action": [filing.pk]}
    )

    assert response.status_code == 302
    refetched = Filing.objects.get(pk=filing.pk)
    assert refetched.fetch_status == Filing.FetchStatus.FETCHED and refetched.fetched_at > filing.fetched_at
    assert fake_edgar_settings.stats()["requests"] >= 1
    # The same bytes again: the same documents, nothing duplicated.
    assert sorted(Document.objects.values_list("pk", "sha256")) == documents_before
