from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from filings.parsers.sgml import (
    FormerName,
    SgmlParseError,
    parse_complete_submission,
    parse_index_headers,
    parse_sgml_header,
    strip_sgml_wrapper,
)

DATA = Path("www.sec.gov/Archives/edgar/data")
APPLE_LETTER = DATA / "320193/000000000024003505/0000000000-24-003505.txt"
APPLE_COMPLETE = DATA / "320193/000000000024005673/0000000000-24-005673.txt"
APPLE_CORRESP = DATA / "320193/000032019324000061/0000320193-24-000061.txt"
NUVECTIS_UPLOAD = DATA / "1875558/000000000026001655/0000000000-26-001655.txt"
ACCELERATION = DATA / "1875558/000110465926017097/0001104659-26-017097.txt"


def _parse(edgar_sample_dir: Path, relative: Path | str):
    return parse_complete_submission((edgar_sample_dir / relative).read_bytes())


def test_it_reads_the_header_of_an_upload(edgar_sample_dir):
    header = _parse(edgar_sample_dir, APPLE_LETTER).header
    assert header.accession_number == "0000000000-24-003505"
    assert header.submission_type == "UPLOAD"
    assert header.public_document_count == 2
    assert header.filed_as_of == date(2024, 4, 2)
    assert header.acceptance_datetime == datetime(2024, 4, 2, 12, 36, 7)


def test_it_reads_the_public_reference_accession_number(edgar_sample_dir):
    assert _parse(edgar_sample_dir, APPLE_COMPLETE).header.public_reference_accession == "0000320193-23-000106"
    assert _parse(edgar_sample_dir, NUVECTIS_UPLOAD).header.public_reference_accession == "0001104659-26-015159"


def test_a_corresp_has_no_public_reference_accession(edgar_sample_dir):
    assert _parse(edgar_sample_dir, APPLE_CORRESP).header.public_reference_accession is None


def test_it_reads_the_filer_company_data(edgar_sample_dir):
    (filer,) = _parse(edgar_sample_dir, APPLE_LETTER).header.filers
    assert filer.role == "FILED FOR"
    assert (filer.cik, filer.name) == (320193, "Apple Inc.")
    assert (filer.sic, filer.sic_description) == ("3571", "ELECTRONIC COMPUTERS")
    assert (filer.irs_number, filer.state_of_incorporation, filer.fiscal_year_end) == ("942404110", "CA", "0928")
    assert filer.file_number == "001-36743"


def test_it_reads_former_names_with_their_change_dates(edgar_sample_dir):
    (filer,) = _parse(edgar_sample_dir, APPLE_CORRESP).header.filers
    assert filer.role == "FILER"
    assert filer.former_names == [
        FormerName(name="APPLE INC", changed=date(2007, 1, 9)),
        FormerName(name="APPLE COMPUTER INC", changed=date(1997, 8, 8)),
    ]


def test_it_reads_the_ein_field_that_replaced_irs_number(edgar_sample_dir):
    (filer,) = _parse(edgar_sample_dir, NUVECTIS_UPLOAD).header.filers
    assert (filer.cik, filer.irs_number, filer.state_of_incorporation) == (1875558, "862405608", "DE")
    assert filer.file_number == "333-293459"


def test_it_decodes_the_uuencoded_pdf_of_an_upload(edgar_sample_dir):
    documents = _parse(edgar_sample_dir, APPLE_LETTER).documents
    assert [(d.sequence, d.type, d.filename) for d in documents] == [
        (1, "LETTER", "filename1.pdf"),
        (2, "TEXT-EXTRACT", "filename2.txt"),
    ]
    pdf = documents[0].content
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_it_keeps_the_text_extract_without_its_wrapper_tags(edgar_sample_dir):
    extract = _parse(edgar_sample_dir, APPLE_LETTER).documents[1].content
    assert extract.startswith(b"United States securities and exchange commission logo")
    assert b"<TEXT>" not in extract and b"</TEXT>" not in extract


def test_every_real_upload_pdf_decodes_whole(edgar_sample_dir):
    for relative in (APPLE_LETTER, APPLE_COMPLETE, NUVECTIS_UPLOAD):
        pdf = _parse(edgar_sample_dir, relative).documents[0].content
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF"), relative


def test_it_reads_a_corresp_html_document(edgar_sample_dir):
    (document,) = _parse(edgar_sample_dir, APPLE_CORRESP).documents
    assert (document.type, document.filename) == ("CORRESP", "filename1.htm")
    assert document.content.startswith(b"<html>") and document.content.rstrip().endswith(b"</html>")


def test_it_decodes_the_graphic_of_an_acceleration_request(edgar_sample_dir):
    submission = _parse(edgar_sample_dir, ACCELERATION)
    assert submission.header.submission_type == "CORRESP"
    graphic = submission.documents[1]
    assert (graphic.sequence, graphic.type, graphic.description) == (2, "GRAPHIC", "GRAPHIC")
    assert graphic.filename == "tm266190d3_corresp-img01.jpg"
    assert graphic.content.startswith(b"\xff\xd8\xff") and graphic.content.endswith(b"\xff\xd9")


def test_it_reads_a_form_4_with_owner_and_issuer(edgar_sample_dir):
    submission = _parse(edgar_sample_dir, "odd/other-forms/0001127602-25-001055.txt")
    assert [(f.role, f.cik) for f in submission.header.filers] == [("REPORTING-OWNER", 1806647), ("ISSUER", 1750)]
    assert submission.header.period_of_report == date(2025, 1, 10)
    assert submission.documents[0].content.startswith(b"<?xml")


def test_it_strips_an_unclosed_xbrl_wrapper(edgar_sample_dir):
    submission = _parse(edgar_sample_dir, "odd/other-forms/0001564590-20-004475-minimal.txt")
    assert submission.documents[0].content.startswith(b"<?xml")


