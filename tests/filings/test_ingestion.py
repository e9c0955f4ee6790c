"""Ingestion over real HTTP against the project's fake EDGAR serving ../shared/edgar-sample."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from filings import services
from filings.edgar.client import EdgarClient
from filings.edgar.ratelimit import FileRateLimiter
from filings.forms import LETTER_FORMS
from filings.models import Document, Filing, IndexDay, IngestionFailure, IngestionRun
from tests.plugins.fake_edgar import client_for

# What ingestion reads: the one definition of the correspondence forms.
CORRESPONDENCE = LETTER_FORMS
# The bulk runs use a higher budget than SEC's 10/s so the suite stays quick; the fake enforces
# the same number, so "never over the limit" is still checked against what the client was given.
BULK_RATE = 100.0


def sample_correspondence(sample: Path) -> dict[str, tuple[int, str, date]]:
    """accession -> (cik, form, filing date) for every correspondence row of the sample's submissions JSON."""
    found = {}
    for path in sorted((sample / "data.sec.gov" / "submissions").glob("CIK??????????.json")):
        data = json.loads(path.read_text())
        recent = data.get("filings", {}).get("recent")
        if not recent:
            continue
        cik = int(path.name[3:13])
        for accession, form, filed in zip(recent["accessionNumber"], recent["form"], recent["filingDate"]):
            if form in CORRESPONDENCE:
                found[accession] = (cik, form, date.fromisoformat(filed))
    return found


def on_disk(sample: Path, cik: int, accession: str) -> bool:
    return (sample / "www.sec.gov" / "Archives" / "edgar" / "data" / str(cik) / accession.replace("-", "")).is_dir()


def make_client(fake, tmp_path: Path, rate: float = BULK_RATE) -> EdgarClient:
    return client_for(
        fake, tmp_path, rate_limiter=FileRateLimiter(tmp_path / "rate-limit", rate), max_retries=6, backoff_base=0.01
    )


@pytest.fixture
def bulk_fake(fake_edgar_factory, edgar_sample_dir):
    return fake_edgar_factory(edgar_sample_dir, rate_limit=BULK_RATE, rate_block_seconds=0.5)


def assert_every_correspondence_filing_ingested(sample: Path, expected: dict[str, tuple[int, str, date]]) -> None:
    filings = {f.accession_number: f for f in Filing.objects.filter(accession_number__in=expected)}
    assert set(filings) == set(expected)
    for accession, (cik, form, _) in expected.items():
        filing = filings[accession]
        if on_disk(sample, cik, accession):
            assert filing.fetch_status == Filing.FetchStatus.FETCHED, (accession, filing.fetch_error)
            assert filing.form_type == form
            assert filing.documents.exists()
        else:
            # Listed by EDGAR but not in the sample: a permanent "not on EDGAR" failure, recorded once.
            assert filing.fetch_status == Filing.FetchStatus.FAILED
            failure = IngestionFailure.objects.get(filing=filing, stage=IngestionFailure.Stage.FETCH)
            assert failure.error_type == "NotOnEdgarError" and not failure.retryable


def assert_every_document_has_text_or_a_failure() -> None:
    for document in Document.objects.filter(filing__fetch_status=Filing.FetchStatus.FETCHED).defer("content"):
        if document.extraction_status == Document.ExtractionStatus.OK:
            assert document.text.strip(), document
        elif document.extraction_status == Document.ExtractionStatus.FAILED:
            assert document.extraction_error
            assert IngestionFailure.objects.filter(document=document).exists(), document
        else:
            # Images, and SEC's text extract of a staff letter's PDF, are listed but not fetched.
            assert document.extraction_status == Document.ExtractionStatus.SKIPPED
            assert document.type in {"GRAPHIC", "TEXT-EXTRACT"}


def snapshot() -> dict:
    return {
        "filings": {f[0]: f for f in Filing.objects.values_list("pk", "accession_number", "fetch_status", "updated_at")},
        "documents": {d[0]: d for d in Document.objects.values_list("pk", "sha256", "extraction_status", "updated_at")},
        "failures": IngestionFailure.objects.count(),
    }


