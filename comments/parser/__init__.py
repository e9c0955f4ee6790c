"""The comment-letter parser: letter text in, a ParsedLetter out. Pure: no ORM, no settings, no network.

parse_letter() reads SEC staff letters (EDGAR UPLOAD/LETTER) and company letters (CORRESP): kind,
date, the filings named in the Re: block, numbered staff comments under their headings, company
responses with their commitments, the Tandy acknowledgements, literature and topics.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from comments.parser.acknowledgements import AcknowledgementFinding, acknowledgements_requested, find_acknowledgements
from comments.parser.kinds import company_kind, is_staff_text, staff_kind
from filings.forms import COMPANY_FORMS, STAFF_FORMS
from comments.parser.literature import find_literature
from comments.parser.normalize import clean_lines
from comments.parser.references import ReferencedFiling, find_re_block, parse_references
from comments.parser.responses import company_names, find_commitment, is_response_marker, split_restated
from comments.parser.signatures import (
    addressee as find_addressee,
    closing_index,
    letter_date as find_letter_date,
    responds_to_date,
    signatories as find_signatories,
    staff_office as find_staff_office,
)
from comments.parser.structure import (
    CommentStart,
    number_of,
    Para,
    find_comment_starts,
    heading_run_before,
    heading_start,
    is_doc_heading,
    is_heading,
    page_of,
    paragraphs,
)
from comments.parser.topics import TOPICS, topics_for

PARSER_VERSION = "2026.11.2"

__all__ = [
    "PARSER_VERSION", "TOPICS", "AcknowledgementFinding", "ParsedComment", "ParsedLetter", "ParsedResponse",
    "ReferencedFiling", "parse_letter",
]


@dataclass
class ParsedComment:
    number: int
    heading: str | None
    page: str | None
    text: str
    topics: list[str] = field(default_factory=list)


@dataclass
class ParsedResponse:
    number: int
    restated_comment: str | None
    text: str
    commitment: bool
    commitment_text: str | None


@dataclass
class ParsedLetter:
    kind: str
    letter_date: date | None
    company_name: str | None
    addressee: str | None
    signatories: list[str]
    staff_office: str | None
    referenced_filings: list[ReferencedFiling]
    responds_to_letter_date: date | None
    comments: list[ParsedComment]
    responses: list[ParsedResponse]
    acknowledgements: list[AcknowledgementFinding] | None
    acknowledgements_requested: bool | None
    literature: list[str]
    topics: list[str]
    parser_version: str = PARSER_VERSION

    def to_contract(self, *, file: str) -> dict:
        def d(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "file": file,
            "kind": self.kind,
            "letter_date": d(self.letter_date),
            "company_name": self.company_name,
            "referenced_filings": [
                {"form": f.form, "period_end": d(f.period_end), "filed": d(f.filed), "file_number": f.file_number, "amendment": f.amendment}
                for f in self.referenced_filings
            ],
            "responds_to_letter_date": d(self.responds_to_letter_date),
            "comments": [{"number": c.number, "heading": c.heading, "page": c.page, "text": c.text} for c in self.comments],
            "responses": [{"number": r.number, "restated_comment": r.restated_comment, "text": r.text, "commitment": r.commitment} for r in self.responses],
            "acknowledgements": None if self.acknowledgements is None else {a.statement: a.present for a in self.acknowledgements},
            "acknowledgements_requested": self.acknowledgements_requested,
            "literature": list(self.literature),
            "topics": list(self.topics),
            "signatories": list(self.signatories),
        }


def parse_letter(text: str, *, form_type: str | None = None, emphasis: list[tuple[int, int, str]] | None = None) -> ParsedLetter:
    """Parse one letter's extracted text. form_type is the EDGAR form (UPLOAD/LETTER: staff, CORRESP:
    company); without it the text decides. emphasis holds (start, end, kind) italic/bold spans over text."""
    lines = clean_lines(text or "", emphasis)
    block = find_re_block(lines)
    re_start = block.start if block else None
    body_start = block.end if block else _salutation_index(lines)
    if body_start < len(lines) and _SALUTATION.match(lines[body_start].text):
        body_start += 1
    close = closing_index(lines, body_start)
    body_lines = lines[body_start:close] if close is not None else lines[body_start:]
    tail = "\n".join(ln.text for ln in lines[close:]) if close is not None else ""

    paras = paragraphs(body_lines)
    body_text = "\n".join(p.text for p in paras)
    form = (form_type or "").upper().strip()
    if form in STAFF_FORMS:
        staff = True
    elif form in COMPANY_FORMS:
        staff = False
    else:
        head = " ".join(ln.text for ln in lines[: re_start if re_start is not None else 15])
        staff = is_staff_text(head, body_text, tail)
    full_text = "\n".join(ln.text for ln in lines)

    if staff:
        comments, numbered = _staff_comments(paras)
        responses: list[ParsedResponse] = []
        kind = staff_kind(body_text, len(comments), numbered=numbered)
        if kind != "staff_comment_letter":
            comments = []
        acks = None
        requested: bool | None = acknowledgements_requested(full_text)
    else:
        comments, responses = _company_comments(paras, company=block.company_name if block else None)
        kind = company_kind(body_text, len(comments))
        if kind != "company_response":
            comments, responses = [], []
        acks = find_acknowledgements(full_text)
        requested = None

    if block and block.company_name:
        _drop_company_heading(comments, block.company_name)
    literature = find_literature(body_text)
    for c in comments:
        c.topics = topics_for(heading=c.heading, text=c.text, literature=find_literature(c.text))
    topics: list[str] = []
    for c in comments:
        for t in c.topics:
            if t not in topics:
                topics.append(t)

    return ParsedLetter(
        kind=kind,
        letter_date=find_letter_date(lines, re_start),
        company_name=block.company_name if block else None,
        addressee=find_addressee(lines, re_start, staff=staff),
        signatories=find_signatories(lines, close),
        staff_office=find_staff_office(lines),
        referenced_filings=parse_references(block),
        responds_to_letter_date=responds_to_date(body_text) if not staff or kind == "staff_comment_letter" else None,
        comments=comments,
        responses=responses,
        acknowledgements=acks,
        acknowledgements_requested=requested,
        literature=literature,
        topics=[t for t in TOPICS if t in topics],
        parser_version=PARSER_VERSION,
    )


_SALUTATION = re.compile(r"(?i)^(?:dear\b|ladies\s+and\s+gentlemen|gentlemen|to\s+whom|mesdames|madam\b|sirs?\b)")


def _drop_company_heading(comments: list[ParsedComment], company: str) -> None:
    # The company's name alone on a line is a letterhead or footer, not a heading of the filing.
    name = company.lower().strip(" .,")
    for c in comments:
        if c.heading:
            parts = [h for h in c.heading.split(" / ") if h.lower().strip(" .,") != name]
            c.heading = " / ".join(parts) or None


def _salutation_index(lines: list) -> int:
    for i, ln in enumerate(lines[:120]):
        if ln.text.lower().startswith(("dear ", "ladies and gentlemen")):
            return i + 1
    return 0


_STAFF_TRAILER = (
    "we remind you", "you may contact", "please contact", "if you have any questions", "in closing", "we urge all persons",
    "notwithstanding our comments", "please refer to rules 460", "in responding to our comments", "we will consider a written request",
    "refer to rules 460", "please allow adequate time", "we will respond", "please file your response", "please respond to this letter",
    "please direct any questions", "for questions regarding", "should you have any questions", "sincerely",
    "in connection with responding to our comments", "as appropriate, please", "closing comments",
    "please understand that we may have additional comments",
)
_COMPANY_TRAILER = (
    "* * *", "***", "if you have any", "should you have any", "please do not hesitate", "please contact", "please direct",
    "we acknowledge that", "the company acknowledges that", "in connection with responding", "as you have requested, we confirm",
    "thank you for your attention", "thank you for your consideration", "thank you for your assistance",
    "thank you for your time", "thank you for your review", "we appreciate the opportunity", "we appreciate your",
    "we appreciate the staff's review", "if the staff has any", "we hope that", "we believe that we have responded",
    "should the staff have", "if you would like to discuss", "please feel free", "we trust that", "if you have questions",
    "the company hereby acknowledges", "in addition, the company acknowledges", "the company further acknowledges",
    "any questions", "if the staff has questions", "if you require", "* * * *",
)


_ACK_OPENINGS = ("we acknowledge that", "the company acknowledges that", "the company hereby acknowledges",
                 "in addition, the company acknowledges", "the company further acknowledges")
_ACK_WORDS = re.compile(r"(?i)responsib|foreclose|defen[cs]e")


def _trailer_start(paras: list[Para], lo: int, hi: int, markers: tuple[str, ...]) -> int:
    for j in range(lo, hi):
        low = paras[j].text.lower()
        if low.startswith(_ACK_OPENINGS) and not _ACK_WORDS.search(low[:400]):
            continue  # "The Company acknowledges that the explanation above…" is still the answer
        if low.startswith(markers) or (low.startswith("*") and set(low.replace(" ", "")) <= {"*"}):
            return j
    return hi


def _intro_end(paras: list[Para]) -> int:
    """First paragraph after the staff's standard opening ("…we may have additional comments.")."""
    end = 0
    for j, p in enumerate(paras[:12]):
        if number_of(p) is not None or (end and is_heading(p)):
            break  # the comments have begun; "have the following comments" inside one is not the opening
        low = p.text.lower()
        if (
            "may have additional comments" in low or "have the following comment" in low or "tell us why in your response" in low
            or low.startswith(("please respond to this", "we have reviewed your", "we have limited our review", "in some of our comments"))
        ):
            end = j + 1
    return end


