from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest

from filings.extraction import ExtractionError, extract_text, sniff
from filings.parsers.sgml import parse_complete_submission

DATA = Path("www.sec.gov/Archives/edgar/data")
AVERY_LETTER = DATA / "8818/000000000023003698/filename1.pdf"
FORD_RESPONSE = DATA / "37996/000003799617000077/filename1.htm"
APPLE_CORRESP = DATA / "320193/000032019324000061/0000320193-24-000061.txt"
APPLE_LETTER = DATA / "320193/000000000024003505/0000000000-24-003505.txt"
NUMBERED = re.compile(r"(?m)^(\d{1,2})\. [A-Z]")


def _emphasised(extraction, kind: str) -> list[str]:
    return [extraction.text[start:end] for start, end, k in extraction.emphasis if k == kind]


def test_a_staff_letter_pdf_yields_its_numbered_comments(edgar_sample_dir):
    extraction = extract_text((edgar_sample_dir / AVERY_LETTER).read_bytes(), filename="filename1.pdf")
    assert [int(n) for n in NUMBERED.findall(extraction.text)][:2] == [1, 2]
    assert "1. Refer to your discussion of free cash flow" in extraction.text
    assert extraction.extractor.startswith("pypdfium2 ") and extraction.pages == 2


def test_pdf_text_keeps_paragraph_breaks(edgar_sample_dir):
    text = extract_text((edgar_sample_dir / AVERY_LETTER).read_bytes(), filename="filename1.pdf").text
    assert "Dear Gregory S. Lovins:\n\nWe have limited our review" in text


def test_a_decoded_upload_pdf_gives_the_same_words_as_secs_text_extract(edgar_sample_dir):
    documents = parse_complete_submission((edgar_sample_dir / APPLE_LETTER).read_bytes()).documents
    words = re.compile(r"[A-Za-z]+")
    ours = Counter(words.findall(extract_text(documents[0].content, filename=documents[0].filename).text))
    sec = Counter(words.findall(documents[1].content.decode()))
    assert ours == sec


def test_html_text_has_no_sgml_wrapper(edgar_sample_dir):
    text = extract_text((edgar_sample_dir / FORD_RESPONSE).read_bytes(), filename="filename1.htm").text
    assert text.startswith("Bob Shanks")
    assert "<TYPE>" not in text and "CORRESP" not in text[:200]


def test_html_keeps_a_numbered_comment_in_a_table_on_one_line(edgar_sample_dir):
    text = extract_text((edgar_sample_dir / FORD_RESPONSE).read_bytes(), filename="filename1.htm").text
    assert "\n1.\tIn the penultimate paragraph on page 6" in text


def test_html_records_italic_spans_where_the_letter_italicises(edgar_sample_dir):
    document = parse_complete_submission((edgar_sample_dir / APPLE_CORRESP).read_bytes()).documents[0]
    extraction = extract_text(document.content, filename=document.filename)
    restated = "1. We note your response to prior comment 1. Please describe further"
    start = extraction.text.index(restated)
    end = start + len(restated)
    assert any(s <= start and end <= e for s, e, kind in extraction.emphasis if kind == "i")
    # The company's answer that follows is not italic.
    answer = extraction.text.index("The Company respectfully advises", start)
    assert not any(s <= answer < e for s, e, kind in extraction.emphasis if kind == "i")


def test_html_records_bold_spans(edgar_sample_dir):
    extraction = extract_text((edgar_sample_dir / FORD_RESPONSE).read_bytes(), filename="filename1.htm")
    assert "Via email and EDGAR" in _emphasised(extraction, "b")


def test_html_paragraphs_become_blank_lines_and_entities_are_decoded():
    html = b"<html><head><style>p{}</style><script>var x=1;</script></head><body><p>A &amp; B</p><p>C&nbsp;D</p></body></html>"
    assert extract_text(html, filename="x.htm").text == "A & B\n\nC D"


def test_html_table_cells_are_separated_by_a_tab():
    html = b"<table><tr><td>Revenue</td><td>$</td><td>100</td></tr><tr><td>Cost</td><td>$</td><td>40</td></tr></table>"
    assert extract_text(html, filename="x.htm").text == "Revenue\t$\t100\nCost\t$\t40"


def test_css_italic_becomes_an_emphasis_span():
    html = b'<div>Comment: <font style="font-style:italic">Please revise.</font> Done.</div>'
    extraction = extract_text(html, filename="x.htm")
    assert _emphasised(extraction, "i") == ["Please revise."]


def test_zero_bytes_raise():
    with pytest.raises(ExtractionError, match=r"empty document \(0 bytes\)"):
        extract_text(b"", filename="filename1.pdf")


def test_an_html_error_page_where_a_pdf_was_expected_raises():
    page = b"<!DOCTYPE html>\n<html><head><title>Request Rate Threshold Exceeded</title></head><body>...</body></html>"
    with pytest.raises(ExtractionError, match="expected a PDF but got an HTML page"):
        extract_text(page, filename="filename1.pdf")