def assert_unchanged(before: dict) -> None:
    after = snapshot()
    changed = {k: (before["filings"].get(k), v) for k, v in after["filings"].items() if before["filings"].get(k) != v}
    assert not changed, list(changed.values())[:5]
    assert after["documents"] == before["documents"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_it_ingests_every_correspondence_filing_from_the_submissions_json(bulk_fake, edgar_sample_dir, tmp_path):
    expected = sample_correspondence(edgar_sample_dir)
    ciks = sorted({cik for cik, _, _ in expected.values()})
    client = make_client(bulk_fake, tmp_path)

    run = services.ingest_watchlist(client=client, ciks=ciks)

    assert_every_correspondence_filing_ingested(edgar_sample_dir, expected)
    assert_every_document_has_text_or_a_failure()
    assert run.requests_made == bulk_fake.stats()["requests"]
    assert bulk_fake.stats()["max_in_any_second"] <= BULK_RATE
    assert bulk_fake.stats()["rate_limited"] == 0

    # A second run changes nothing and fetches no filing again.
    before = snapshot()
    bulk_fake.reset_stats()
    again = services.ingest_watchlist(client=client, ciks=ciks)
    assert_unchanged(before)
    assert again.filings_fetched == 0 and again.documents_stored == 0
    # Only the submissions JSON (and its listed pages) is asked for again: it changes on EDGAR.
    assert all("/submissions/" in path for path in bulk_fake.stats()["paths"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_it_ingests_every_correspondence_filing_from_generated_daily_indexes(bulk_fake, edgar_sample_dir, tmp_path):
    # Days with a real index in the sample are served as EDGAR published them (by dissemination
    # date, not filing date), so they are left to the index parser's own tests.
    real_days = {
        date(int(p.name[-12:-8]), int(p.name[-8:-6]), int(p.name[-6:-4]))
        for p in (edgar_sample_dir / "www.sec.gov" / "Archives" / "edgar" / "daily-index").rglob("*.????????.idx")
    }
    expected = {a: row for a, row in sample_correspondence(edgar_sample_dir).items() if row[2] not in real_days}
    days = sorted({filed for _, _, filed in expected.values()})
    client = make_client(bulk_fake, tmp_path)

    for day in days:
        services.ingest_daily_indexes(client=client, since=day, until=day)

    assert_every_correspondence_filing_ingested(edgar_sample_dir, expected)
    assert_every_document_has_text_or_a_failure()
    assert set(IndexDay.objects.values_list("date", flat=True)) >= set(days)
    assert bulk_fake.stats()["max_in_any_second"] <= BULK_RATE

    before = snapshot()
    bulk_fake.reset_stats()
    for day in days:
        services.ingest_daily_indexes(client=client, since=day, until=day)
    assert_unchanged(before)
    # Index days already read are not asked for again; failed filings are retried at most once each.
    assert not any("daily-index" in path for path in bulk_fake.stats()["paths"])


@pytest.mark.django_db(transaction=True)
def test_it_stays_under_sec_rate_limit_of_ten_per_second(fake_edgar, edgar_sample_dir, tmp_path):
    client = make_client(fake_edgar, tmp_path, rate=10.0)

    run = services.ingest_watchlist(client=client, ciks=[1035267, 1043277, 1058290])

    stats = fake_edgar.stats()
    assert run.filings_fetched >= 3
    assert stats["requests"] >= 15
    assert stats["max_in_any_second"] <= 10
    assert stats["rate_limited"] == 0


@pytest.mark.django_db(transaction=True)
def test_it_retries_injected_faults_until_the_run_completes(fake_edgar, edgar_sample_dir, tmp_path):
    from devtools.fake_edgar.server import Fault

    fake_edgar.inject(Fault(kind="503", path_contains="/Archives/", times=3))
    fake_edgar.inject(Fault(kind="429", path_contains="/Archives/", times=2, retry_after=0.2))
    fake_edgar.inject(Fault(kind="truncate", path_contains=".pdf", times=1))
    fake_edgar.inject(Fault(kind="slow", path_contains="/submissions/", times=1, delay=0.3))
    client = make_client(fake_edgar, tmp_path, rate=10.0)

    run = services.ingest_watchlist(client=client, ciks=[1964738])

    # Every fault was retried away: what failed is only what the sample does not hold.
    assert not run.failures.filter(retryable=True).exists()
    assert set(run.failures.values_list("error_type", flat=True)) <= {"NotOnEdgarError"}
    on_disk_count = sum(
        1
        for a, (cik, _, _) in sample_correspondence(edgar_sample_dir).items()
        if cik == 1964738 and on_disk(edgar_sample_dir, cik, a)
    )
    assert run.filings_fetched == on_disk_count > 5
    assert fake_edgar.stats()["by_status"].get("503", 0) + fake_edgar.stats()["by_status"].get(503, 0) == 3


@pytest.mark.django_db(transaction=True)
def test_it_records_a_permanent_error_and_goes_on(fake_edgar, tmp_path):
    client = make_client(fake_edgar, tmp_path, rate=10.0)

    run = services.ingest_accessions(client=client, accessions=["0001035267-99-000001", "0000320193-24-000061"])

    failure = run.failures.get()
    assert failure.item == "0001035267-99-000001" and failure.error_type == "NotOnEdgarError"
    assert not failure.retryable
    assert Filing.objects.get(accession_number="0000320193-24-000061").fetch_status == Filing.FetchStatus.FETCHED
    assert run.status == IngestionRun.Status.PARTIAL


@pytest.mark.django_db(transaction=True)
def test_it_fetches_a_filing_with_one_request_when_the_complete_submission_exists(fake_edgar, tmp_path):
    client = make_client(fake_edgar, tmp_path, rate=10.0)

    run = services.ingest_accessions(client=client, accessions=["0000000000-24-003505"], cik=320193)

    filing = Filing.objects.get(accession_number="0000000000-24-003505")
    assert run.requests_made == 1
    assert filing.fetched_via == Filing.FetchedVia.COMPLETE_SUBMISSION
    assert filing.form_type == "UPLOAD"
    assert filing.public_reference_accession == "0000320193-23-000106"
    assert filing.companies.get().name == "Apple Inc."
    pdf = filing.documents.get(filename="filename1.pdf")
    assert pdf.extraction_status == Document.ExtractionStatus.OK and pdf.size > 1000


@pytest.mark.django_db(transaction=True)
def test_it_skips_a_malformed_index_row_and_records_it(fake_edgar, edgar_sample_dir, tmp_path):
    from devtools.fake_edgar.server import Fault

    expected = sample_correspondence(edgar_sample_dir)
    day = max(filed for _, _, filed in expected.values())
    fake_edgar.inject(Fault(kind="malformed_index", path_contains="daily-index", times=1))
    client = make_client(fake_edgar, tmp_path, rate=10.0)

    run = services.ingest_daily_indexes(client=client, since=day, until=day)

    index_failures = run.failures.filter(stage=IngestionFailure.Stage.INDEX)
    assert index_failures.exists()
    assert all("malformed index row" in f.message for f in index_failures)
    on_that_day = [a for a, (_, _, filed) in expected.items() if filed == day]
    assert set(Filing.objects.filter(index_date=day).values_list("accession_number", flat=True)) == set(on_that_day)


@pytest.mark.django_db(transaction=True)
def test_it_reads_the_master_index_as_well_as_the_form_index(fake_edgar, edgar_sample_dir, tmp_path):
    rows = sample_correspondence(edgar_sample_dir)
    day = max(filed for _, _, filed in rows.values())
    client = make_client(fake_edgar, tmp_path, rate=10.0)

    services.ingest_daily_indexes(client=client, since=day, until=day, kind="master")

    assert any("master." in path for path in fake_edgar.stats()["paths"])
    on_that_day = {a for a, (_, _, filed) in rows.items() if filed == day}
    assert set(Filing.objects.filter(index_date=day).values_list("accession_number", flat=True)) == on_that_day