def _heading_chain(doc_heading: list[str], new: list[str], previous: list[str]) -> tuple[list[str], list[str]]:
    """(chain for this comment, document-level heading to carry on)."""
    if not new:
        return previous, doc_heading
    for k, h in enumerate(new):
        if is_doc_heading(h):
            return new[k:] if k == 0 else new[k:], new[k:k + 1]
    return doc_heading + new, doc_heading


def _staff_comments(paras: list[Para]) -> tuple[list[ParsedComment], bool]:
    """The staff's comments and whether they were numbered."""
    floor = _intro_end(paras)
    starts = find_comment_starts(paras, allow_gaps=False, floor=floor)
    end_all = _trailer_start(paras, starts[-1].para + 1 if starts else floor, len(paras), _STAFF_TRAILER)
    if not starts:
        # One or more unnumbered comments: each heading group is a comment, numbered 1..n.
        return _unnumbered_comments(paras, floor, end_all), False
    out: list[ParsedComment] = []
    chain: list[str] = []
    doc: list[str] = []
    for k, s in enumerate(starts):
        prev_floor = starts[k - 1].para + 1 if k else floor
        new = heading_run_before(paras, s.head_para, prev_floor)
        chain, doc = _heading_chain(doc, new, chain)
        stop = starts[k + 1].head_para if k + 1 < len(starts) else end_all
        if k + 1 < len(starts):
            stop = heading_start(paras, stop, s.para + 1)
        out.append(_comment(s, paras, stop, chain))
    return out, True


