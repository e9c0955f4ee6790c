"""HTML to text with italic and bold spans, rendered as libxml2 (through lxml) tokenizes it.

libxml2's HTML tree builder mends bad markup its own way: it closes a <b> that a <p> opens inside, and
a <p> that a <table> follows. The renderer keeps its own stack instead (a stray end tag is ignored; an
end tag closes everything opened since its start tag; a <p> closes an open <p> wherever it is), so it
takes libxml2's raw token stream (HTML_PARSE_HTML5: one event per tag, unbalanced), which lxml has no
keyword for. This reads the sample's 244 HTML documents exactly as the stdlib html.parser renderer it
replaced did (tests/filings/test_extraction_html_parity.py), at about twice its speed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from filings.extraction.result import Extraction
from filings.extraction.text import CONTROL_RE, check_text_size, decode, merge_spans

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
_VOID_TAGS = frozenset({"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "param", "source"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})
_ITALIC_TAGS = frozenset({"i", "em", "cite", "var"})
_BOLD_TAGS = frozenset({"b", "strong"})
_ITALIC_STYLE_RE = re.compile(r"font-style\s*:\s*(italic|oblique)", re.I)
_BOLD_STYLE_RE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
_INDENT_STYLE_RE = re.compile(r"(?:padding|margin)-left\s*:\s*([0-9.]+)", re.I)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none", re.I)
_WS_RE = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")
# "<div />" holds nothing: the token stream does not say a tag closed itself, so such tags are dropped
# before parsing. Void tags keep theirs ("<br/>" is a line break).
_SELF_CLOSED_RE = re.compile(
    r"<(?!(?:br|img|hr|meta|link|input|col|area|base|wbr|param|source)[\s/>])[a-z][^\t\n\r\f />\x00]*+"
    r"(?:\s++[^\s=/>]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s>]++))?+)*+\s*+/>",
    re.I,
)
# libxml2's options: recover, no network, compact text nodes, ignore <meta charset> (the text is
# already decoded) and the raw token stream.
_TOKENIZER_OPTIONS = (1 << 0) | (1 << 11) | (1 << 16) | (1 << 21) | (1 << 26)
_EXTRACTOR = f"lxml {etree.__version__} (libxml2 {'.'.join(map(str, etree.LIBXML_VERSION))})"
_LXML_BASE_PARSER = next(c for c in etree.HTMLParser.__mro__ if c.__name__ == "_BaseParser")


def _tokenizer(target: _TextRenderer) -> etree.HTMLParser:
    parser = etree.HTMLParser(target=target)
    # HTMLParser's own __init__ knows no raw-token option; its base class takes libxml2's options whole.
    _LXML_BASE_PARSER.__init__(parser, _TOKENIZER_OPTIONS, True, None, False, False, False, False, target, "utf-8")
    return parser


@lru_cache(maxsize=4096)
def _style_flags(style: str) -> tuple[bool, bool, bool, bool]:
    """(hidden, italic, bold, indented) for a style attribute; filers repeat the same few thousand."""
    indent = _INDENT_STYLE_RE.search(style)
    try:
        indented = indent is not None and float(indent.group(1)) > 0
    except ValueError:
        indented = False
    return (
        bool(_HIDDEN_STYLE_RE.search(style)),
        bool(_ITALIC_STYLE_RE.search(style)),
        bool(_BOLD_STYLE_RE.search(style)),
        indented,
    )


class _TextRenderer:
    """An lxml parser target that renders text as the tokens arrive, so emphasis offsets are offsets
    into the final text."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.length = 0
        self.pending_newlines = 0
        self.pending_space = False
        self.pending_cell = False
        self.at_line_start = True
        self.stack: list[tuple[str, list[list]]] = []  # (tag, emphasis records [kind, start])
        self.open_count: dict[str, int] = {}  # tag -> how many are on the stack
        self.skip_depth = 0
        self.cell_depth = 0
        self.cell_fresh = False
        self.row_has_text: list[bool] = []
        self.pre_depth = 0
        self.spans: list[tuple[int, int, str]] = []
        self.open_records: list[list] = []
        self.chunks: list[str] = []  # libxml2 splits text at character references

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

    # -- parser target
    def data(self, data: str) -> None:
        self.chunks.append(data)

    def _text(self) -> None:
        data = "".join(self.chunks)
        self.chunks.clear()
        if self.skip_depth or not data:
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
        self._emit(words.strip(" "))
        self.at_line_start = False
        self.cell_fresh = False
        self.pending_space = words[-1] == " "
        if self.cell_depth and self.row_has_text:
            self.row_has_text[-1] = True

    def comment(self, *_: object) -> None:
        if self.chunks:
            self._text()  # text on either side of a comment is two pieces, as html.parser gave them

    pi = doctype = comment

    def _push(self, tag: str, records: list[list]) -> None:
        self.stack.append((tag, records))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1

    def start(self, tag: str, attrib) -> None:
        if self.chunks:
            self._text()
        style = attrib.get("style") or ""
        hidden, italic, bold, indented = _style_flags(style) if style else (False, False, False, False)
        if tag in _SKIP_TAGS or hidden:
            if tag not in _VOID_TAGS:
                self.skip_depth += 1
                self._push(tag, [["skip", None]])
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
        if tag == "p" and self.open_count.get("p"):
            self._end_tag("p")  # <p> closes an open <p>
        block = _BLOCK_TAGS.get(tag)
        if block:
            self._newline(block)
        elif indented:
            self.pending_space = True  # "1.<font style='padding-left:9pt'>We note": the gap is drawn by CSS
        if tag == "tr":
            self.row_has_text.append(False)
        elif tag == "td" or tag == "th":
            self.cell_depth += 1
            self.cell_fresh = True
            if self.row_has_text and self.row_has_text[-1]:
                self.pending_newlines = 0
                self.pending_cell = True
        elif tag == "pre":
            self.pre_depth += 1
        records: list[list] = []
        if italic or tag in _ITALIC_TAGS:
            records.append(["i", None])
        if bold or tag in _BOLD_TAGS:
            records.append(["b", None])
        self.open_records.extend(records)
        self._push(tag, records)

    def end(self, tag: str) -> None:
        if self.chunks:
            self._text()
        if self.open_count.get(tag):  # else a stray end tag
            self._end_tag(tag)

    def _end_tag(self, tag: str) -> None:
        while self.stack:
            open_tag, records = self.stack.pop()
            self.open_count[open_tag] -= 1
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
        if tag == "td" or tag == "th":
            self.cell_depth -= 1
            if self.cell_depth:
                return
        if tag == "tr" and self.row_has_text:
            self.row_has_text.pop()
        if tag == "pre":
            self.pre_depth -= 1
        block = _BLOCK_TAGS.get(tag)
        if block:
            self._newline(block)

    def close(self) -> tuple[str, list[tuple[int, int, str]]]:
        if self.chunks:
            self._text()
        while self.stack:
            tag, records = self.stack.pop()
            self._close(tag, records)
        text = "".join(self.out)
        return text, merge_spans(self.spans, text)


def extract_html(data: bytes) -> Extraction:
    warnings: list[str] = []
    markup = CONTROL_RE.sub("", decode(data, warnings))
    if "/>" in markup:
        markup = _SELF_CLOSED_RE.sub("", markup)
    renderer = _TextRenderer()
    parser = _tokenizer(renderer)
    parser.feed(markup.encode("utf-8"))
    text, spans = parser.close()
    check_text_size(len(text))
    # The renderer never emits trailing spaces or blank-line runs, so offsets stay valid without tidy().
    return Extraction(text=text, emphasis=spans, extractor=_EXTRACTOR, warnings=warnings)
