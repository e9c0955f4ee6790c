"""The lxml renderer reads every HTML document of the EDGAR sample exactly as the stdlib html.parser
renderer it replaced: the same text and the same emphasis spans, which the letter parser depends on.

The stdlib renderer is kept here, and only here, as the reference (bench/parse_throughput.py also
times it, for the before/after figures).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from filings.extraction import extract_text, sniff
from filings.parsers.sgml import parse_complete_submission, strip_sgml_wrapper

# ---------------------------------------------------------------- the reference: html.parser, as it was

_BLOCK_TAGS = {
    "p": 2,
    "div": 1,
    "h1": 2,
    "h2": 2,
    "h3": 2,
    "h4": 2,
    "h5": 2,
    "h6": 2,
    "table": 2,
    "tr": 1,
    "ul": 2,
    "ol": 2,
    "li": 1,
    "blockquote": 2,
    "pre": 2,
    "hr": 2,
    "center": 1,
    "dl": 2,
    "dt": 1,
    "dd": 1,
    "section": 2,
    "article": 2,
    "header": 2,
    "footer": 2,
    "address": 2,
    "caption": 1,
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


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        undefined = any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))
        return data.decode("latin-1") if undefined else data.decode("cp1252", errors="ignore")


def _has_indent(style: str) -> bool:
    match = _INDENT_STYLE_RE.search(style)
    if match is None:
        return False
    try:
        return float(match.group(1)) > 0
    except ValueError:
        return False


def _merge_spans(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for kind in ("i", "b"):
        current = None
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


class _ReferenceHtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.length = 0
        self.pending_newlines, self.pending_space, self.pending_cell, self.at_line_start = 0, False, False, True
        self.stack: list[tuple[str, list[list]]] = []
        self.skip_depth, self.cell_depth, self.cell_fresh = 0, 0, False
        self.row_has_text: list[bool] = []
        self.pre_depth = 0
        self.spans: list[tuple[int, int, str]] = []
        self.open_records: list[list] = []

    def _emit(self, s):
        self.out.append(s)
        self.length += len(s)

    def _flush_separators(self):
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

    def _newline(self, n):
        if self.cell_depth and self.cell_fresh:
            return
        if self.length:
            self.pending_newlines = max(self.pending_newlines, 1 if self.cell_depth else n)
            self.pending_space = False

    def handle_data(self, data):
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
                self._newline(2)
            elif words:
                self.pending_space = True
            return
        if words[0] == " ":
            self.pending_space = True
        self._flush_separators()
        self._emit(words.strip(" "))
        self.at_line_start = False
        self.cell_fresh = False
        self.pending_space = words[-1] == " "
        if self.cell_depth and self.row_has_text:
            self.row_has_text[-1] = True

    def handle_starttag(self, tag, attrs):
        style = next((v or "" for k, v in attrs if k == "style"), "")
        if tag in _SKIP_TAGS or (style and _HIDDEN_STYLE_RE.search(style)):
            if tag not in _VOID_TAGS:
                self.skip_depth += 1
                self.stack.append((tag, [["skip", None]]))
            return
        if tag == "br":
            at_line_start = self.at_line_start or self.pending_newlines > 0
            self._newline(2 if at_line_start and not self.cell_depth else 1)
            return
        if tag in _VOID_TAGS:
            if tag == "hr":
                self._newline(2)
            return
        if tag == "p" and any(t == "p" for t, _ in self.stack):
            self.handle_endtag("p")
        if tag in _BLOCK_TAGS:
            self._newline(_BLOCK_TAGS[tag])
        elif style and _has_indent(style):
            self.pending_space = True
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

    def handle_startendtag(self, tag, attrs):
        if tag in _VOID_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            open_tag, records = self.stack.pop()
            self._close(open_tag, records)
            if open_tag == tag:
                break

    def _close(self, tag, records):
        for record in records:
            if record[0] == "skip":
                self.skip_depth -= 1
                continue
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

    def result(self):
        while self.stack:
            self._close(*self.stack.pop())
        text = "".join(self.out)
        return text, _merge_spans(self.spans, text)


def reference_extract_html(data: bytes) -> tuple[str, list[tuple[int, int, str]]]:
    """What extract_text gave for an HTML document before lxml: (text, emphasis)."""
    parser = _ReferenceHtmlText()
    parser.feed(_decode(strip_sgml_wrapper(data)))
    parser.close()
    return parser.result()


# ---------------------------------------------------------------- the comparison


def sample_html_documents(sample: Path):
    """(where, bytes, file name) of every HTML document in the sample, those inside complete submissions too."""
    for path in sorted(p for p in sample.rglob("*") if p.is_file() and p.suffix in (".htm", ".html", ".txt", ".xml")):
        data = path.read_bytes()
        where = str(path.relative_to(sample))
        if path.suffix == ".txt" and b"<SEC-HEADER>" in data[:4096]:
            for document in parse_complete_submission(data).documents:
                if document.content and sniff(document.content) == "html":
                    yield f"{where} document {document.sequence}", document.content, document.filename or "document.htm"
        elif path.suffix in (".htm", ".html") or sniff(data) == "html":
            yield where, data, path.name


def _first_difference(ours: str, theirs: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    return f"at {at}: lxml {ours[max(0, at - 40) : at + 40]!r} / html.parser {theirs[max(0, at - 40) : at + 40]!r}"


def test_it_reads_every_sample_html_document_as_the_stdlib_renderer_did(edgar_sample_dir):
    documents = list(sample_html_documents(edgar_sample_dir))
    differences = []
    for where, data, filename in documents:
        extraction = extract_text(data, filename=filename)
        text, emphasis = reference_extract_html(data)
        if extraction.text != text:
            differences.append(f"{where}: text differs {_first_difference(extraction.text, text)}")
        elif extraction.emphasis != emphasis:
            differences.append(f"{where}: emphasis differs ({len(extraction.emphasis)} spans, not {len(emphasis)})")
    assert len(documents) >= 240  # the 234 CORRESP letters, the index pages, the Apple submission's letter
    assert differences == []


def test_it_keeps_bold_around_a_paragraph_that_libxml2s_tree_would_end():
    # libxml2's tree builder closes the <b> when the <p> opens; the token stream keeps it open.
    extraction = extract_text(b"<html><body><b><p>Via EDGAR</p></b><p>Dear Sir:</p></body></html>", filename="x.htm")
    assert extraction.text == "Via EDGAR\n\nDear Sir:"
    assert extraction.emphasis == [(0, 9, "b")]


def test_an_element_that_closes_itself_holds_nothing():
    extraction = extract_text(b"<p>Dear <b/>Sir:<div /></p><p>We note</p>", filename="x.htm")
    assert (extraction.text, extraction.emphasis) == ("Dear Sir:\n\nWe note", [])
