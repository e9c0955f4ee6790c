"""Every decompression the extractor does stops at a cap, whichever way the file came: an EDGAR filing
(ingestion), a private upload (intake) or a file on disk (parse_letter). A refusal is an
ExtractionError, so ingestion records a permanent failure and the batch goes on."""

from __future__ import annotations

import io
import json
import resource
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from comments.management.commands.parse_letter import parse_file
from comments.services.intake import upload_validate
from filings.extraction import ExtractionError, extract_text
from filings.models import Document
from filings.services import document_extract
from tests.comments.factories import company_make, filing_make

BOMB_BYTES = 620 * 2**20
AVERY_LETTER = "www.sec.gov/Archives/edgar/data/8818/000000000023003698/filename1.pdf"


def _refused_within(data: bytes, filename: str, match: str, *, seconds: float = 0.5, megabytes: float = 50) -> None:
    """extract_text refuses the bytes, in under so many CPU seconds and so many megabytes at its peak
    (Python's allocations, which hold every inflated byte; and the process's peak RSS, loosely)."""
    rss, cpu = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.process_time()
    with pytest.raises(ExtractionError, match=match):
        extract_text(data, filename=filename)
    assert time.process_time() - cpu < seconds
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024 < 2 * megabytes  # Linux counts KB
    tracemalloc.start()
    try:
        with pytest.raises(ExtractionError, match=match):
            extract_text(data, filename=filename)
        assert tracemalloc.get_traced_memory()[1] < megabytes * 2**20
    finally:
        tracemalloc.stop()


