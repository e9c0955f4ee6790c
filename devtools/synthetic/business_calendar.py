"""The synthetic world's calendar: business days (weekends and four holidays) and month ends.

Not filings.business_days (federal closures from the `holidays` package and the database): the
generator needs no database, and every date in a mirror is counted on this calendar, so changing it
changes every mirror a seed gives.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def _holidays(year: int) -> set[date]:
    nov = [date(year, 11, d) for d in range(1, 31) if date(year, 11, d).weekday() == 3]
    return {date(year, 1, 1), date(year, 7, 4), date(year, 12, 25), nov[3]}


def is_business_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _holidays(d.year)


def add_business_days(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if is_business_day(d):
            n -= 1
    while not is_business_day(d):
        d += timedelta(days=1)
    return d


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months_end(d: date, months: int) -> date:
    m = d.month - 1 + months
    return month_end(d.year + m // 12, m % 12 + 1)
