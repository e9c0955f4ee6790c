"""Bad input ends in a clear recorded failure; nothing stored is lost or duplicated; the batch goes on."""

from __future__ import annotations

import pytest
from django.test import override_settings

from devtools.synthetic.pdf import render_pdf
from filings import services
from filings.edgar.ratelimit import FileRateLimiter
from filings.models import Document, Filing, IngestionFailure
from tests.filings.mirror import MirrorFiling, write_mirror
from tests.plugins.fake_edgar import client_for

CIK = 990001
GOOD_PDF = render_pdf([[("1. Please revise your disclosure of segment revenue.", 0)]])
CAP = 200_000


def letter(n: int, filename: str, content: bytes) -> MirrorFiling:
    return MirrorFiling(
        accession_number=f"0000990001-24-{n:06d}", form="CORRESP", filing_date="2024-03-04", documents={filename: content}
    )


BAD = {
    "html_error_page": letter(
        2, "filename1.pdf", b"<html><head><title>Error</title></head><body>Service unavailable</body></html>"
    ),
    "corrupt_pdf": letter(3, "filename1.pdf", GOOD_PDF[: len(GOOD_PDF) // 3]),
    "zero_bytes": letter(4, "response.htm", b""),
    "over_cap": letter(5, "response.txt", b"A" * (CAP + 1)),
}
GOOD = letter(1, "filename1.pdf", GOOD_PDF)
NOT_UTF8 = letter(6, "response.txt", "Re: Form 10-K \u2014 Response to comment 1. We will revise.".encode("cp1252"))


@pytest.fixture
def bad_mirror(tmp_path):
    return write_mirror(tmp_path / "mirror", cik=CIK, name="Example Bad Input Trust", filings=[GOOD, *BAD.values(), NOT_UTF8])


@pytest.fixture
def client(fake_edgar_factory, bad_mirror, tmp_path):
    fake = fake_edgar_factory(bad_mirror, rate_limit=50)
    return client_for(fake, tmp_path, rate_limiter=FileRateLimiter(tmp_path / "rate", 50))


@pytest.mark.django_db(transaction=True)
@override_settings(EDGAR_MAX_DOCUMENT_BYTES=CAP)
def test_it_records_each_bad_document_and_keeps_the_good_one(client):
    run = services.ingest_watchlist(client=client, ciks=[CIK])

    good = Document.objects.get(filing__accession_number=GOOD.accession_number)
    assert good.extraction_status == Document.ExtractionStatus.OK
    assert "segment revenue" in good.text
    messages = {}
    for name, filing in BAD.items():
        document = Document.objects.get(filing__accession_number=filing.accession_number)
        assert document.extraction_status == Document.ExtractionStatus.FAILED, name
        failure = IngestionFailure.objects.get(document=document, run=run)
        assert not failure.retryable
        messages[name] = failure.message.lower()
    assert "html" in messages["html_error_page"]
    assert "corrupt" in messages["corrupt_pdf"] or "pdf" in messages["corrupt_pdf"]
    assert "empty" in messages["zero_bytes"] or "0 bytes" in messages["zero_bytes"]
    assert "cap" in messages["over_cap"]
    assert run.failures_count == len(BAD)


@pytest.mark.django_db(transaction=True)
@override_settings(EDGAR_MAX_DOCUMENT_BYTES=CAP)
def test_it_decodes_non_utf8_text_with_a_warning(client):
    services.ingest_watchlist(client=client, ciks=[CIK])

    document = Document.objects.get(filing__accession_number=NOT_UTF8.accession_number)
    assert document.extraction_status == Document.ExtractionStatus.OK
    assert "\u2014" in document.text
    assert "not valid UTF-8" in document.extraction_error


@pytest.mark.django_db(transaction=True)
@override_settings(EDGAR_MAX_DOCUMENT_BYTES=CAP)
def test_it_duplicates_nothing_when_run_again(client):
    services.ingest_watchlist(client=client, ciks=[CIK])
    documents = sorted(Document.objects.values_list("pk", "sha256"))
    failures = IngestionFailure.objects.count()

    again = services.ingest_watchlist(client=client, ciks=[CIK])

    assert sorted(Document.objects.values_list("pk", "sha256")) == documents
    assert Filing.objects.count() == 1 + len(BAD) + 1
    assert again.failures_count == 0
    assert IngestionFailure.objects.count() == failures