def _docx_bomb(unpacked: int = BOMB_BYTES) -> bytes:
    """A DOCX whose document.xml unpacks to 620 MB from under 2 MB, written without holding it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            paragraph = b"<w:p><w:r><w:t>bomb</w:t></w:r></w:p>" * (2**20 // 38)
            written = 0
            while written < unpacked:
                member.write(paragraph)
                written += len(paragraph)
    return out.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    return _docx_bomb()


def _lying(data: bytes, name: bytes, size: int) -> bytes:
    """The same zip with the central directory claiming the member unpacks to size bytes."""
    patched = bytearray(data)
    at = patched.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", patched, at + 28)[0]
        if patched[at + 46 : at + 46 + name_length] == name:
            struct.pack_into("<I", patched, at + 24, size)
            return bytes(patched)
        at = patched.find(b"PK\x01\x02", at + 4)
    raise AssertionError("member not found")


def test_it_refuses_the_620_mb_docx_in_well_under_a_second_and_in_bounded_memory(docx_bomb):
    _refused_within(docx_bomb, "response.docx", "DOCX refused as a decompression bomb: it unpacks to 650,[0-9,]+ bytes")


def test_it_refuses_a_docx_whose_header_understates_what_it_unpacks_to(docx_bomb):
    # Inflation stops at the size the directory states, and the checksum then fails.
    _refused_within(_lying(docx_bomb, b"word/document.xml", 4096), "response.docx", "corrupt DOCX: Bad CRC-32")


def test_it_refuses_a_docx_compressed_suspiciously_hard(monkeypatch):
    monkeypatch.setattr("filings.extraction.docx_text.MAX_DOCX_UNPACKED_BYTES", 10**12)
    monkeypatch.setattr("filings.extraction.docx_text.MAX_DOCX_MEMBER_BYTES", 10**12)
    with pytest.raises(ExtractionError, match="compressed over 200 to 1"):
        extract_text(_docx_bomb(unpacked=4 * 2**20), filename="response.docx")


def test_it_refuses_a_docx_of_too_many_parts():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for i in range(1001):
            archive.writestr(f"word/media/{i}.bin", b"")
    with pytest.raises(ExtractionError, match="more than 1000 parts"):
        extract_text(out.getvalue(), filename="response.docx")


def _deflated(data: bytes, times: int) -> bytes:
    """A zlib stream of data repeated so many times, made without deflating (or holding) the whole:
    after a full flush the packer starts afresh, so each repeat packs to the same bytes."""
    packer = zlib.compressobj(1)
    first = packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(times):
        checksum = zlib.adler32(data, checksum)
    return first + again * (times - 1) + packer.flush()[:-4] + struct.pack(">I", checksum)


def _pdf(*streams: bytes, packed: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF whose page draws the first Flate stream; the others are objects of their own."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    packed = [zlib.compress(s, 9) for s in streams] + list(packed)
    objects[3] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed[0]), packed[0])
    objects += [b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(p), p) for p in packed[1:]]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_small_pdf_reads_as_before():
    assert extract_text(_pdf(b"BT /F1 12 Tf 72 700 Td (Dear Sir:) Tj ET"), filename="filename1.pdf").text == "Dear Sir:"


def test_it_refuses_a_pdf_stream_that_inflates_to_600_mb_fast():
    bomb = _pdf(packed=(_deflated(b" " * 2**20, BOMB_BYTES // 2**20),))  # PDFium took 1.5 s and 626 MB over it
    _refused_within(bomb, "filename1.pdf", "PDF refused as a decompression bomb: a content stream inflates to over 2,097,152")


def test_it_refuses_a_pdf_page_of_millions_of_characters():
    # 3 MB of text-showing operators: PDFium would keep ~160 bytes for each of its 2.8 million characters.
    page = b"BT /F1 12 Tf 72 700 Td " + (b"(" + b"A" * 63 + b") Tj ") * (3 * 2**20 // 70) + b"ET"
    with pytest.raises(ExtractionError, match="a content stream inflates to over 2,097,152 bytes"):
        extract_text(_pdf(page), filename="filename1.pdf")


def test_it_refuses_a_pdf_whose_streams_together_inflate_past_the_cap(monkeypatch):
    monkeypatch.setattr("filings.extraction.pdf_text.MAX_PDF_INFLATED_BYTES", 8 * 2**20)
    streams = [b"BT /F1 12 Tf 72 700 Td (Dear Sir:) Tj ET"] + [b"%" * (2 * 2**20 - 1)] * 5
    with pytest.raises(ExtractionError, match="its streams inflate to over 8,388,608 bytes"):
        extract_text(_pdf(*streams), filename="filename1.pdf")


def test_it_refuses_a_pdf_of_more_pages_than_the_cap(edgar_sample_dir, monkeypatch):
    monkeypatch.setattr("filings.extraction.pdf_text.MAX_PDF_PAGES", 1)
    with pytest.raises(ExtractionError, match="PDF has 2 pages, over the 1-page cap"):
        extract_text((edgar_sample_dir / AVERY_LETTER).read_bytes(), filename="filename1.pdf")


@pytest.mark.parametrize(
    "filename,data",
    [
        ("filename1.pdf", None),
        ("filename1.htm", b"<html><body>" + b"<p>We note your revenue.</p>" * 400 + b"</body></html>"),
        ("filename1.txt", b"We note your revenue.\n" * 400),
    ],
    ids=["pdf", "html", "text"],
)
def test_it_refuses_more_text_than_the_cap(filename, data, edgar_sample_dir, monkeypatch):
    monkeypatch.setattr("filings.extraction.text.MAX_TEXT_CHARS", 1000)
    data = data or (edgar_sample_dir / AVERY_LETTER).read_bytes()
    with pytest.raises(ExtractionError, match="over 1,000 characters of text"):
        extract_text(data, filename=filename)


def test_it_refuses_a_document_over_the_size_cap(monkeypatch):
    monkeypatch.setattr("filings.extraction.MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(ExtractionError, match="document is 1,001 bytes, over the 1,000-byte cap"):
        extract_text(b"a" * 1001, filename="filename1.htm")


# ---------------------------------------------------------------- the same bomb through every path


@pytest.mark.django_db
def test_ingestion_records_the_bomb_as_a_failed_extraction(docx_bomb):
    filing = filing_make(company=company_make(), form_type="CORRESP")
    cpu = time.process_time()
    draft = document_extract(
        filing=filing, sequence=1, type="CORRESP", filename="response.docx", description="", content=docx_bomb
    )
    assert time.process_time() - cpu < 1
    assert draft.extraction_status == Document.ExtractionStatus.FAILED
    assert "decompression bomb" in draft.extraction_error and draft.text == ""


def test_intake_refuses_the_bomb_before_storing_anything(docx_bomb):
    cpu = time.process_time()
    with pytest.raises(ValidationError, match="unpacks to"):
        upload_validate(uploaded_file=SimpleUploadedFile("response.docx", docx_bomb))
    assert time.process_time() - cpu < 1


def test_parse_letter_reports_the_bomb_and_goes_on(docx_bomb, tmp_path, edgar_sample_dir):
    bomb = tmp_path / "response.docx"
    bomb.write_bytes(docx_bomb)
    cpu = time.process_time()
    bad, good = parse_file(bomb, form="CORRESP"), parse_file(edgar_sample_dir / AVERY_LETTER, form="UPLOAD")
    assert time.process_time() - cpu < 2
    assert "ExtractionError" in bad["error"] and "decompression bomb" in bad["error"]
    assert "error" not in good
    json.dumps(bad)  # printable as the command's JSON line


def test_it_refuses_an_xml_part_too_large_for_a_letter(monkeypatch):
    monkeypatch.setattr("filings.extraction.docx_text.MAX_DOCX_XML_BYTES", 2**20)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"".join(b"<w:p><w:t>%d</w:t></w:p>" % i for i in range(60_000)))
    with pytest.raises(ExtractionError, match="part 'word/document.xml' unpacks to over 1,048,576 bytes"):
        extract_text(out.getvalue(), filename="response.docx")
