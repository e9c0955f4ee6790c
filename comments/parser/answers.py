"""How a company answered each comment: revised, will_revise, clarified, provided_information or declined
(tests/labels/README.md). Pure: the answers and restated comments of one letter in, one type each out.

A change made or promised decides first (comments.parser.changes). Without one, the staff's request tells
the rest apart: asked for a change and got none is declined; asked for information is
provided_information; a short answer that only points to what the filing already says is clarified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from comments.parser.changes import find_change
from comments.parser.prefilter import fold, prefiltered
from comments.parser.result import COMMITTED_TYPES


@dataclass(frozen=True)
class Answer:
    type: str
    commitment_text: str | None  # the company's sentence that makes or promises the change


def classify_answer(answer: str, *, restated: str | None, names: tuple[str, ...] = ()) -> Answer:
    change = find_change(answer, names=names)
    if change:
        return Answer(*change)
    return _without_change(answer, restated)


def _without_change(answer: str, restated: str | None) -> Answer:
    request = staff_request(restated)
    low = fold(answer)
    if request == "change" or request is None and _DISAGREES.search(answer, low):
        return Answer("declined", None)
    if request != "information" and len(answer) < 900 and _POINTS_TO_FILING.search(answer, low):
        return Answer("clarified", None)
    return Answer("provided_information", None)


def classify_letter(
    numbers: list[int], answers: list[str], restated: list[str | None], *, names: tuple[str, ...] = ()
) -> list[Answer]:
    """One Answer per response of a letter, in order.

    A restated comment with no answer of its own shares the combined answer printed after the next
    comments ("Response to comments 2 and 3"); an answer that points to the response to another comment
    of this letter ("see our response to comment 2") takes that comment's type when that response
    revises, or when the pointer is all the answer says."""
    source = _answer_sources(answers)
    shared = [answers[k] for k in source]
    out = [
        classify_answer(answers[i], restated=restated[i], names=names) if source[i] == i else None for i in range(len(answers))
    ]
    for i, k in enumerate(source):
        if out[i] is None:  # one combined answer is read once, whatever the number of comments it covers
            first = out[k]
            assert first is not None  # an answer's source is read before the comments that share it
            own = staff_request(restated[i])
            out[i] = (
                first
                if first.type in COMMITTED_TYPES or own == staff_request(restated[k])
                else _without_change(answers[k], restated[i])
            )
    read = [answer for answer in out if answer is not None]  # every slot is filled by now
    by_number = {n: i for i, n in enumerate(numbers)}
    for _ in range(2):  # a pointer to a pointer
        for i, text in enumerate(shared):
            if read[i].type in COMMITTED_TYPES:
                continue
            for target in _pointed_to(text):
                j = by_number.get(target)
                if j is None or j == i:
                    continue
                if read[j].type in COMMITTED_TYPES or _only_points(text):
                    read[i] = read[j]
                    break
    return read


def _answer_sources(answers: list[str]) -> list[int]:
    """For each response, the index of the answer it uses: its own, or the combined one below it."""
    source = list(range(len(answers)))
    for i in range(len(answers) - 2, -1, -1):
        if not answers[i].strip() and answers[source[i + 1]].strip():
            source[i] = source[i + 1]
    return source


# "Please see our response to comment 2", "as described in the Company's response to Comment No. 4 above";
# not "our response to prior comment 3 in our letter dated …", which numbers another letter's comments.
_POINTER = prefiltered(
    r"(?i)\b(?:see|refer(?:s|red)?\s+(?:the\s+staff\s+)?to|(?:as\s+)?(?:discussed|described|set\s+forth|noted|indicated|explained|stated|provided|addressed|included|outlined)\s+(?:above\s+|below\s+)?in|consistent\s+with)\s+"
    r"(?:the\s+company'?s\s+|our\s+|its\s+|the\s+)?(?:responses?|answers?|replies|reply)\s+to\s+(?:the\s+staff'?s\s+)?comments?\s+(?:nos?\.?\s*)?"
    r"(?P<numbers>\d{1,3}(?:\s*(?:,|and|&)\s*\d{1,3})*)(?![^.]{0,40}\b(?:letter\s+dated|prior\s+letter|previous\s+letter))"
)


def _only_points(text: str) -> bool:
    """The answer says nothing but where the answer is ("Please see our response to Comment 2 above.")."""
    rest = " ".join(s for s in re.split(r"(?<=[.!?])\s+", text) if not _POINTER.search(s, fold(s)))
    return len(rest.strip()) < 60


def _pointed_to(text: str) -> list[int]:
    found: list[int] = []
    head = text[:3000]
    for m in _POINTER.finditer(head, fold(head)):
        found.extend(int(n) for n in re.findall(r"\d{1,3}", m.group("numbers")))
    return found


# The staff asks for a change: an imperative to revise, disclose, expand or remove, at a sentence start or
# after "please"/"and"; "tell us how you considered providing disclosure" asks for information.
_CHANGE_VERBS = (
    r"revise|disclose|amend|remove|delete|expand\s+(?:\w+\s+){0,3}?(?:disclosures?|discussion|md&a|risk\s+factors?|table|description|note)|"
    r"provide\s+(?:\w+\s+){0,4}?disclosures?|include\s+(?:\w+\s+){0,8}?(?:in|within)\s+(?:your|the|future)\b|file"
)
# Verbs that ask for a change only when the comment asks the staff nothing ("Discuss the effects …" in a
# disclosure comment, but "Tell us … • Discuss …" asks for a discussion with the staff).
_SOFT_CHANGE_VERBS = r"(?:discuss|clarify|present|describe|quantify|identify|state|indicate|furnish|explain|address)(?!\s+(?:to|for|with)\s+us|\s+(?:the\s+materiality|whether|why)\b)"
_CHANGE_LEAD = (
    r"(?:^|[;:]\s*|\bplease\s+(?:also\s+|further\s+|then\s+)?|\band\s+(?:please\s+)?(?:also\s+)?|\bor\s+|\bto\s+the\s+extent\s+(?:[\w,]+\s+){0,4}?|"
    r"\bif\s+(?:[\w,]+\s+){0,4}?|\bin\s+future\s+filings,?\s+(?:please\s+)?|\badditionally,?\s+|\balso,?\s+|\bin\s+addition,?\s+|\botherwise,?\s+|\balternatively,?\s+)"
)
_CHANGE_REQUEST = prefiltered(rf"(?i){_CHANGE_LEAD}(?:{_CHANGE_VERBS})\b")
_SOFT_CHANGE_REQUEST = prefiltered(rf"(?i){_CHANGE_LEAD}{_SOFT_CHANGE_VERBS}\b")
_INFO_REQUEST = prefiltered(
    r"(?i)\b(?:tell|show|explain\s+to|advise|provide)\s+us\b|\b(?:expand|elaborate)\s+(?:up)?on\b|\bdiscuss\s+(?:the\s+materiality|whether|why)\b|\bexplain\b|\bplease\s+(?:also\s+)?(?:describe|quantify|confirm|clarify|address|provide|help\s+us)\b|"
    r"\bdescribe\s+(?:to|for)\s+us\b|\bconfirm\b|\bsupplementally\b|\bhow\s+you\s+(?:determined|concluded|considered)\b|\?"
)
# Sentence openings that carry the staff's reading, not its request ("We note you disclose …").
_NOT_A_REQUEST = re.compile(
    r"(?i)^\s*(?:we\s+(?:note|refer|also\s+note|further\s+note|have\s+read)|you\s|your\s|in\s+your|it\s+appears|it\s+is\s+unclear|as\s+disclosed)\b"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(\u2022])|\n+|\s\u2022\s")


def staff_request(restated: str | None) -> str | None:
    """ "change" when the restated comment asks for a change to a filing, "information" when it only asks
    for an explanation or data, None when it asks neither (or there is no restated comment)."""
    if not restated:
        return None
    info = soft = False
    for sentence in _SENTENCE.split(restated):
        s = sentence.strip(" \u2022-")
        if not s or _NOT_A_REQUEST.match(s) and not re.search(r"(?i)\b(?:please|revise)\b", s):
            continue
        asks_us = re.search(r"(?i)\b(?:tell|show|provide|advise)\s+us\b", s)
        low = fold(s)
        change = _CHANGE_REQUEST.search(s, low)
        if change and not (
            asks_us
            and asks_us.start() < change.start()
            and not re.search(r"(?i)\b(?:and|also)\s+(?:please\s+)?revise|\bin\s+future\s+filings", s)
        ):
            return "change"
        soft = soft or bool(_SOFT_CHANGE_REQUEST.search(s, low))
        info = info or bool(_INFO_REQUEST.search(s, low))
    if info:
        return "information"
    return "change" if soft else None


# The company disagrees that a change is needed (used only when the staff's words are not restated).
_DISAGREES = prefiltered(
    r"(?i)\brespectfully\s+(?:submits?|believes?|advises?|notes?|disagrees?|declines?)\b[^.]{0,200}?\b(?:not\s+(?:necessary|required|warranted|appropriate|material|meaningful|needed)|no\s+(?:revision|change|additional\s+disclosure|further\s+disclosure))"
    r"|\b(?:do|does)\s+not\s+believe\s+(?:that\s+)?(?:any\s+)?(?:additional|further|such|the\s+requested|revised|expanded|more)\s+disclosures?\b"
)
# Pointing to what the filing already says: "the disclosure on page 45 describes", "as disclosed in Note 7".
_POINTS_TO_FILING = prefiltered(
    r"(?i)\b(?:refers?\s+the\s+staff\s+to|(?:as|is|are)\s+(?:already\s+|currently\s+)?(?:disclosed|described|discussed|stated|presented|included|explained)\s+(?:on|in|under|within)\s+(?:page|note|item|the|our|its))"
    r"|\b(?:existing|current)\s+disclosures?\s+(?:on|in)\b|\bthe\s+disclosure\s+on\s+pages?\s+\S+\s+(?:already\s+)?(?:describes|states|includes|explains|discusses|provides)"
)
