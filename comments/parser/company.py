"""A company letter's body into the comments it restates and its responses, with how each was answered."""

from __future__ import annotations

import re

from comments.parser.answers import classify_letter
from comments.parser.responses import company_names, is_response_marker, split_restated
from comments.parser.result import COMMITTED_TYPES, ParsedComment, ParsedResponse
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

_COMPANY_TRAILER = (
    "* * *",
    "***",
    "if you have any",
    "should you have any",
    "please do not hesitate",
    "please contact",
    "please direct",
    "we acknowledge that",
    "the company acknowledges that",
    "in connection with responding",
    "as you have requested, we confirm",
    "thank you for your attention",
    "thank you for your consideration",
    "thank you for your assistance",
    "thank you for your time",
    "thank you for your review",
    "we appreciate the opportunity",
    "we appreciate your",
    "we appreciate the staff's review",
    "if the staff has any",
    "we hope that",
    "we believe that we have responded",
    "should the staff have",
    "if you would like to discuss",
    "please feel free",
    "we trust that",
    "if you have questions",
    "the company hereby acknowledges",
    "in addition, the company acknowledges",
    "the company further acknowledges",
    "any questions",
    "if the staff has questions",
    "if you require",
    "* * * *",
)


def company_comments(paras: list[Para], *, company: str | None = None) -> tuple[list[ParsedComment], list[ParsedResponse]]:
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
    marker = is_response_marker(paras[first_answer])
    inline = bool(marker and paras[first_answer].text[marker.end() :].strip())  # "Response: We …" holds the answer's start
    end_all = trailer_start(paras, first_answer + (1 if inline else 2), len(paras), _COMPANY_TRAILER)
    comments: list[ParsedComment] = []
    responses: list[ParsedResponse] = []
    answers: list[str] = []
    chain: list[str] = []
    doc: list[str] = []
    for k, s in enumerate(starts):
        prev_floor = starts[k - 1].para + 1 if k else 0
        new = heading_run_before(paras, s.head_para, prev_floor)
        chain, doc = heading_chain(doc, new, chain)
        stop = starts[k + 1].head_para if k + 1 < len(starts) else end_all
        if k + 1 < len(starts):
            stop = heading_start(paras, stop, s.para + 1)
        block = paras[s.para : stop]
        if s.para == s.head_para:
            got = number_of(block[0])
            if got and got[1]:
                block = [Para([got[1]], block[0].emphasis, block[0].page, block[0].index)] + block[1:]
        restated, answer, first = split_restated(block, use_emphasis=use_emphasis)
        comment_text = strip_label("\n\n".join(p.text for p in restated))
        answer_parts = [p.text for p in answer]
        if first is not None and answer_parts:
            answer_parts[0] = first
        answer_text = "\n\n".join(x for x in answer_parts if x)
        heading = " / ".join(chain) if chain else None
        comments.append(ParsedComment(s.number, heading, page_of(chain[-1]) if chain else None, comment_text))
        answers.append(answer_text)
    kinds = classify_letter([c.number for c in comments], answers, [c.text or None for c in comments], names=names)
    for c, text, how in zip(comments, answers, kinds):
        responses.append(
            ParsedResponse(
                c.number,
                c.text or None,
                text,
                how.type in COMMITTED_TYPES,
                how.commitment_text,
                answer_type=how.type,
                heading=c.heading,
                page=c.page,
            )
        )
    return comments, responses


_STAFF_OPENING = re.compile(
    r"^(?:We\s+(?:note|refer|have\s+read|have\s+reviewed|acknowledge\s+your|reissue|partially\s+reissue|re-?issue|are\s+unable|could\s+not|also\s+note|further\s+note|remind)|Please|You\s|Your\s|Tell\s+us|Refer|It\s+appears|In\s+(?:your|the|this|that|light|connection|future|addition|order)|With\s+respect|Regarding|Revise|Explain|Describe|Provide|Disclose|Clarify|Expand|Quantify|Discuss|Identify|If\s|To\s+the\s+extent|On\s+page|Where|Although|Consider|Show|Since|Given|As\s|Please|Address|Confirm|Update|Include|State|Advise|Supplementally|Throughout|Comment)"
)


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