def _comment(s: CommentStart, paras: list[Para], stop: int, chain: list[str]) -> ParsedComment:
    first = paras[s.para]
    got = number_of(first) if s.para == s.head_para else None
    pieces = [_strip_label(got[1] if got else first.text)] + [p.text for p in paras[s.para + 1: stop]]
    heading = " / ".join(chain) if chain else None
    return ParsedComment(number=s.number, heading=heading, page=page_of(chain[-1]) if chain else None, text="\n\n".join(x for x in pieces if x))


def _unnumbered_comments(paras: list[Para], lo: int, hi: int) -> list[ParsedComment]:
    out: list[ParsedComment] = []
    chain: list[str] = []
    doc: list[str] = []
    j = lo
    while j < hi:
        if is_heading(paras[j]):
            k = j
            while k < hi and is_heading(paras[k]):
                k += 1
            new = heading_run_before(paras, k, j)
            chain, doc = _heading_chain(doc, new, chain)
            j = k
            continue
        k = j
        while k < hi and not is_heading(paras[k]):
            k += 1
        text = "\n\n".join(p.text for p in paras[j:k])
        if len(text) > 40:
            heading = " / ".join(chain) if chain else None
            out.append(ParsedComment(len(out) + 1, heading, page_of(chain[-1]) if chain else None, text))
        j = k
    return out


def _company_comments(paras: list[Para], *, company: str | None = None) -> tuple[list[ParsedComment], list[ParsedResponse]]:
    use_emphasis = _uses_emphasis(paras)
    names = company_names("\n".join(p.text for p in paras[:6]), company=company)
    markers = {j for j, p in enumerate(paras) if is_response_marker(p)}

    def restated_like(i: int) -> bool:
        """A numbered paragraph in a company letter is a restated comment, not a list in an answer."""
        p = paras[i]
        got = number_of(p)
        rest = got[1] if got else ""
        if not rest.strip() and i + 1 < len(paras):
            p, rest = paras[i + 1], paras[i + 1].text
        if p.emphasis >= 0.5 or _STAFF_OPENING.match(rest):
            return True
        if any(k in markers for k in range(i + 1, i + 5)):
            return True
        if use_emphasis:
            return False  # this letter sets its restated comments in italics or bold; this one is plain
        if i > 0 and (is_heading(paras[i - 1]) or paras[i - 1].text.lower().startswith("comment")):
            return True
        return len(rest) > 200 and not paras[i - 1].text.rstrip().endswith(":") if i > 0 else True

    starts = find_comment_starts(paras, allow_gaps=True, floor=0, accept=restated_like)
    starts = _increasing(starts)
    if not starts:
        starts = _unnumbered_restated(paras, use_emphasis)
    if not starts:
        return [], []
    # The last answer runs to the closing courtesies; its own first paragraph is never one of them.
    first_answer = next((j for j in range(starts[-1].para + 1, len(paras)) if is_response_marker(paras[j])), starts[-1].para)
    end_all = _trailer_start(paras, first_answer + 2, len(paras), _COMPANY_TRAILER)
    comments: list[ParsedComment] = []
    responses: list[ParsedResponse] = []
    chain: list[str] = []
    doc: list[str] = []
    for k, s in enumerate(starts):
        prev_floor = starts[k - 1].para + 1 if k else 0
        new = heading_run_before(paras, s.head_para, prev_floor)
        chain, doc = _heading_chain(doc, new, chain)
        stop = starts[k + 1].head_para if k + 1 < len(starts) else end_all
        if k + 1 < len(starts):
            stop = heading_start(paras, stop, s.para + 1)
        block = paras[s.para:stop]
        if s.para == s.head_para:
            got = number_of(block[0])
            if got and got[1]:
                block = [Para([got[1]], block[0].emphasis, block[0].page, block[0].index)] + block[1:]
        restated, answer, first = split_restated(block, use_emphasis=use_emphasis)
        comment_text = _strip_label("\n\n".join(p.text for p in restated))
        answer_parts = [p.text for p in answer]
        if first is not None and answer_parts:
            answer_parts[0] = first
        answer_text = "\n\n".join(x for x in answer_parts if x)
        heading = " / ".join(chain) if chain else None
        comments.append(ParsedComment(s.number, heading, page_of(chain[-1]) if chain else None, comment_text))
        commitment = find_commitment(answer_text, names=names)
        responses.append(ParsedResponse(s.number, comment_text or None, answer_text, commitment is not None, commitment))
    return comments, responses


