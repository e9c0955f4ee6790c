"""Which earlier staff comments a follow-up comment returns to. Pure: text in, numbers out.

Follow-up letters say so in a few set ways: "We note your response to prior comment 3", "Your response to
comment 2 of our letter dated June 4, 2024 states …", "We reissue comment 5", "… and reissue it in part",
"We have considered your responses to prior comments 4 and 6". Page numbers ("page 15") and rules
("Rule 3-05") are never comment numbers, so only numbers governed by the word "comment" count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from comments.parser.dates import find_dates
from comments.parser.numbers import NUMBER_WORDS

_WORDS = NUMBER_WORDS
_NUMBER = r"(?:\d{1,3}|" + "|".join(_WORDS) + r")"
# "comment 3", "comments 4 and 6", "comments 2, 3 and 5", "comment no. 7", "comments 4-6".
_COMMENT_REF = re.compile(
    rf"(?i)\b(?:prior\s+|previous\s+|earlier\s+|our\s+(?:prior\s+)?)?comments?\s+(?:nos?\.?\s*)?"
    rf"(?P<numbers>{_NUMBER}(?:\s*(?:,|and|&|through|to|-|–)\s*(?:comment\s+)?{_NUMBER})*)"
)
# The reference must be about the company's response or a reissue, not "see comment 4 below".
_FOLLOW_UP = re.compile(
    r"(?i)\b(?:response|responses|responding|reissue|re-issue|revisions?|revised|proposed|considered|prior|previous|earlier)\b"
)
_LETTER_DATED = re.compile(
    r"(?i)\b(?:of|in)\s+our\s+(?:comment\s+)?letter\s+dated\s+[^.;]{4,30}|\bour\s+\w+\s+\d{1,2},\s+\d{4},?\s+letter"
)


@dataclass(frozen=True)
class PriorReference:
    numbers: tuple[int, ...]
    # The staff letter the numbers belong to, when the comment names it; else the previous round.
    letter_date: date | None = None


def _number(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return _WORDS.get(token)


def _numbers(span: str) -> list[int]:
    tokens = re.findall(rf"(?i){_NUMBER}", span)
    values = [v for v in (_number(t) for t in tokens) if v is not None]
    if re.search(r"(?i)\d\s*(?:through|to|-|–)\s*\d", span) and len(values) == 2 and values[0] < values[1] <= values[0] + 30:
        return list(range(values[0], values[1] + 1))
    return values


def prior_comment_references(text: str) -> list[PriorReference]:
    """Earlier comments this comment returns to, in the order named; empty for a first-round comment."""
    found: list[PriorReference] = []
    seen: set[tuple[int, date | None]] = set()
    head = text[:1500]
    for match in _COMMENT_REF.finditer(head):
        window = head[max(0, match.start() - 80) : match.end() + 60]
        if not _FOLLOW_UP.search(window):
            continue
        numbers = [n for n in _numbers(match.group("numbers")) if 0 < n < 200]
        if not numbers:
            continue
        dated = _LETTER_DATED.search(head[match.end() : match.end() + 60])
        when = None
        if dated:
            dates = find_dates(dated.group(0))
            when = dates[-1][2] if dates else None
        fresh = tuple(n for n in numbers if (n, when) not in seen)
        if fresh:
            seen.update((n, when) for n in fresh)
            found.append(PriorReference(numbers=fresh, letter_date=when))
    return found