def test_it_reads_a_header_with_several_filers(edgar_sample_dir):
    text = (edgar_sample_dir / "odd/other-forms/MultipleFilersHeader.txt").read_text()
    header = parse_sgml_header(text)
    assert [(f.cik, f.file_number) for f in header.filers] == [(1396730, "333-140273-01"), (1171040, "000-50139")]
    assert header.filers[1].film_number == "231004916"


def test_a_truncated_submission_raises(edgar_sample_dir):
    data = (edgar_sample_dir / APPLE_LETTER).read_bytes()
    with pytest.raises(SgmlParseError, match="truncated"):
        parse_complete_submission(data[: len(data) // 2])


def test_garbage_raises_a_clear_error():
    with pytest.raises(SgmlParseError, match="no <SEC-HEADER>"):
        parse_complete_submission(b"<html><body>Request Rate Threshold Exceeded</body></html>")


def test_empty_bytes_raise():
    with pytest.raises(SgmlParseError, match="empty"):
        parse_complete_submission(b"")


def test_a_header_without_accession_number_raises():
    with pytest.raises(SgmlParseError, match="ACCESSION NUMBER"):
        parse_sgml_header("CONFORMED SUBMISSION TYPE:\tUPLOAD\n")


def test_strip_sgml_wrapper_returns_the_inner_document():
    wrapped = b"<DOCUMENT>\n<TYPE>CORRESP\n<SEQUENCE>1\n<FILENAME>filename1.htm\n<TEXT>\n<html>hi</html>\n</TEXT>\n</DOCUMENT>\n"
    assert strip_sgml_wrapper(wrapped) == b"<html>hi</html>"


def test_strip_sgml_wrapper_leaves_plain_html_unchanged():
    assert strip_sgml_wrapper(b"<html>hi</html>") == b"<html>hi</html>"


def test_strip_sgml_wrapper_unwraps_a_real_corresp_file(edgar_sample_dir):
    data = (edgar_sample_dir / DATA / "37996/000003799617000077/filename1.htm").read_bytes()
    inner = strip_sgml_wrapper(data)
    assert data.startswith(b"<DOCUMENT>")
    assert inner.lstrip().lower().startswith(b"<!doctype html")
    assert b"</TEXT>" not in inner


# EDGAR's -index-headers.html: the .txt's header, escaped into a <pre>. Written here, not copied from EDGAR.
INDEX_HEADERS = b"""<html><head><title>0000000000-24-000777.hdr.sgml</title></head><body><pre>
&lt;SEC-HEADER&gt;0000000000-24-000777.hdr.sgml : 20240305
&lt;ACCEPTANCE-DATETIME&gt;20240305120102
ACCESSION NUMBER:\t\t0000000000-24-000777
CONFORMED SUBMISSION TYPE:\tUPLOAD
PUBLIC DOCUMENT COUNT:\t\t1
FILED AS OF DATE:\t\t20240304
PUBLIC REFERENCE ACCESSION NUMBER:\t0000990001-23-000010

FILED FOR:

\tCOMPANY DATA:\t
\t\tCOMPANY CONFORMED NAME:\t\t\tEXAMPLE HOLDINGS INC
\t\tCENTRAL INDEX KEY:\t\t\t0000990001
\tFILING VALUES:
\t\tFORM TYPE:\t\tUPLOAD
\t\tSEC FILE NUMBER:\t333-271234
&lt;/SEC-HEADER&gt;
&lt;DOCUMENT&gt;
&lt;TYPE&gt;LETTER
&lt;SEQUENCE&gt;1
&lt;FILENAME&gt;filename1.pdf
</pre></body></html>"""

TAGGED_INDEX_HEADERS = b"""<html><body><pre>
&lt;ACCESSION-NUMBER&gt;0000990001-24-000003
&lt;TYPE&gt;CORRESP
&lt;PUBLIC-DOCUMENT-COUNT&gt;1
&lt;FILING-DATE&gt;20240306
&lt;FILER&gt;
&lt;COMPANY-DATA&gt;
&lt;CONFORMED-NAME&gt;EXAMPLE HOLDINGS INC
&lt;CIK&gt;0000990001
&lt;/COMPANY-DATA&gt;
&lt;FILING-VALUES&gt;
&lt;FILE-NUMBER&gt;001-38000
&lt;/FILING-VALUES&gt;
&lt;/FILER&gt;
</pre></body></html>"""


def test_it_reads_the_form_and_dates_from_an_index_headers_page():
    header = parse_index_headers(INDEX_HEADERS)

    assert (header.accession_number, header.submission_type) == ("0000000000-24-000777", "UPLOAD")
    assert header.filed_as_of == date(2024, 3, 4)
    assert header.acceptance_datetime == datetime(2024, 3, 5, 12, 1, 2)
    assert header.public_reference_accession == "0000990001-23-000010"
    assert [(f.cik, f.name, f.file_number) for f in header.filers] == [(990001, "EXAMPLE HOLDINGS INC", "333-271234")]


def test_it_reads_an_index_headers_page_in_the_tagged_form():
    header = parse_index_headers(TAGGED_INDEX_HEADERS)

    assert (header.accession_number, header.submission_type, header.filed_as_of) == (
        "0000990001-24-000003",
        "CORRESP",
        date(2024, 3, 6),
    )
    assert [(f.cik, f.name, f.file_number) for f in header.filers] == [(990001, "EXAMPLE HOLDINGS INC", "001-38000")]


def test_it_refuses_an_index_headers_page_without_an_accession_number():
    with pytest.raises(SgmlParseError):
        parse_index_headers(b"<html><body><pre>nothing of EDGAR's</pre></body></html>")
