"""What EDGAR's metadata says, in the words a person reads. Plain text only (no HTML)."""

from __future__ import annotations

import calendar
from datetime import date

from django.utils.formats import date_format


def fiscal_year_end_label(mmdd: str) -> str:
    """EDGAR's "1231" as "December 31"; anything else as it came."""
    if len(mmdd) == 4 and mmdd.isdigit() and 1 <= int(mmdd[:2]) <= 12:
        return f"{calendar.month_name[int(mmdd[:2])]} {int(mmdd[2:])}"
    return mmdd


def _day(value: object) -> str:
    try:
        return date_format(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def former_names_text(former_names: list[dict] | None) -> str:
    """EDGAR's [{"name": "Old Co", "from": "2001-01-01", "to": "2010-03-03"}] as "Old Co (Jan. 1, 2001 to March 3, 2010)"."""
    lines = []
    for entry in former_names or []:
        if not isinstance(entry, dict) or not entry.get("name"):
            continue
        since, until = entry.get("from"), entry.get("to")
        if since or until:
            lines.append(f"{entry['name']} ({_day(since) if since else '…'} to {_day(until) if until else '…'})")
        else:
            lines.append(str(entry["name"]))
    return "; ".join(lines)
