"""One letter end to end: find its parts, split its body as a staff or a company letter, gather the rest."""

from __future__ import annotations

from comments.parser import signatures
from comments.parser.acknowledgements import acknowledgements_requested, find_acknowledgements
from comments.parser.company import company_comments
from comments.parser.kinds import company_kind, is_staff_text, staff_kind
from comments.parser.literature import find_literature
from comments.parser.normalize import Line, clean_lines
from comments.parser.references import find_re_block, parse_references
from comments.parser.result import PARSER_VERSION, ParsedComment, ParsedLetter, ParsedResponse
from comments.parser.signatures import SALUTATION, closing_index, responds_to_date
from comments.parser.staff import staff_comments
from comments.parser.structure import paragraphs
from comments.parser.topics import TOPICS, topics_for
from filings.forms import COMPANY_FORMS, STAFF_FORMS


def parse_letter(text: str, *, form_type: str | None = None, emphasis: list[tuple[int, int, str]] | None = None) -> ParsedLetter:
    """Parse one letter's extracted text. form_type is the EDGAR form (UPLOAD/LETTER: staff, CORRESP:
    company); without it the text decides. emphasis holds (start, end, kind) italic/bold spans over text."""
    lines = clean_lines(text or "", emphasis)
    block = find_re_block(lines)
    re_start = block.start if block else None
    body_start = block.end if block else _salutation_index(lines)
    if body_start < len(lines) and SALUTATION.match(lines[body_start].text):
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
        comments, numbered = staff_comments(paras)
        responses: list[ParsedResponse] = []
        kind = staff_kind(body_text, len(comments), numbered=numbered)
        if kind != "staff_comment_letter":
            comments = []
        acks = None
        requested: bool | None = acknowledgements_requested(full_text)
    else:
        comments, responses = company_comments(paras, company=block.company_name if block else None)
        kind = company_kind(body_text, len(comments))
        if kind != "company_response":
            comments, responses = [], []
        acks = find_acknowledgements(full_text)
        requested = None

    if block and block.company_name:
        _drop_company_heading(comments, block.company_name)
        _drop_company_heading(responses, block.company_name)
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
        letter_date=signatures.letter_date(lines, re_start),
        company_name=block.company_name if block else None,
        addressee=signatures.addressee(lines, re_start, staff=staff),
        signatories=signatures.signatories(lines, close),
        staff_office=signatures.staff_office(lines),
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


def _drop_company_heading(comments: list[ParsedComment] | list[ParsedResponse], company: str) -> None:
    # The company's name alone on a line is a letterhead or footer, not a heading of the filing.
    name = company.lower().strip(" .,")
    for c in comments:
        if c.heading:
            parts = [h for h in c.heading.split(" / ") if h.lower().strip(" .,") != name]
            c.heading = " / ".join(parts) or None


def _salutation_index(lines: list[Line]) -> int:
    for i, ln in enumerate(lines[:120]):
        if ln.text.lower().startswith(("dear ", "ladies and gentlemen")):
            return i + 1
    return 0
