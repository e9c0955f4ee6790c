"""Plain text (with italic/bold spans) from the documents of EDGAR correspondence: HTML, PDF, text, DOCX.

Pure: bytes in, an Extraction out. Every failure is an ExtractionError, which is permanent (the same bytes
will fail the same way), so callers record it instead of retrying.
"""
from __future__ import annotations

import io
import re
import statistics
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

from filings.parsers.sgml import strip_sgml_wrapper


class ExtractionError(Exception):
    """The document's bytes cannot give text. Permanent: a retry cannot help."""


@dataclass
class Extraction:
    text: str
    emphasis: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, "i"|"b") over text
    extractor: str = ""
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff")
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")
_HTML_SNIFF_RE = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<title|<div|<p[\s>]|<table|<font|<!--)", re.I)


def extract_text(data: bytes, *, filename: str, doc_type: str = "") -> Extraction:
    """Choose the extractor by what the bytes are, using the file name only to say what was expected."""
    if not data:
        raise ExtractionError("empty document (0 bytes)")
    name = filename.lower()
    head = data[:1024]
    if doc_type.upper() == "GRAPHIC" or name.endswith(IMAGE_SUFFIXES) or head.startswith(_IMAGE_MAGIC):
        raise ExtractionError("no text in an image document")
    if b"%PDF-" in head:
        return _extract_pdf(data)
    unwrapped = strip_sgml_wrapper(data)
    looks_html = bool(_HTML_SNIFF_RE.match(unwrapped[:1024]))
    if name.endswith(".pdf"):
        if looks_html:
            raise ExtractionError("expected a PDF but got an HTML page (an error page served instead of the file?)")
        raise ExtractionError("corrupt PDF: no %PDF header in the first 1024 bytes")
    if head.startswith(b"PK\x03\x04"):
        if name.endswith(".docx") or _is_docx(data):
            return _extract_docx(data)
        raise ExtractionError(f"unsupported format: a ZIP archive ({filename})")
    if looks_html or name.endswith((".htm", ".html")):
        return _extract_html(unwrapped)
    return _extract_plain(unwrapped)


# ---------------------------------------------------------------- text helpers

_TRAILING_WS_RE = re.compile(r"[ \t\u00a0]+$", re.M)
_BLANK_RUN_RE = re.compile(r"\n{3,}")


