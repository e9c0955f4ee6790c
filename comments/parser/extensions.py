"""What an extension-request letter asks for: until a date, or so many more days. Pure: text in, terms out.

Companies write these in a few shapes, all seen on EDGAR:
- "we hereby respectfully request to extend the reply deadline to no later than Friday, June 14, 2024";
- "agreed to a further extension until March 13, 2020" (a call with the staff, confirmed in writing);
- "requests an extension of an additional ten business days ... on or before May 6, 2024";
- "a 14 calendar day extension of the original due date" / "30 calendar days from the date of your correspondence".

A date, when the letter gives one, is what the company committed to and wins over a count of days. When
the letter names several ("On July 27 we requested an extension until August 17 ... we request a further
extension to August 22"), the latest is the one it asks for now. Dates the letter only refers to (the staff
letter "dated May 22, 2024", "the telephone conversation on January 29, 2020") are not deadlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from comments.parser.dates import find_dates
from comments.parser.numbers import NUMBER_WORDS

# The words a deadline follows: "until", "to", "by", "no later than", "on or before", "through".
_DEADLINE_BEFORE = re.compile(
    r"(?i)(?:\buntil|\bto|\bby|\bno\s+later\s+than|\bon\s+or\s+before|\bthrough)\s*"
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s*)?$"
)
# "on January 29, 2020" right after a word of talking is when they spoke, not a deadline.
_NOT_A_DEADLINE = re.compile(
    r"(?i)\b(?:dated|conversation|call|spoke|discussed|discussion|received|meeting|letter|correspondence)\s+"
    r"(?:on\s+)?(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s*)?$"
)
_ABOUT_TIMING = re.compile(
    r"(?i)\b(?:extension|extend|respond|response|responses|reply|submit|submitted|file|provide|deadline|due)\b"
)
_NUMBER_WORDS = {
    **NUMBER_WORDS,
    "twenty-one": 21,
    "twenty-five": 25,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
}
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
# "an additional ten (10) business days", "a 14 calendar day extension", "30 calendar days from the date of".
_DAYS = re.compile(
    rf"(?i)\b{_COUNT}(?:\s*\(\d{{1,3}}\))?[\s-]+(?:(?P<unit>business|calendar|working)[\s-]+)?days?\b"
    r"(?P<after>[^.]{0,120})"
)
_FROM_LETTER = re.compile(
    r"(?i)^\s*(?:extension\s+)?(?:of\s+the\s+original\s+due\s+date\s+)?from\s+the\s+date\s+of\s+(?:your|the)\b"
)
# The staff's own "respond within ten business days" restated by the company is not what it asks for.
_STAFF_ASKED = re.compile(r"(?i)\b(?:within|requested\s+(?:a\s+)?(?:response|that)[^.]{0,80}within)\s*$")


@dataclass(frozen=True)
class ExtensionAsk:
    """What an extension request asks: until a date, or `days` more (business or calendar) days, counted
    from the current due date or, with `from_letter_date`, from the staff letter's date."""

    until: date | None
    days: int | None
    business_days: bool
    from_letter_date: bool
    evidence: str


def _sentences(text: str) -> list[str]:
    flat = re.sub(r"\s+", " ", text)
    # Not after "No." or a middle initial, which end in a dot but not a sentence.
    return [s.strip() for s in re.split(r"(?<!\bNo)(?<!\b[A-Z])[.;]\s+(?=[A-Z(])", flat) if s.strip()]


def _deadline_dates(sentence: str) -> list[date]:
    out = []
    for start, _, when in find_dates(sentence):
        before = sentence[max(0, start - 60) : start]
        if _DEADLINE_BEFORE.search(before) and not _NOT_A_DEADLINE.search(before):
            out.append(when)
    return out


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())


def extension_request_ask(text: str, *, letter_date: date | None = None) -> ExtensionAsk | None:
    """The deadline an extension-request letter asks for, or None when it names none we can read.

    `letter_date` (the request's own date) drops dates that cannot be a new deadline: those before it.
    """
    best: tuple[date, str] | None = None
    relative: ExtensionAsk | None = None
    for sentence in _sentences(text):
        if not _ABOUT_TIMING.search(sentence):
            continue
        for when in _deadline_dates(sentence):
            if letter_date is not None and when < letter_date:
                continue
            if best is None or when > best[0]:
                best = (when, sentence)
        if relative is None:
            for m in _DAYS.finditer(sentence):
                count = _count(m.group("count"))
                if not count or _STAFF_ASKED.search(sentence[: m.start()]):
                    continue
                if not re.search(r"(?i)\b(?:extension|extend|additional|further|more)\b", sentence):
                    continue
                unit = (m.group("unit") or "").lower()
                relative = ExtensionAsk(
                    until=None,
                    days=count,
                    # Unqualified days are read as the staff counts its own deadline: business days.
                    business_days=unit != "calendar",
                    from_letter_date=bool(_FROM_LETTER.search(m.group("after"))),
                    evidence=sentence[:500],
                )
                break
    if best is not None:
        return ExtensionAsk(until=best[0], days=None, business_days=True, from_letter_date=False, evidence=best[1][:500])
    return relative
