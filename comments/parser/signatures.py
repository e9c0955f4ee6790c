"""Letter date, salutation, addressee, signatories, staff office, and the letter a response answers."""

from __future__ import annotations

import re
from datetime import date

from comments.parser.dates import find_dates
from comments.parser.normalize import Line

CLOSING = re.compile(
    r"(?i)^(?:sincerely(?:\s+yours)?|very\s+truly\s+yours|yours\s+(?:very\s+)?(?:truly|sincerely|faithfully)|truly\s+yours|respectfully(?:\s+submitted|\s+yours)?|best\s+regards|kind\s+regards|regards|cordially|with\s+best\s+regards)\s*[,.]?$"
)
# The greeting that opens a letter's body: it ends the Re: block and is not part of the first comment.
SALUTATION = re.compile(r"(?i)^(?:dear\b|ladies\s+and\s+gentlemen|gentlemen|to\s+whom|mesdames|madam|sirs?\b)")
_OFFICE = re.compile(r"(?i)^(?:Office\s+of\s+[A-Z][A-Za-z&,' \-]{2,80}|Disclosure\s+Review\s+Program|AD\s+Office\s+\d+)")
_TITLE_WORDS = re.compile(
    r"(?i)\b(?:officer|president|counsel|director|vice|chief|partner|secretary|treasurer|accountant|controller|manager|chair(?:man|woman|person)?|ceo|cfo|coo|evp|svp|inc\b|corp|llp|llc|company|division|office|commission|branch|assistant|attorney|esq|senior|executive|general|legal|finance|accounting|securities|associate|head|principal|group|staff|special|deputy|enclosures?|cc|by|name|title|its)\b"
)
_NAME = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?[A-Z][A-Za-z'\-]+\.?(?:\s+[A-Z]\.?)?(?:\s+[A-Z][A-Za-z'\-]+\.?){0,3}(?:,?\s+(?:Jr|Sr|II|III|IV)\.?)?$"
)
_SLASH_S = re.compile(r"(?i)/s/\s*([A-Z][^/\n]{2,60})")


def closing_index(lines: list[Line], start: int) -> int | None:
    found = None
    for i in range(start, len(lines)):
        if len(lines[i].text) <= 40 and CLOSING.match(lines[i].text):
            found = i
            break
    return found


def letter_date(lines: list[Line], re_start: int | None) -> date | None:
    stop = re_start if re_start is not None else min(len(lines), 40)
    for ln in lines[:stop]:
        t = ln.text
        if re.match(r"(?i)^(?:filed|submitted|dated\s+as)", t):
            continue
        ds = find_dates(t)
        if ds and len(t) < 120:
            return ds[0][2]
    # No dated line above the Re: block: a date further up the letter than its greeting, but not one that names
    # something else, such as the period of the filing under review. The body's dates are never the letter's.
    greeting = next((i for i, ln in enumerate(lines[:60]) if SALUTATION.match(ln.text)), 60)
    for ln in lines[:greeting]:
        for start, _, found in find_dates(ln.text):
            if not _NAMES_ANOTHER_DATE.search(ln.text[:start]):
                return found
    return None


_NAMES_ANOTHER_DATE = re.compile(r"(?i)(?:\b(?:ended|ending|dated|filed|furnished|submitted|through|of)|\bas\s+of|\bon)\s*$")


def signatories(lines: list[Line], close: int | None) -> list[str]:
    if close is None:
        return []
    names: list[str] = []
    for ln in lines[close + 1 : close + 25]:
        t = ln.text.strip()
        if re.match(r"(?i)^(?:cc|copy\s+to|copies\s+to|enclosure)", t):
            break
        m = _SLASH_S.search(t)
        cand = m.group(1).strip() if m else re.sub(r"(?i)^(?:by|name)\s*:\s*", "", t)
        cand = re.sub(r"^(?:Mr|Ms|Mrs|Dr)\.?\s+", "", cand.strip(" ,"))
        if _NAME.match(cand) and not _TITLE_WORDS.search(cand) and 1 < len(cand.split()) <= 5 and cand not in names:
            names.append(cand)
    return names


def staff_office(lines: list[Line]) -> str | None:
    found = None
    for i, ln in enumerate(lines):
        m = _OFFICE.match(ln.text)
        if m and len(ln.text) < 90:
            found = ln.text.strip().rstrip(",.")
            if re.search(r"(?i)(?:\band|&|,)$", found) and i + 1 < len(lines) and len(lines[i + 1].text) < 40:
                found = f"{found} {lines[i + 1].text.strip()}"  # "Office of Industrial Applications and / Services"
    return _office_name(found) if found else None


def _office_name(printed: str) -> str:
    """One spelling per office, so the metrics count it once: "Trade & Services" and "Trade and Services",
    "Beverages, Apparel, and Mining" without its serial comma, no mail stop, no dangling "and" or hyphen."""
    name = re.sub(r"(?i),?\s*mail\s+stop\b.*$", "", printed)
    name = re.sub(r"\s*&\s*", " and ", name)
    name = re.sub(r",\s+and\b", " and", name)
    name = re.sub(r"(?i)(?:[\s,-]|\band\b)+$", "", name)
    return re.sub(r"\s+", " ", name).strip()


def addressee(lines: list[Line], re_start: int | None, *, staff: bool) -> str | None:
    stop = re_start if re_start is not None else 0
    if staff:
        for i, ln in enumerate(lines[:stop]):
            if find_dates(ln.text) and i + 1 < stop:
                k = i + 1
                while k < stop and re.match(r"(?i)^(?:via|by)\s", lines[k].text):
                    k += 1  # "Via E-Mail" between the date and the name
                nxt = lines[k].text if k < stop else ""
                if _NAME.match(nxt) and not _TITLE_WORDS.search(nxt):
                    return nxt
                break
    for ln in lines[:stop]:
        m = re.match(r"(?i)^(?:attn|attention)\s*[:.]?\s*(.+)$", ln.text)
        if m:
            return m.group(1).split(",")[0].strip()
    for ln in lines[: stop + 40]:
        m = re.match(r"(?i)^dear\s+(.+?)\s*[:,]?$", ln.text)
        if m:
            return m.group(1).strip()
    return None


# The second form starts only where a run of letters does: one that matched inside a word matches from
# the word's first letter too, which a search reaches first; trying it inside words only cost time.
_RESPONDS_DATE = re.compile(
    r"(?i)(?:letter|correspondence|comments?|response)\b[^.]{0,40}?\b(?:dated|of|on|issued)\s+(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})"
    r"|(?<![a-z])(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})\s*,?\s*(?:comment\s+)?(?:letter|correspondence|response)"
)


def responds_to_date(body: str) -> date | None:
    m = _RESPONDS_DATE.search(body[:3000])
    if not m:
        return None
    ds = find_dates(m.group(0))
    return ds[-1][2] if ds else None
