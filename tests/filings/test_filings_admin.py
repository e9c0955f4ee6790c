"""The admin shows what ingestion stored and what failed, with search and filters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filings.models import Company, Document, Filing, IngestionFailure, IngestionRun


@pytest.fixture
def stored(db):
    company = Company.objects.create(cik=990002, name="Harbor Point Holdings", tickers=["HPH"])
    filing = Filing.objects.create(
        accession_number="0000990002-24-000007",
        form_type="CORRESP",
        source="submissions",
        fetch_status=Filing.FetchStatus.FETCHED,
    )
    filing.companies.add(company)
    document = Document.objects.create(
        filing=filing,
        sequence=1,
        type="CORRESP",
        filename="response.htm",
        text="We respectfully advise the Staff <that> revenue is recognised at shipment.",
        extraction_status=Document.ExtractionStatus.OK,
    )
    run = IngestionRun.objects.create(
        source=IngestionRun.Source.WATCHLIST, status=IngestionRun.Status.PARTIAL, failures_count=1, requests_made=4
    )
    IngestionFailure.objects.create(
        run=run,
        stage="extract",
        item="0000990002-24-000008/filename1.pdf",
        error_type="ExtractionError",
        message="corrupt PDF: no trailer",
    )
    return company, filing, document, run


@pytest.mark.parametrize("model", ["company", "filing", "document", "ingestionrun", "ingestionfailure", "indexday"])
def test_it_lists_every_ingestion_model_with_search(admin_client, stored, model):
    response = admin_client.get(reverse(f"admin:filings_{model}_changelist"), {"q": "Harbor"})
    assert response.status_code == 200


def test_it_finds_a_filing_by_company_name(admin_client, stored):
    response = admin_client.get(reverse("admin:filings_filing_changelist"), {"q": "Harbor Point"})
    assert b"0000990002-24-000007" in response.content


def test_it_filters_filings_by_fetch_status(admin_client, stored):
    failed = admin_client.get(reverse("admin:filings_filing_changelist"), {"fetch_status__exact": "failed"})
    fetched = admin_client.get(reverse("admin:filings_filing_changelist"), {"fetch_status__exact": "fetched"})
    assert b"0000990002-24-000007" not in failed.content
    assert b"0000990002-24-000007" in fetched.content


def test_it_shows_a_documents_extracted_text_escaped(admin_client, stored):
    _, _, document, _ = stored
    response = admin_client.get(reverse("admin:filings_document_change", args=[document.pk]))
    assert b"revenue is recognised at shipment" in response.content
    assert b"&lt;that&gt;" in response.content


def test_it_shows_a_runs_failures(admin_client, stored):
    *_, run = stored
    response = admin_client.get(reverse("admin:filings_ingestionrun_change", args=[run.pk]))
    assert b"corrupt PDF: no trailer" in response.content
