"""Small charts drawn as SVG by the templates (web/_column_chart.html, web/_bar_chart.html): no script,
and each is shown with a table of the same numbers for anyone who cannot see it."""

from __future__ import annotations

from dataclasses import dataclass

CHART_INK = "#1f5fa8"  # 6.4:1 against white: readable as a graphic and as text


@dataclass(frozen=True)
class Column:
    label: str
    value: float
    shown: str
    x: int
    y: int
    width: int
    height: int
    middle: int


@dataclass(frozen=True)
class ColumnChart:
    """Vertical bars over short labels (years)."""

    title: str
    columns: list[Column]
    width: int
    height: int
    baseline: int


def _shown(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def column_chart(
    points: list[tuple[str, float]], *, title: str, column_width: int = 40, gap: int = 14, height: int = 170
) -> ColumnChart:
    top = max((value for _, value in points), default=0) or 1
    plot = height - 44  # room for the value above and the label below each column
    columns = []
    for i, (label, value) in enumerate(points):
        h = round(plot * value / top)
        x = gap + i * (column_width + gap)
        columns.append(Column(label, value, _shown(value), x, 22 + plot - h, column_width, h, x + column_width // 2))
    return ColumnChart(
        title=title, columns=columns, width=max(gap + len(points) * (column_width + gap), 120), height=height, baseline=22 + plot
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    y: int
    length: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars beside long labels (topics, forms)."""

    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


def bar_chart(
    points: list[tuple[str, float]],
    *,
    title: str,
    bar_height: int = 18,
    gap: int = 8,
    label_width: int = 210,
    plot_width: int = 300,
) -> BarChart:
    top = max((value for _, value in points), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(points):
        y = gap + i * (bar_height + gap)
        length = max(1, round(plot_width * value / top)) if value else 0
        bars.append(Bar(label, value, _shown(value), y, length, label_width + length + 6, y + bar_height - 4))
    height = gap + len(points) * (bar_height + gap)
    return BarChart(
        title=title,
        bars=bars,
        width=label_width + plot_width + 60,
        height=max(height, 30),
        label_width=label_width,
        bar_height=bar_height,
    )
