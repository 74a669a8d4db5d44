"""Server-side SVG bar charts: geometry computed here, drawn by templates/reports/_chart.html.

Each chart sits beside a table with the same numbers (the table is the accessible form).
"""

from dataclasses import dataclass

HEIGHT = 160
BAR_WIDTH = 8
GAP = 6
MARGIN = 4


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    value: int
    series: int
    label: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[int, str]]  # (x, text) under every other group
    series: list[str]


def grouped_bars(groups: list[tuple[str, list[int]]], series: list[str]) -> Chart:
    """One group of bars per label (e.g. a month), one bar per series (received, closed)."""
    top = max([value for _label, values in groups for value in values] + [1])
    group_width = BAR_WIDTH * len(series) + GAP
    bars, labels = [], []
    for index, (label, values) in enumerate(groups):
        left = MARGIN + index * group_width
        for position, value in enumerate(values):
            height = round(value * (HEIGHT - 20) / top)
            bars.append(
                Bar(
                    x=left + position * BAR_WIDTH,
                    y=HEIGHT - 16 - height,
                    width=BAR_WIDTH - 1,
                    height=height,
                    value=value,
                    series=position,
                    label=f"{label} {series[position]}: {value}",
                )
            )
        if index % 3 == 0:
            labels.append((left, label))
    return Chart(MARGIN * 2 + len(groups) * group_width, HEIGHT, bars, labels, series)
