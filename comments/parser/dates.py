"""Dates as letters print them: "December 31, 2022", "Dec. 31, 2022", "31 December 2022", "12/31/2022"."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
# "December 31, 2022" (comma, space or both optional as OCR leaves them), "December 31st, 2022".
DATE_MDY = re.compile(rf"(?i)\b({_MONTH})\.?\s{{0,2}}(\d{{1,2}})(?:st|nd|rd|th)?\s{{0,2}},?\s{{0,2}}((?:19|20)\d\d)\b")
DATE_DMY = re.compile(rf"(?i)\b(\d{{1,2}})\s({_MONTH})\.?,?\s((?:19|20)\d\d)\b")
DATE_NUM = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
# "March 31, June 30, and September 30, 2009": month-day pairs that share one year.
MONTH_DAY = re.compile(rf"(?i)\b({_MONTH})\.?\s{{0,2}}(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{3}})")
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(s: str) -> list[tuple[int, int, date]]:
    """Every full date in s with its span, in order."""
    found: list[tuple[int, int, date]] = []
    for m in DATE_MDY.finditer(s):
        d = make_date(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
        if d:
            found.append((m.start(), m.end(), d))
    for m in DATE_DMY.finditer(s):
        d = make_date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        if d:
            found.append((m.start(), m.end(), d))
    for m in DATE_NUM.finditer(s):
        d = make_date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        if d:
            found.append((m.start(), m.end(), d))
    found.sort()
    # Drop overlaps ("31 December 2022" can also match as "December 2022"... keep the first).
    out: list[tuple[int, int, date]] = []
    for f in found:
        if not out or f[0] >= out[-1][1]:
            out.append(f)
    return out


def first_date(s: str) -> date | None:
    dates = find_dates(s)
    return dates[0][2] if dates else None


def dates_sharing_year(s: str) -> list[date]:
    """All dates in a phrase like "March 31, June 30, and September 30, 2009", each with its year."""
    out: list[date] = []
    pending: list[tuple[int, int]] = []
    tokens: list[tuple[int, str, re.Match[str]]] = []
    for m in DATE_MDY.finditer(s):
        tokens.append((m.start(), "full", m))
    full_spans = [(t[2].start(), t[2].end()) for t in tokens]
    for m in MONTH_DAY.finditer(s):
        if any(a <= m.start() < b for a, b in full_spans):
            continue
        tokens.append((m.start(), "md", m))
    tokens.sort(key=lambda t: t[0])
    for _, kind, m in tokens:
        if kind == "md":
            pending.append((MONTHS[m.group(1).lower()], int(m.group(2))))
            continue
        year = int(m.group(3))
        for month, day in pending:
            d = make_date(year, month, day)
            if d:
                out.append(d)
        pending = []
        d = make_date(year, MONTHS[m.group(1).lower()], int(m.group(2)))
        if d:
            out.append(d)
    if not out:
        return [d for _, _, d in find_dates(s)]
    return out
