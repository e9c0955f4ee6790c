"""Paragraphs, headings and the numbered comments of a letter body."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from comments.parser.normalize import Line
from comments.parser.prefilter import prefiltered


@dataclass
class Para:
    lines: list[str]
    emphasis: float
    page: int
    index: int  # position in the letter's paragraph list
    blank_before: bool = True

    @cached_property
    def text(self) -> str:  # read many times over; a paragraph's lines never change once it is made
        return " ".join(self.lines)


# "1. We note", "1.We note", "1) Please", "1." alone, "Comment 1:", "Staff Comment No. 1", "Question 3."
NUM_START = re.compile(
    r"^(?:(?:SEC\s+|Staff\s+)?(?:Comment|Question)\s*(?:No\.?|Number|#)?\s*(?P<n1>\d{1,3})\b\s*[.:)\-]?"
    r"|(?P<n2>\d{1,3})\s?[.)](?!\d))\s*(?P<rest>.*)$",
    re.I,
)
_REST_OK = re.compile(r"^(?:$|[A-Z\"'(\[\u201c]|\d{1,3}\s?[.)]\s)")
# Most lines name no page: a check for the word comes before the regex (comments.parser.prefilter).
_PAGE_REF = prefiltered(
    r"(?i)\bpages?\s+([0-9]{1,4}(?:\.\d{1,2})?(?:\s*(?:-|through|to|and|,)\s*[0-9]{1,4})?|[A-Z]-\d{1,3}(?:\s*-\s*[A-Z]-\d{1,3})?)\s*\)?$"
)
_DOC_HEADING = re.compile(
    r"(?i)^(?:amendment\s+no\.|(?:draft\s+|amended\s+|preliminary\s+|definitive\s+|revised\s+)?(?:registration|offering|proxy|information)\s+statement|forms?\s+[0-9A-Z]{1,4}-|form\s+(?:10|20-F|40-F|8-K|6-K)|schedules?\s+\d|annual\s+report|quarterly\s+report|current\s+report|post-effective|draft\s+offering|response\s+dated|correspondence\s+(?:dated|filed|submitted))"
)
_SENTENCE_START = re.compile(
    r"^(?:We\s|Please\b|You\b|Tell\s+us|Refer\b|It\s+appears|In\s+(?:this|that|addition|your|future|response)\b|If\s|To\s+the\s+extent|Further|Also\b|Explain|Describe|Provide|Revise|Disclose|Clarify|Expand|Quantify|Discuss|Identify|Confirm|Given\b|Since\b|As\s|The\s+Company\b|Our\s)"
)
_CONNECTIVE = re.compile(
    r"^(?:Accordingly|However|Additionally|Also|In\s+addition|Further(?:more)?|For\s+example|Finally|To\s+the\s+extent|If\b|Otherwise|As\s+such|In\s+this\s+regard|In\s+that\s+regard|Given|Regardless|Moreover|Similarly|Specifically|Alternatively|Therefore|Thus|Lastly|Separately|Likewise|Please\s+also)\b"
)
_BULLET = re.compile(
    r"^(?:[\u2022\u25e6\u25a0\u25a1\u2023\u2043\u2219*\-\u00b7o]\s|\(?[a-z]{1,3}\)\s|\(?[ivx]{1,4}\)\s|[a-z]\.\s)"
)


def paragraphs(lines: list[Line]) -> list[Para]:
    """Group lines into paragraphs at blank lines and at numbered-comment starts."""
    paras: list[Para] = []
    cur: list[Line] = []

    def flush() -> None:
        if cur:
            weight = sum(len(x.text) for x in cur) or 1
            emph = sum(x.emphasis * len(x.text) for x in cur) / weight
            paras.append(Para([x.text for x in cur], emph, cur[0].page, len(paras), cur[0].blank_before))
            cur.clear()

    for ln in lines:
        starts_comment = _starts_comment(ln.text)
        if cur and starts_comment and len(cur) > 1 and _is_title_line(cur[-1].text) and cur[-2].text.rstrip()[-1:] in '.:?"':
            # "…as requested." / "Liquidity and Capital Resources" / "2. We note": the heading of comment 2
            # printed without a blank line under the text above it.
            last = cur.pop()
            flush()
            cur.append(last)
        if cur and (
            ln.blank_before
            or starts_comment
            or (len(ln.text) < 140 and cur[-1].text.rstrip()[-1:] in '.:?"' and _DOC_HEADING.match(ln.text))
            or _is_heading_line_break(cur[-1].text, ln.text)
            or _MARKER_LINE.match(ln.text)
            or (cur[-1].emphasis >= 0.75) != (ln.emphasis >= 0.75)
            and abs(cur[-1].emphasis - ln.emphasis) > 0.5
            or (len(ln.text) < 120 and cur[-1].text.rstrip()[-1:] in '.:?"' and _PAGE_REF.search(ln.text))
        ):
            flush()
        cur.append(ln)
    flush()
    return paras


def _is_title_line(t: str) -> bool:
    return (
        3 <= len(t) < 100
        and t[:1].isupper()
        and t.rstrip()[-1:] not in ".;,:?!"
        and not _SENTENCE_START.match(t)
        and not _BULLET.match(t)
    )


_MARKER_LINE = re.compile(r"^(?:Company(?:'s)?\s+|Our\s+)?Responses?\s*(?:to\s+Comment\s*(?:No\.?\s*)?\d{1,3})?\s*:", re.I)


def _is_heading_line_break(prev: str, cur: str) -> bool:
    # "Note 7. Loans, page 24" followed directly by "1. We note": PDF text without a blank line.
    return len(prev) < 140 and cur[:1].isupper() and bool(_PAGE_REF.search(prev))


def _starts_comment(text: str) -> bool:
    m = NUM_START.match(text)
    return bool(m and _REST_OK.match(m.group("rest") or "") and int(m.group("n1") or m.group("n2")) <= 150)


def number_of(p: Para) -> tuple[int, str] | None:
    """The comment number a paragraph starts with and the text after it."""
    m = NUM_START.match(p.text)
    if not m:
        return None
    rest = m.group("rest") or ""
    if not _REST_OK.match(rest):
        return None
    n = int(m.group("n1") or m.group("n2"))
    if n == 0 or n > 150:
        return None
    return n, rest


_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "the",
    "of",
    "for",
    "to",
    "in",
    "on",
    "or",
    "by",
    "with",
    "from",
    "at",
    "as",
    "vs",
    "versus",
    "per",
}


def is_numbered_heading(p: Para) -> bool:
    """ "6. Unpaid losses and loss expenses" (a note number in a heading chain), not a comment."""
    got = number_of(p)
    if got is None:
        return False
    rest = got[1].strip()
    first = p.lines[0]
    if not rest or len(first) > 80 or first.rstrip()[-1:] in ".;:?!" or _SENTENCE_START.match(rest):
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'\-]*", rest)
    if not words:
        return False
    capital = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL_WORDS)
    if capital / len(words) >= 0.75:
        return True
    # Sentence case heading lines ("6. Unpaid losses and loss expenses") sit on top of more heading lines.
    if len(first) > 60 or len(p.lines) < 2 or rest.lower().startswith(("please", "we ", "you", "tell", "refer")):
        return False
    second = p.lines[1]
    return len(second) < 100 and second.rstrip()[-1:] not in ".;?," and bool(_PAGE_REF.search(second) or second[:1].isupper())


def is_heading(p: Para) -> bool:
    """A short title line: no sentence punctuation at its end, or it ends in a page reference."""
    t = p.text
    if not t or len(t) > 260:
        return False
    if number_of(p) is not None:
        return is_numbered_heading(p)
    if _BULLET.match(t):
        return False
    if _PAGE_REF.search(t) and len(t) < 260:
        return True
    if t[-1] in ".;,?!" or t.endswith(":") and len(t) > 80:
        # "Item 7. MD&A" ends without a dot; "Notes to Financial Statements." rarely occurs
        return False
    if not (t[0].isupper() or t[0].isdigit() or t[0] in "\"'("):
        return False
    if _SENTENCE_START.match(t) and len(t) > 60:
        return False
    if _STATEMENT.search(t):
        return False  # "Depreciation expense was relatively flat as a percent of sales": a line of text
    if any(len(x) > 140 for x in p.lines):
        return False
    words = t.split()
    return 0 < len(words) <= 30


# A sentence-case line with a finite verb states something; headings name things.
_STATEMENT = re.compile(
    r"^(?=(?:\S+\s+){5})(?:(?!\s[A-Z][a-z]).)*?\s(?:was|were|is|are|has\s+been|have\s+been)\s(?:(?!\s[A-Z][a-z]).)*$"
)


def is_doc_heading(text: str) -> bool:
    return bool(_DOC_HEADING.match(text))


def page_of(heading: str | None) -> str | None:
    if not heading:
        return None
    m = _PAGE_REF.search(heading)
    if not m:
        return None
    return re.sub(r"\s+", " ", m.group(1)).strip()


@dataclass
class CommentStart:
    number: int
    para: int  # index (in the body paragraph list) of the paragraph where the comment's text begins
    head_para: int  # index of the paragraph holding the number (== para unless the number stands alone)
    headings: list[str] = field(default_factory=list)


def heading_run_before(paras: list[Para], idx: int, floor: int) -> list[str]:
    """Headings directly above paragraph idx (not crossing floor), top first."""
    out: list[str] = []
    j = idx - 1
    if j >= floor and _COMMENT_LABEL.match(paras[j].text):
        j -= 1  # "Comment No. 1" over "1. We note…": the headings sit above the label
    if j - 1 >= floor and _INTRO.search(paras[j].text) and is_heading(paras[j - 1]):
        j -= 1  # headings, then "…and have the following comments related to …", then comment 1
    while j >= floor and is_heading(paras[j]):
        out.append(paras[j].text if len(paras[j].lines) == 1 else _heading_lines(paras[j]))
        j -= 1
    out.reverse()
    flat: list[str] = []
    for h in out:
        for line in h.split("\n"):
            flat.extend(split_run_together(line))
    return [h for h in flat if h and not _RUNNING_HEAD.match(h) and not _ADDRESS.search(h)]


_COMMENT_LABEL = re.compile(r"(?i)^(?:sec\s+|staff\s+)?comments?\s*(?:no\.?|number|#)?\s*\d{1,3}\s*[:.]?$")
_INTRO = re.compile(r"(?i)\bhave\s+the\s+following\s+(?:additional\s+)?comments?\b")
# Headings of several levels run together on one line by the extractor: a section title of the filing,
# then the next level; a date, then a title ("Form 8-K furnished October 30, 2019 Exhibit 99.1"); "c) …".
_SECTION_TITLE = re.compile(
    r"(?i)^(?:item\s+\d{1,2}[a-c]?\.?\s*)?(?:management'?s\s+discussion\s+and\s+analysis\s+of\s+financial\s+condition\s+and\s+results\s+of\s+operations?|"
    r"notes\s+to\s+(?:the\s+)?(?:condensed\s+)?consolidated\s+financial\s+statements|"
    r"item\s+\d{1,2}[a-c]?\.?\s*(?:business|risk\s+factors|properties|legal\s+proceedings|financial\s+statements\s+and\s+supplementary\s+data|"
    r"controls\s+and\s+procedures|executive\s+compensation|quantitative\s+and\s+qualitative\s+disclosures?\s+about\s+market\s+risk))"
    r"(?=\s+(?-i:[A-Z0-9]))"
)
_AFTER_DATE = re.compile(
    r"(?<=\b(?:19|20)\d\d)\s+(?=(?:Exhibit|Note|Item|Schedule|Annex|Appendix|[A-Z][a-z]+\s+(?:[A-Z][a-z]+|and|of)\b)(?!\s*(?:Compared|compared|Versus|versus|vs)))"
)
_SUB_ITEM = re.compile(r"\s(?=\(?[a-z]\)\s+[A-Z])")


def split_run_together(heading: str) -> list[str]:
    if not _PAGE_REF.search(heading) and not _DOC_HEADING.match(heading):
        return [heading]
    m = _SECTION_TITLE.match(heading)
    if m:
        return [heading[: m.end()].strip(), *split_run_together(heading[m.end() :].strip())]
    for pattern in (_AFTER_DATE, _SUB_ITEM):
        cut = pattern.search(heading)
        if cut and 8 < cut.start() < len(heading) - 4:
            return [heading[: cut.start()].strip(" ,"), *split_run_together(heading[cut.end() :].strip())]
    return [heading]


# Letterhead address lines repeated in page footers: "3355 Las Vegas Blvd. South, Las Vegas, Nevada 89109".
_ADDRESS = re.compile(
    r"(?i)^\d{1,6}\s+[\w .'-]{2,60}\b(?:street|st\.|avenue|ave\.|blvd\.?|boulevard|road|rd\.|drive|dr\.|plaza|parkway|way|lane|suite)\b|,\s*[A-Za-z. ]{2,20}\s+\d{5}(?:-\d{4})?$|\btel(?:ephone)?\.?\s*[:(]?\s*\(?\d{3}"
)


# Page heads of company letters ("U.S. Securities and Exchange Commission", "April 6, 2023"), not headings.
_RUNNING_HEAD = re.compile(
    r"(?i)^(?:(?:staff\s+|sec\s+)?comments?(?:\s+no\.?)?\s*\d{0,3}\s*[:.]?$|(?:u\.s\.\s+|united\s+states\s+)?securities\s+and\s+exchange\s+commission|division\s+of\s+corporation\s+finance|office\s+of\s+[a-z&, ]+$|[a-z]{3,9}\.?\s+\d{1,2},\s+\d{4}$|page\s+\d+)"
)


def _heading_lines(p: Para) -> str:
    # One heading per printed line, except a line that continues the one above (starts lowercase).
    merged: list[str] = []
    for ln in p.lines:
        if merged and (ln[:1].islower() or merged[-1].endswith(("-", "and", "of", "the", "for", ","))):
            merged[-1] += " " + ln
        else:
            merged.append(ln)
    return "\n".join(merged)


def heading_start(paras: list[Para], idx: int, floor: int) -> int:
    j = idx
    while j - 1 >= floor and is_heading(paras[j - 1]):
        j -= 1
    return j


def find_comment_starts(
    paras: list[Para], *, allow_gaps: bool, floor: int = 0, accept: Callable[[int], bool] | None = None
) -> list[CommentStart]:
    """Numbered comments in order. Numbers run 1, 2, 3…, may restart at 1 under a new heading, and
    (in company letters, which answer only some comments) may skip ahead.

    A number the PDF text layer printed at the wrong place ("3." alone before a page break, its text
    above it) is moved back to the paragraph where its comment begins.
    """
    starts: list[CommentStart] = []
    expected = None
    jumped_from: int | None = None  # the number expected before the last start skipped ahead
    last_para = floor - 1
    for i in range(floor, len(paras)):
        p = paras[i]
        got = number_of(p)
        if got is None:
            continue
        n, rest = got
        if is_numbered_heading(p):
            continue
        alone = not rest.strip()
        # Orphan number whose text follows below (the usual "1." on its own) or was printed above it.
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if alone and nxt is not None and (number_of(nxt) or (0, ""))[0] == n:
            continue  # "Comment No. 1" over "1. We note…": the second carries the text
        displaced = (
            alone
            and (nxt is None or nxt.page != p.page or not (nxt.text[:1].isupper() or nxt.text[:1] in "\"'("))
            and (expected is None or n == expected)
        )
        resumes = jumped_from is not None and n == jumped_from and starts and starts[-1].number > n
        if not resumes and not _acceptable(n, expected, paras, i, allow_gaps):
            continue
        if accept is not None and not accept(i):
            continue
        if resumes:
            # 1, 2, "15", 3: the jump was a stray number (a rule, a page, a quoted letter's comment) and
            # the run goes on where it left off
            starts.pop()
        jumped_from = expected if expected is not None and n > expected + 1 else None
        if displaced:
            # A comment begins on the page where its number was printed: a bounded look back keeps
            # this linear however many stray numbers the text holds.
            j = _displaced_start(paras, max(last_para + 1, floor, i - 40), i)
            last_para = max(last_para, i)
            if j is None:
                continue
            starts.append(CommentStart(n, j, j))
            last_para = i
        else:
            text_para = i + 1 if alone and nxt is not None else i
            starts.append(CommentStart(n, text_para, i))
            last_para = text_para
        expected = n + 1
    starts.sort(key=lambda s: s.para)
    return starts


def _acceptable(n: int, expected: int | None, paras: list[Para], i: int, allow_gaps: bool) -> bool:
    if expected is None:
        return n == 1 or allow_gaps or n <= 3
    if n == expected:
        return True
    if n == 1 and i > 0 and is_heading(paras[i - 1]):
        return True  # numbering restarts under a new heading
    if allow_gaps and expected < n <= expected + 25:
        return True
    return n == expected + 1 and i > 0 and is_heading(paras[i - 1])


def _displaced_start(paras: list[Para], lo: int, hi: int) -> int | None:
    """Where the comment of a displaced number begins: right below the last heading in range, else the
    last paragraph in range that starts a sentence without a connective ("However", "Accordingly")."""
    last_heading_next = None
    last_candidate = None
    for j in range(lo, hi):
        p = paras[j]
        if is_heading(p):
            if j + 1 < hi and not is_heading(paras[j + 1]):
                last_heading_next = j + 1
            continue
        t = p.text
        if t[:1].isupper() and not _CONNECTIVE.match(t) and not _BULLET.match(t) and p.blank_before:
            last_candidate = j
    # A heading in range means the comment sits right under it.
    return last_heading_next if last_heading_next is not None else last_candidate


# --- shared by the staff and company splitters ---------------------------------------------------

_ACK_OPENINGS = (
    "we acknowledge that",
    "the company acknowledges that",
    "the company hereby acknowledges",
    "in addition, the company acknowledges",
    "the company further acknowledges",
)
_ACK_WORDS = re.compile(r"(?i)responsib|foreclose|defen[cs]e")


def trailer_start(paras: list[Para], lo: int, hi: int, markers: tuple[str, ...]) -> int:
    """First paragraph in [lo, hi) of the closing courtesies that follow the last comment, else hi."""
    for j in range(lo, hi):
        low = paras[j].text.lower()
        if low.startswith(_ACK_OPENINGS) and not _ACK_WORDS.search(low[:400]):
            continue  # "The Company acknowledges that the explanation above…" is still the answer
        if low.startswith(markers) or (low.startswith("*") and set(low.replace(" ", "")) <= {"*"}):
            return j
    return hi


def heading_chain(doc_heading: list[str], new: list[str], previous: list[str]) -> tuple[list[str], list[str]]:
    """(chain for this comment, document-level heading to carry on)."""
    if not new:
        return previous, doc_heading
    for k, h in enumerate(new):
        if is_doc_heading(h):
            return new[k:], new[k : k + 1]
    return doc_heading + new, doc_heading


_LABEL = re.compile(r"(?i)^(?:(?:sec\s+|staff\s+)?comment(?:\s+no\.?)?(?:\s*\d{1,3})?|question)\s*[:.\-]\s*|^\d{1,3}\s?[.)]\s*")


def strip_label(text: str) -> str:
    # Twice: "Comment No. 1" then "1." — both are labels, not the staff's words.
    return _LABEL.sub("", _LABEL.sub("", text, count=1), count=1)