def _decode(data: bytes, warnings: list[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append("not valid UTF-8; decoded as Windows-1252")
        # cp1252 leaves five bytes undefined; latin-1 maps them so decoding never fails.
        return data.decode("cp1252", errors="ignore") if _cp1252_ok(data) else data.decode("latin-1")


def _cp1252_ok(data: bytes) -> bool:
    return not any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def _tidy(text: str) -> str:
    """Light normalisation only: LF line ends, form feed as a blank line, no trailing spaces, one blank line at most."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _TRAILING_WS_RE.sub("", text)
    return _BLANK_RUN_RE.sub("\n\n", text).strip("\n")


# ---------------------------------------------------------------- plain text

def _extract_plain(data: bytes) -> Extraction:
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) // 20:
        raise ExtractionError("unsupported format: binary data that is not PDF, HTML, DOCX or text")
    warnings: list[str] = []
    text = _decode(data, warnings)
    return Extraction(text=_tidy(text), extractor="text", warnings=warnings)


# ---------------------------------------------------------------- HTML

_BLOCK_TAGS = {
    "p": 2, "div": 1, "h1": 2, "h2": 2, "h3": 2, "h4": 2, "h5": 2, "h6": 2, "table": 2, "tr": 1,
    "ul": 2, "ol": 2, "li": 1, "blockquote": 2, "pre": 2, "hr": 2, "center": 1, "dl": 2, "dt": 1, "dd": 1,
    "section": 2, "article": 2, "header": 2, "footer": 2, "address": 2, "caption": 1,
}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "param", "source"}
_SKIP_TAGS = {"script", "style", "head", "title", "noscript", "template"}
_ITALIC_TAGS = {"i", "em", "cite", "var"}
_BOLD_TAGS = {"b", "strong"}
_ITALIC_STYLE_RE = re.compile(r"font-style\s*:\s*(italic|oblique)", re.I)
_BOLD_STYLE_RE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
_INDENT_STYLE_RE = re.compile(r"(?:padding|margin)-left\s*:\s*([0-9.]+)", re.I)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none", re.I)
_WS_RE = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")


class _HtmlText(HTMLParser):
    """Renders HTML to text as it parses, so emphasis offsets are offsets into the final text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.length = 0
        self.pending_newlines = 0
        self.pending_space = False
        self.pending_cell = False
        self.at_line_start = True
        self.stack: list[tuple[str, list[list]]] = []  # (tag, emphasis records [kind, start])
        self.skip_depth = 0
        self.cell_depth = 0
        self.cell_fresh = False
        self.row_has_text: list[bool] = []
        self.pre_depth = 0
        self.spans: list[tuple[int, int, str]] = []
        self.open_records: list[list] = []

    # -- output
    def _emit(self, s: str) -> None:
        self.out.append(s)
        self.length += len(s)

    def _flush_separators(self) -> None:
        if self.length:
            if self.pending_newlines:
                self._emit("\n" * self.pending_newlines)
                self.at_line_start = True
            elif self.pending_cell:
                self._emit("\t")
            elif self.pending_space and not self.at_line_start:
                self._emit(" ")
        self.pending_newlines, self.pending_space, self.pending_cell = 0, False, False
        for record in self.open_records:
            if record[1] is None:
                record[1] = self.length

    def _newline(self, n: int) -> None:
        if self.cell_depth and self.cell_fresh:
            return  # block edges at a cell's start keep "1." and the comment beside it on one line
        if self.length:
            # Inside a table cell, paragraphs are kept as lines so a row stays together.
            self.pending_newlines = max(self.pending_newlines, 1 if self.cell_depth else n)
            self.pending_space = False

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            for i, line in enumerate(data.split("\n")):
                if i:
                    self._newline(1)
                if line.strip():
                    self._flush_separators()
                    self._emit(line.rstrip())
                    self.at_line_start = False
            return
        words = _WS_RE.sub(" ", data)
        if not words.strip():
            if "\u00a0" in data and self.at_line_start and not self.cell_depth and self.pending_newlines < 2:
                # A paragraph holding only &nbsp; is how EDGAR filers draw a blank line.
                self._newline(2)
            elif words:
                self.pending_space = True
            return
        if words[0] == " ":
            self.pending_space = True
        self._flush_separators()
        stripped = words.strip(" ")
        self._emit(stripped)
        self.at_line_start = False
        self.cell_fresh = False
        self.pending_space = words[-1] == " "
        if self.cell_depth and self.row_has_text:
            self.row_has_text[-1] = True

    # -- structure
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = next((v or "" for k, v in attrs if k == "style"), "")
        if tag in _SKIP_TAGS or (style and _HIDDEN_STYLE_RE.search(style)):
            if tag not in _VOID_TAGS:
                self.skip_depth += 1
                self.stack.append((tag, []))
                self.stack[-1][1].append(["skip", None])
            return
        if tag == "br":
            # A <br> on an empty line draws a blank line, as in a browser.
            at_line_start = self.at_line_start or self.pending_newlines > 0
            self._newline(2 if at_line_start and not self.cell_depth else 1)
            return
        if tag in _VOID_TAGS:
            if tag == "hr":
                self._newline(2)
            return
        if tag == "p" and any(t == "p" for t, _ in self.stack):
            self.handle_endtag("p")  # <p> closes an open <p>
        if tag in _BLOCK_TAGS:
            self._newline(_BLOCK_TAGS[tag])
        elif style and _has_indent(style):
            self.pending_space = True  # "1.<font style='padding-left:9pt'>We note": the gap is drawn by CSS
        if tag == "tr":
            self.row_has_text.append(False)
        elif tag in ("td", "th"):
            self.cell_depth += 1
            self.cell_fresh = True
            if self.row_has_text and self.row_has_text[-1]:
                self.pending_newlines = 0
                self.pending_cell = True
        elif tag == "pre":
            self.pre_depth += 1
        records: list[list] = []
        if tag in _ITALIC_TAGS or (style and _ITALIC_STYLE_RE.search(style)):
            records.append(["i", None])
        if tag in _BOLD_TAGS or (style and _BOLD_STYLE_RE.search(style)):
            records.append(["b", None])
        self.open_records.extend(records)
        self.stack.append((tag, records))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            self.handle_starttag(tag, attrs)
        # <div /> and the like hold nothing.

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, _ in self.stack):
            return  # stray end tag
        while self.stack:
            open_tag, records = self.stack.pop()
            self._close(open_tag, records)
            if open_tag == tag:
                break

    def _close(self, tag: str, records: list[list]) -> None:
        for record in records:
            if record[0] == "skip":
                self.skip_depth -= 1
                continue
            # By identity: two open <i> records are equal lists but different elements.
            self.open_records = [r for r in self.open_records if r is not record]
            if record[1] is not None and self.length > record[1]:
                self.spans.append((record[1], self.length, record[0]))
        if tag in ("td", "th"):
            self.cell_depth -= 1
            if self.cell_depth:
                return
        if tag == "tr" and self.row_has_text:
            self.row_has_text.pop()
        if tag == "pre":
            self.pre_depth -= 1
        if tag in _BLOCK_TAGS:
            self._newline(_BLOCK_TAGS[tag])

    def result(self) -> tuple[str, list[tuple[int, int, str]]]:
        while self.stack:
            self._close(*self.stack.pop())
        return "".join(self.out), _merge_spans(self.spans, "".join(self.out))


def _has_indent(style: str) -> bool:
    match = _INDENT_STYLE_RE.search(style)
    try:
        return bool(match) and float(match.group(1)) > 0
    except ValueError:
        return False


def _merge_spans(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Join spans of one kind that overlap or are separated only by whitespace (one span per run of italics)."""
    merged: list[tuple[int, int, str]] = []
    for kind in ("i", "b"):
        current: tuple[int, int] | None = None
        for start, end in sorted((s, e) for s, e, k in spans if k == kind):
            gap = text[current[1] : start] if current else ""
            if current and (start <= current[1] or (not gap.strip() and "\n\n" not in gap)):
                current = (current[0], max(current[1], end))
            else:
                if current:
                    merged.append((current[0], current[1], kind))
                current = (start, end)
        if current:
            merged.append((current[0], current[1], kind))
    return sorted(merged)


def _extract_html(data: bytes) -> Extraction:
    warnings: list[str] = []
    parser = _HtmlText()
    parser.feed(_decode(data, warnings))
    parser.close()
    text, spans = parser.result()
    # The renderer never emits trailing spaces or blank-line runs, so offsets stay valid without _tidy.
    return Extraction(text=text, emphasis=spans, extractor="html.parser", warnings=warnings)


# ---------------------------------------------------------------- PDF

def _pdfium():
    import pypdfium2  # imported lazily: only PDF work pays for loading PDFium

    return pypdfium2


def pdf_extractor_name() -> str:
    return f"pypdfium2 {_pdfium().V_PYPDFIUM2}"


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
            lines.append((top, bottom, clean))
        index += len(line) + 2
    return lines


def _page_text(textpage) -> str:
    lines = _page_lines(textpage)
    if not lines:
        return ""
    height = statistics.median(t - b for t, b, _ in lines) or 10.0
    out = [lines[0][2]]
    for (prev_top, prev_bottom, _), (top, bottom, text) in zip(lines, lines[1:]):
        gap = prev_bottom - top
        # Lines of one paragraph sit a fraction of a line apart; a paragraph break leaves most of a line.
        out.append("\n\n" + text if gap > 0.5 * height or top > prev_top + height else "\n" + text)
    return "".join(out)


def _extract_pdf(data: bytes) -> Extraction:
    pdfium = _pdfium()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ExtractionError("PDF is encrypted (needs a password)") from None
        raise ExtractionError(f"corrupt PDF: {message}") from None
    try:
        pages: list[str] = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(_page_text(textpage))
            textpage.close()
            page.close()
        count = len(pdf)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"corrupt PDF: {exc}") from None
    finally:
        pdf.close()
    text = _tidy("\n\n".join(pages))
    if not text.strip():
        raise ExtractionError(f"PDF has no text layer ({count} pages, scanned images?); OCR is not supported")
    return Extraction(text=text, extractor=pdf_extractor_name(), pages=count)


# ---------------------------------------------------------------- DOCX

def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _extract_docx(data: bytes) -> Extraction:
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a damaged package
        raise ExtractionError(f"corrupt DOCX: {exc}") from None
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    length = 0
    for paragraph in document.paragraphs:
        runs = [(run.text.replace("\r", ""), run.italic, run.bold) for run in paragraph.runs if run.text]
        joined = "".join(text for text, _, _ in runs)
        if not joined.strip():
            continue  # empty paragraphs are spacing, not content
        if parts:
            parts.append("\n\n")
            length += 2
        lead = len(joined) - len(joined.lstrip())
        kept = len(joined.rstrip()) - lead
        offset = 0
        for text, italic, bold in runs:
            # Clip each run to the paragraph's text without its leading and trailing whitespace.
            start, end = max(offset - lead, 0), min(offset + len(text) - lead, kept)
            offset += len(text)
            for flag, kind in ((italic, "i"), (bold, "b")):
                if flag and end > start:
                    spans.append((length + start, length + end, kind))
        text = _TRAILING_WS_RE.sub("", joined.strip())
        parts.append(text)
        length += len(text)
    raw = "".join(parts)
    return Extraction(text=raw, emphasis=_merge_spans(spans, raw), extractor=f"python-docx {_docx_version()}")


def _docx_version() -> str:
    from importlib.metadata import version

    return version("python-docx")
