"""SEC business days: weekdays on which the federal government is open.

The one calendar for review lags, the estimated public release of correspondence and response deadlines.
Closures come from the maintained `holidays` package (`holidays.US(categories=("government",))`, which
knows one-off closures such as 2018-12-05 and 2025-01-09), plus any an admin has added as FederalClosure.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from functools import lru_cache

import holidays

from filings.models import FederalClosure

# Every process (web, workers) re-reads the admin's closures this often; they are rare and announced ahead.
_ADMIN_CLOSURES_TTL_SECONDS = 60.0
_admin_cache: tuple[float, frozenset[date]] | None = None


@lru_cache(maxsize=64)
def _package_closures(year: int) -> frozenset[date]:
    return frozenset(holidays.US(categories=("government",), years=year).keys())


def _admin_closures() -> frozenset[date]:
    global _admin_cache
    now = time.monotonic()
    if _admin_cache is None or now - _admin_cache[0] > _ADMIN_CLOSURES_TTL_SECONDS:
        _admin_cache = (now, frozenset(FederalClosure.objects.values_list("date", flat=True)))
    return _admin_cache[1]


def admin_closures_forget() -> None:
    """Read the admin's closures again on next use (after one is added here, and in tests)."""
    global _admin_cache
    _admin_cache = None


def closure_name(day: date) -> str | None:
    """Why the government was closed that day, or None on an open day (weekends included)."""
    name = holidays.US(categories=("government",), years=day.year).get(day)
    if name:
        return str(name)
    if day in _admin_closures():
        return FederalClosure.objects.filter(date=day).values_list("name", flat=True).first()
    return None


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _package_closures(day.year) and day not in _admin_closures()


def business_days_add(start: date, days: int) -> date:
    """The day `days` business days after `start` (start itself does not count); negative goes back."""
    step = 1 if days >= 0 else -1
    day, left = start, abs(days)
    while left:
        day += timedelta(days=step)
        if is_business_day(day):
            left -= 1
    return day


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end`; negative when end is before start."""
    if end < start:
        return -business_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_business_day(day)
    return count
