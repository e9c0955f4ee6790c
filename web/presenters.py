"""Words, dates and small charts for people, from what the models store."""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from comments.labels import topic_label


def fiscal_year_end_label(mmdd: str) -> str:
    """EDGAR's "1231" as "December 31"; anything else as it came."""
    if len(mmdd) == 4 and mmdd.isdigit() and 1 <= int(mmdd[:2]) <= 12:
        return f"{calendar.month_name[int(mmdd[:2])]} {int(mmdd[2:])}"
    return mmdd


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: int
    y: int
    width: int
    height: int
    text_x: int


@dataclass(frozen=True)
class BarChart:
    """A bar chart drawn as SVG by the template: no script, readable as a table beside it."""

    bars: list[Bar]
    width: int
    height: int
    baseline: int


def bar_chart(counts: dict[str, int], *, bar_width: int = 36, gap: int = 12, height: int = 140) -> BarChart:
    top = max(counts.values(), default=0) or 1
    plot = height - 40  # room for the value above and the label below each bar
    bars = []
    for i, (label, value) in enumerate(counts.items()):
        h = round(plot * value / top)
        x = gap + i * (bar_width + gap)
        bars.append(Bar(label, value, x, 20 + plot - h, bar_width, h, x + bar_width // 2))
    return BarChart(bars=bars, width=gap + len(bars) * (bar_width + gap), height=height, baseline=20 + plot)


@dataclass(frozen=True)
class TopicsOverTime:
    years: list[int]
    rows: list[tuple[str, str, list[int], int]]  # topic, its label, letters per year, total
    letters_per_year: dict[str, int]


def topics_over_time(letters: Iterable[tuple[date | None, list[str]]]) -> TopicsOverTime:
    """From (letter date, topics) of letters: how many letters raised each topic, year by year."""
    per_year: Counter[int] = Counter()
    per_topic: dict[str, Counter[int]] = {}
    for when, topics in letters:
        if when is None:
            continue
        per_year[when.year] += 1
        for topic in set(topics or []):
            per_topic.setdefault(topic, Counter())[when.year] += 1
    years = sorted(per_year)
    rows = [
        (topic, topic_label(topic), [counts.get(year, 0) for year in years], sum(counts.values()))
        for topic, counts in per_topic.items()
    ]
    rows.sort(key=lambda row: (-row[3], row[1]))
    return TopicsOverTime(years=years, rows=rows, letters_per_year={str(year): per_year[year] for year in years})
