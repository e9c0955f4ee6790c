"""A staff letter's body into its comments: numbered under their headings, or one per heading group."""

from __future__ import annotations

from comments.parser.result import ParsedComment
from comments.parser.structure import (
    CommentStart,
    Para,
    find_comment_starts,
    heading_chain,
    heading_run_before,
    heading_start,
    is_heading,
    number_of,
    page_of,
    strip_label,
    trailer_start,
)

_STAFF_TRAILER = (
    "we remind you",
    "you may contact",
    "please contact",
    "if you have any questions",
    "in closing",
    "we urge all persons",
    "notwithstanding our comments",
    "please refer to rules 460",
    "in responding to our comments",
    "we will consider a written request",
    "refer to rules 460",
    "please allow adequate time",
    "we will respond",
    "please file your response",
    "please respond to this letter",
    "please direct any questions",
    "for questions regarding",
    "should you have any questions",
    "sincerely",
    "in connection with responding to our comments",
    "as appropriate, please",
    "closing comments",
    "please understand that we may have additional comments",
)


def _intro_end(paras: list[Para]) -> int:
    """First paragraph after the staff's standard opening ("…we may have additional comments.")."""
    end = 0
    for j, p in enumerate(paras[:12]):
        if number_of(p) is not None or (end and is_heading(p)):
            break  # the comments have begun; "have the following comments" inside one is not the opening
        low = p.text.lower()
        if (
            "may have additional comments" in low
            or "have the following comment" in low
            or "tell us why in your response" in low
            or low.startswith(
                ("please respond to this", "we have reviewed your", "we have limited our review", "in some of our comments")
            )
        ):
            end = j + 1
    return end


def staff_comments(paras: list[Para]) -> tuple[list[ParsedComment], bool]:
    """The staff's comments and whether they were numbered."""
    floor = _intro_end(paras)
    starts = find_comment_starts(paras, allow_gaps=False, floor=floor)
    end_all = trailer_start(paras, starts[-1].para + 1 if starts else floor, len(paras), _STAFF_TRAILER)
    if not starts:
        # One or more unnumbered comments: each heading group is a comment, numbered 1..n.
        return _unnumbered_comments(paras, floor, end_all), False
    out: list[ParsedComment] = []
    chain: list[str] = []
    doc: list[str] = []
    for k, s in enumerate(starts):
        prev_floor = starts[k - 1].para + 1 if k else floor
        new = heading_run_before(paras, s.head_para, prev_floor)
        chain, doc = heading_chain(doc, new, chain)
        stop = starts[k + 1].head_para if k + 1 < len(starts) else end_all
        if k + 1 < len(starts):
            stop = heading_start(paras, stop, s.para + 1)
        out.append(_comment(s, paras, stop, chain))
    return out, True


def _comment(s: CommentStart, paras: list[Para], stop: int, chain: list[str]) -> ParsedComment:
    first = paras[s.para]
    got = number_of(first) if s.para == s.head_para else None
    pieces = [strip_label(got[1] if got else first.text)] + [p.text for p in paras[s.para + 1 : stop]]
    heading = " / ".join(chain) if chain else None
    return ParsedComment(
        number=s.number, heading=heading, page=page_of(chain[-1]) if chain else None, text="\n\n".join(x for x in pieces if x)
    )


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
            chain, doc = heading_chain(doc, new, chain)
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
