"""PDF to text through PDFium, after checking that its streams inflate to no more than the caps allow."""

from __future__ import annotations

import re
import statistics
import zlib

from filings.extraction.limits import (
    MAX_PDF_FONT_BYTES,
    MAX_PDF_INFLATED_BYTES,
    MAX_PDF_PAGES,
    MAX_PDF_STREAM_BYTES,
)
from filings.extraction.result import Extraction, ExtractionError
from filings.extraction.text import CONTROL_RE, check_text_size, tidy

_CHUNK = 2**16
_DICTIONARY_LOOKBACK = 8192  # the stream's dictionary ends just before the "stream" keyword
# PDFium leaves images and attached files packed when it reads text.
_UNREAD_RE = re.compile(rb"/Subtype\s*/Image\b|/Type\s*/EmbeddedFile\b")
_FONT_RE = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")


def _pdfium():
    import pypdfium2  # imported lazily: only PDF work pays for loading PDFium

    return pypdfium2


def pdf_extractor_name() -> str:
    return f"pypdfium2 {_pdfium().V_PYPDFIUM2}"


def _inflated_size(data: bytes, view: memoryview, start: int, cap: int) -> tuple[int | None, int]:
    """(bytes the zlib stream at start inflates to, stopping once over cap; None if it is not zlib)
    and where the stream's compressed data ends."""
    decompressor = zlib.decompressobj()
    size, fed = 0, start
    try:
        while not decompressor.eof and fed < len(data) and size <= cap:
            piece = view[fed : fed + _CHUNK]
            fed += len(piece)
            size += len(decompressor.decompress(piece, cap + 1 - size))
            while decompressor.unconsumed_tail and size <= cap:
                size += len(decompressor.decompress(decompressor.unconsumed_tail, cap + 1 - size))
    except zlib.error:
        return None, start
    return size, fed - len(decompressor.unused_data)


def check_pdf_streams(data: bytes) -> None:
    """Inflate every Flate stream PDFium would inflate to read text (all but images, which it leaves
    packed) and refuse the file if one, or all together, inflate past the caps. PDFium has no cap of
    its own: 600 KB of PDF inflating to 600 MB took that much memory, and 20 MB of text-showing
    operators made a 2.9 GB text page. Streams packed by another filter, or encrypted, are not seen."""
    view = memoryview(data)
    total, at = 0, data.find(b"stream")
    while at >= 0:
        start = at + 6
        if data.startswith(b"\r\n", start):
            start += 2
        elif data.startswith((b"\n", b"\r"), start):
            start += 1
        else:  # "endstream", or the word inside some other token
            at = data.find(b"stream", start)
            continue
        dictionary = data[max(0, at - _DICTIONARY_LOOKBACK) : at]
        dictionary = dictionary[dictionary.rfind(b"obj") + 1 :]
        if _UNREAD_RE.search(dictionary):
            end = data.find(b"endstream", start)
            at = data.find(b"stream", end + 9) if end >= 0 else -1
            continue
        font = bool(_FONT_RE.search(dictionary))
        cap = MAX_PDF_FONT_BYTES if font else MAX_PDF_STREAM_BYTES
        size, end = _inflated_size(data, view, start, cap)
        if size is not None:
            if size > cap:
                what = "an embedded font" if font else "a content stream"
                raise ExtractionError(f"PDF refused as a decompression bomb: {what} inflates to over {cap:,} bytes")
            total += size
            if total > MAX_PDF_INFLATED_BYTES:
                raise ExtractionError(
                    f"PDF refused as a decompression bomb: its streams inflate to over {MAX_PDF_INFLATED_BYTES:,} bytes"
                )
        at = data.find(b"stream", end)


def _page_lines(textpage) -> list[tuple[float, float, str]]:
    """PDFium's lines with their vertical extent: (top, bottom, text)."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    # An explicit range: the default call is redirected to get_text_bounded(), which repeats overlapping text.
    text = textpage.get_text_range(0, count)
    aligned = len(text) == count  # not so when a character lies outside the BMP; then no positions
    lines: list[tuple[float, float, str]] = []
    index = 0
    for line in text.split("\r\n"):
        visible = len(line) - len(line.lstrip())
        clean = line.replace("\x02", "-").replace("\ufffe", "-").strip()
        if clean:
            if aligned:
                _, bottom, _, top = textpage.get_charbox(index + visible, loose=True)
            else:
                top, bottom = (lines[-1][1] if lines else 0.0), (lines[-1][1] - 1 if lines else -1.0)
            lines.append((top, bottom, CONTROL_RE.sub("", clean)))
        index += len(line) + 2
    return lines


def _page_text(textpage) -> str:
    lines = _page_lines(textpage)
    if not lines:
        return ""
    height = statistics.median(t - b for t, b, _ in lines) or 10.0
    out = [lines[0][2]]
    for (prev_top, prev_bottom, _), (top, _, text) in zip(lines, lines[1:]):
        gap = prev_bottom - top
        # Lines of one paragraph sit a fraction of a line apart; a paragraph break leaves most of a line.
        out.append("\n\n" + text if gap > 0.5 * height or top > prev_top + height else "\n" + text)
    return "".join(out)


def extract_pdf(data: bytes) -> Extraction:
    check_pdf_streams(data)
    pdfium = _pdfium()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ExtractionError("PDF is encrypted (needs a password)") from None
        raise ExtractionError(f"corrupt PDF: {message}") from None
    try:
        count = len(pdf)
        if count > MAX_PDF_PAGES:
            raise ExtractionError(f"PDF has {count:,} pages, over the {MAX_PDF_PAGES:,}-page cap for a letter")
        pages: list[str] = []
        chars = 0
        for page in pdf:
            textpage = page.get_textpage()
            chars += max(textpage.count_chars(), 0)
            check_text_size(chars)  # before the page's text is copied out
            pages.append(_page_text(textpage))
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"corrupt PDF: {exc}") from None
    finally:
        pdf.close()
    text = tidy("\n\n".join(pages))
    if not text.strip():
        raise ExtractionError(f"PDF has no text layer ({count} pages, scanned images?); OCR is not supported")
    return Extraction(text=text, extractor=pdf_extractor_name(), pages=count)