_STAFF_OPENING = re.compile(
    r"^(?:We\s+(?:note|refer|have\s+read|have\s+reviewed|acknowledge\s+your|reissue|partially\s+reissue|re-?issue|are\s+unable|could\s+not|also\s+note|further\s+note|remind)|Please|You\s|Your\s|Tell\s+us|Refer|It\s+appears|In\s+(?:your|the|this|that|light|connection|future|addition|order)|With\s+respect|Regarding|Revise|Explain|Describe|Provide|Disclose|Clarify|Expand|Quantify|Discuss|Identify|If\s|To\s+the\s+extent|On\s+page|Where|Although|Consider|Show|Since|Given|As\s|Please|Address|Confirm|Update|Include|State|Advise|Supplementally|Throughout|Comment)"
)
_LABEL = re.compile(r"(?i)^(?:(?:sec\s+|staff\s+)?comment(?:\s+no\.?)?(?:\s*\d{1,3})?|question)\s*[:.\-]\s*|^\d{1,3}\s?[.)]\s*")


def _strip_label(text: str) -> str:
    # Twice: "Comment No. 1" then "1." — both are labels, not the staff's words.
    return _LABEL.sub("", _LABEL.sub("", text, count=1), count=1)


def _uses_emphasis(paras: list[Para]) -> bool:
    if not paras:
        return False
    emph = sum(1 for p in paras if p.emphasis >= 0.5 and len(p.text) > 60)
    plain = sum(1 for p in paras if p.emphasis < 0.5 and len(p.text) > 60)
    return emph >= 1 and plain >= 1


def _increasing(starts: list[CommentStart]) -> list[CommentStart]:
    out: list[CommentStart] = []
    for s in starts:
        if not out or s.number > out[-1].number or s.number == 1:
            out.append(s)
    return out


def _unnumbered_restated(paras: list[Para], use_emphasis: bool) -> list[CommentStart]:
    """Restated comments without numbers: the paragraph(s) above each "Response" marker, or each
    emphasised run when the letter sets comments in italics or bold."""
    out: list[CommentStart] = []
    markers = [j for j, p in enumerate(paras) if is_response_marker(p)]
    last = -1
    for m in markers:
        j = m - 1
        if j <= last or j < 0 or is_heading(paras[j]):
            last = m
            continue
        # Walk up over the comment's paragraphs: emphasised ones, or ones in the staff's voice, up to
        # a heading, the previous answer or a "Comment:" label (which belongs to the comment).
        while j - 1 > last and m - j < 8:
            above = paras[j - 1]
            if above.text.lower().startswith(("comment", "staff comment", "sec comment")):
                j -= 1
                break
            if is_heading(above):
                break
            if use_emphasis and above.emphasis >= 0.5 or not use_emphasis and _STAFF_OPENING.match(above.text):
                j -= 1
                continue
            break
        out.append(CommentStart(len(out) + 1, j, j))
        last = m
    if out or not use_emphasis:
        return out
    j = 0
    while j < len(paras):
        if paras[j].emphasis >= 0.5 and not is_heading(paras[j]) and len(paras[j].text) > 60:
            out.append(CommentStart(len(out) + 1, j, j))
            while j < len(paras) and paras[j].emphasis >= 0.5:
                j += 1
        j += 1
    return out
