"""A tiny PDF writer: Helvetica text lines on Letter-size pages.

Enough for synthetic staff letters: one font, left-aligned lines, several pages, a correct
xref table. Deterministic (no dates, no random ids) so a fixed seed gives identical bytes.
"""

from __future__ import annotations

import zlib

PAGE_WIDTH = 612
PAGE_HEIGHT = 792
MARGIN_LEFT = 72
MARGIN_TOP = 72
FONT_SIZE = 10
LEADING = 13
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN_TOP) // LEADING


def _escape(text: str) -> bytes:
    # WinAnsi covers Latin-1 punctuation; anything outside it would not survive extraction.
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content_stream(lines: list[tuple[str, int]]) -> bytes:
    """`lines` holds (text, indent in points); an empty text is a blank line."""
    parts = [b"BT", b"/F1 %d Tf" % FONT_SIZE, b"%d TL" % LEADING]
    y = PAGE_HEIGHT - MARGIN_TOP
    for text, indent in lines:
        if text:
            parts.append(b"1 0 0 1 %d %d Tm (" % (MARGIN_LEFT + indent, y) + _escape(text) + b") Tj")
        y -= LEADING
    parts.append(b"ET")
    return b"\n".join(parts) + b"\n"


def render_pdf(pages: list[list[tuple[str, int]]], *, title: str = "") -> bytes:
    """Write pages of (text, indent) lines to PDF bytes."""
    if not pages:
        pages = [[]]
    objects: list[bytes] = []
    # Fixed object numbers: 1 catalog, 2 pages, 3 font, 4 info, then a (page, content) pair per page.
    page_ids = [5 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % p for p in page_ids) + b"] /Count %d >>" % len(pages))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Title (" + _escape(title) + b") /Producer (devtools.synthetic) >>")
    for i, lines in enumerate(pages):
        stream = zlib.compress(_content_stream(lines), 6)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, page_ids[i] + 1)
        )
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)