def test_a_truncated_pdf_raises(edgar_sample_dir):
    data = (edgar_sample_dir / AVERY_LETTER).read_bytes()
    with pytest.raises(ExtractionError, match="corrupt PDF"):
        extract_text(data[:2000], filename="filename1.pdf")


def test_an_encrypted_pdf_raises(edgar_sample_dir):
    pypdf = pytest.importorskip("pypdf", reason="pypdf writes the encrypted PDF; PDFium cannot")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO((edgar_sample_dir / AVERY_LETTER).read_bytes()))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractionError, match="PDF is encrypted"):
        extract_text(buffer.getvalue(), filename="filename1.pdf")


def test_an_image_raises():
    with pytest.raises(ExtractionError, match="no text in an image document"):
        extract_text(b"\xff\xd8\xff\xe0\x00\x10JFIF", filename="img01.jpg", doc_type="GRAPHIC")


def test_non_utf8_text_is_decoded_as_windows_1252_with_a_warning():
    extraction = extract_text("Caf\u00e9 \u201cquoted\u201d\n".encode("cp1252"), filename="filename2.txt")
    assert extraction.text == "Caf\u00e9 \u201cquoted\u201d"
    assert extraction.warnings == ["not valid UTF-8; decoded as Windows-1252"]


def test_binary_data_raises():
    with pytest.raises(ExtractionError, match="unsupported format"):
        extract_text(bytes(range(256)) * 4, filename="blob.bin")


def test_plain_text_whitespace_is_normalised_lightly():
    text = extract_text(b"Page 1  \r\n\r\n\r\n\r\n1. We note\fPage 2\n", filename="letter.txt").text
    assert text == "Page 1\n\n1. We note\n\nPage 2"


def test_a_docx_letter_gives_its_paragraphs_and_italics():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Dear Sir:")
    paragraph = document.add_paragraph()
    paragraph.add_run("1. We note your revenue.").italic = True
    document.add_paragraph("")
    document.add_paragraph("Response: We will revise.")
    buffer = io.BytesIO()
    document.save(buffer)
    extraction = extract_text(buffer.getvalue(), filename="response.docx")
    assert extraction.text == "Dear Sir:\n\n1. We note your revenue.\n\nResponse: We will revise."
    assert _emphasised(extraction, "i") == ["1. We note your revenue."]


def _docx_bytes(build) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_run_in_bold_italics_gives_both_spans():
    def build(document):
        run = document.add_paragraph().add_run("1. We note your revenue.")
        run.italic = run.bold = True

    extraction = extract_text(_docx_bytes(build), filename="response.docx")
    assert (_emphasised(extraction, "i"), _emphasised(extraction, "b")) == (
        ["1. We note your revenue."],
        ["1. We note your revenue."],
    )


def test_a_docx_span_after_a_line_break_stays_on_its_words():
    def build(document):
        paragraph = document.add_paragraph()
        paragraph.add_run("Response:   ").add_break()
        paragraph.add_run("We will revise.").italic = True

    extraction = extract_text(_docx_bytes(build), filename="response.docx")
    assert extraction.text == "Response:\nWe will revise."
    assert _emphasised(extraction, "i") == ["We will revise."]


def test_a_docx_keeps_the_words_of_a_hyperlink():
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.shared import OxmlElement, qn

    def build(document):
        paragraph = document.add_paragraph("See ")
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), paragraph.part.relate_to("https://www.sec.gov", RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
        run, words = OxmlElement("w:r"), OxmlElement("w:t")
        words.text = "the SEC's site"
        run.append(words)
        link.append(run)
        paragraph._p.append(link)
        paragraph.add_run(" for the rule.")

    assert extract_text(_docx_bytes(build), filename="response.docx").text == "See the SEC's site for the rule."


@pytest.mark.parametrize(
    "data,kind",
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xef\xbb\xbf<?xml version='1.0'?>\n<html><body>x</body></html>", "html"),
        (b"<DOCUMENT>\n<TYPE>CORRESP\n<TEXT>\n<html><p>Dear Sir</p></html>\n</TEXT>\n</DOCUMENT>", "html"),
        (b"Dear Sir:\n\nWe refer to <b>comment 1</b>.", "text"),
        (b"BMC Software, Inc.\n2101 CityWest Blvd.", "text"),
        (b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00", "image"),
        (b"MZ\x90\x00" + b"\x00" * 60, "binary"),
    ],
    ids=[
        "pdf",
        "html after a BOM and prolog",
        "html in the SGML wrapper",
        "text with markup inside",
        "text starting BM",
        "bitmap",
        "executable",
    ],
)
def test_it_sniffs_what_the_bytes_are_whatever_the_name(data, kind):
    assert sniff(data) == kind


def test_a_text_letter_from_a_company_named_bm_is_read_as_text():
    assert extract_text(b"BMC Software, Inc.\n\nDear Sir:", filename="filename1.txt").text == "BMC Software, Inc.\n\nDear Sir:"
