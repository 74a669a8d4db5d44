"""Server-side SVG bar charts drawn from the dashboard's tables.

A chart is computed from a Table (reports/tables.py): every bar remembers the row and
the column of the cell it draws, so the chart and the table beside it cannot disagree
(tests/reports/test_charts.py checks it). The geometry is computed here and drawn by
templates/reports/_chart.html (its bars and labels by reports/templatetags/report_html.py);
no script, the table is the accessible form.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from reports.tables import Cell, Row, Table

PALETTE = 8  # colours in static/css/reports.css: .series-0 ... .series-7
FONT = 11
# Vertical (column) charts: months along the bottom.
PLOT_HEIGHT = 150
BOTTOM = 18
TOP = 6
BAR_WIDTH = 8
STACK_WIDTH = 18
GAP = 6
MARGIN = 4
# Horizontal charts: one group of bars per row, its label on the left.
PLOT_WIDTH = 300
VALUE_WIDTH = 80
BAR_HEIGHT = 10
GROUP_GAP = 8


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    value: object  # the cell's value (int, Decimal or None)
    series: int
    label: str  # the bar's <title>: what it is and its number
    row_key: str  # the table row it draws
    column: int  # the table column it draws

    @property
    def colour(self) -> int:
        return self.series % PALETTE


@dataclass
class Text:
    x: int
    y: int
    text: str
    anchor: str = "start"


@dataclass
class Chart:
    key: str  # the page's element id is chart-<key>
    caption: str
    table_key: str
    width: int
    height: int
    series: list[str]
    bars: list[Bar] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    @property
    def legend(self) -> list[tuple[int, str]]:
        return [(index % PALETTE, name) for index, name in enumerate(self.series)]


def _number(value) -> float:
    if value is None:
        return 0.0
    return float(value) if isinstance(value, Decimal | int | float) else 0.0


def _text_width(text: str) -> int:
    """A rough width in pixels: CJK characters are about twice as wide as Latin ones."""
    return sum(FONT if ord(char) > 0x2E80 else FONT * 0.6 for char in text).__ceil__()


def _label_pattern() -> str:
    """A bar's <title>, translated once per chart: the punctuation is the language's own
    (Chinese writes “西陵区，合计：12”)."""
    return _("%(name)s, %(heading)s: %(value)s")


def _bar_label(pattern: str, name: str, heading: str, cell: Cell) -> str:
    return pattern % {"name": name, "heading": heading, "value": cell.display}


def _headings(table: Table) -> list[str]:
    """The column headings, translated once per chart rather than once per bar."""
    return [str(heading) for heading in table.columns]


def _month_label(cell: Cell) -> str:
    return cell.value.strftime("%y-%m") if cell.kind == "month" else cell.display


def horizontal(
    table: Table,
    *,
    key: str,
    caption: str,
    columns: list[int],
    maximum: float | None = None,
) -> Chart:
    """One group of horizontal bars per table row, one bar per column (e.g. now, a year
    earlier), the row's label on the left and each bar's number at its end."""
    rows, headings, pattern = table.rows, _headings(table), _label_pattern()
    label_width = min(max([_text_width(row.cells[0].display) for row in rows] + [40]) + 8, 220)
    cells = [_number(row.cells[column].value) for row in rows for column in columns]
    top = maximum or max(cells + [1.0])
    group_height = BAR_HEIGHT * len(columns) + GROUP_GAP
    chart = Chart(
        key,
        caption,
        table.key,
        width=label_width + PLOT_WIDTH + VALUE_WIDTH,
        height=MARGIN * 2 + max(len(rows), 1) * group_height,
        series=[headings[column] for column in columns],
    )
    for index, row in enumerate(rows):
        group_top = MARGIN + index * group_height
        chart.texts.append(
            Text(
                label_width - 6,
                group_top + (BAR_HEIGHT * len(columns)) // 2 + 4,
                row.cells[0].display,
                "end",
            )
        )
        for position, column in enumerate(columns):
            cell = row.cells[column]
            length = round(min(_number(cell.value), top) * PLOT_WIDTH / top)
            y = group_top + position * BAR_HEIGHT
            chart.bars.append(
                Bar(
                    label_width,
                    y,
                    length,
                    BAR_HEIGHT - 1,
                    cell.value,
                    position,
                    _bar_label(pattern, row.cells[0].display, headings[column], cell),
                    row.key,
                    column,
                )
            )
            chart.texts.append(Text(label_width + length + 4, y + BAR_HEIGHT - 1, cell.display))
    return chart


def _label_every(groups: int) -> int:
    return 1 if groups <= 12 else 3


def columns(
    table: Table,
    *,
    key: str,
    caption: str,
    columns: list[int],
    rows: list[Row] | None = None,
    label_column: int = 0,
) -> Chart:
    """One group of vertical bars per row (a month), one bar per column (received, closed)."""
    rows = table.rows if rows is None else rows
    headings, pattern = _headings(table), _label_pattern()
    top = max([_number(row.cells[column].value) for row in rows for column in columns] + [1.0])
    group_width = BAR_WIDTH * len(columns) + GAP
    chart = Chart(
        key,
        caption,
        table.key,
        width=MARGIN * 2 + max(len(rows), 1) * group_width,
        height=TOP + PLOT_HEIGHT + BOTTOM,
        series=[headings[column] for column in columns],
    )
    every = _label_every(len(rows))
    for index, row in enumerate(rows):
        left = MARGIN + index * group_width
        name = _month_label(row.cells[label_column])
        for position, column in enumerate(columns):
            cell = row.cells[column]
            height = round(_number(cell.value) * PLOT_HEIGHT / top)
            chart.bars.append(
                Bar(
                    left + position * BAR_WIDTH,
                    TOP + PLOT_HEIGHT - height,
                    BAR_WIDTH - 1,
                    height,
                    cell.value,
                    position,
                    _bar_label(pattern, name, headings[column], cell),
                    row.key,
                    column,
                )
            )
        if index % every == 0:
            chart.texts.append(Text(left, chart.height - 4, name))
    return chart


def stacked(
    table: Table, *, key: str, caption: str, group_column: int, series_column: int, column: int
) -> Chart:
    """One stacked bar per group (a month), one segment per series (an office)."""
    groups: dict[str, list[Row]] = {}
    series: list[str] = []
    for row in table.rows:
        groups.setdefault(_month_label(row.cells[group_column]), []).append(row)
        name = row.cells[series_column].display
        if name not in series:
            series.append(name)
    heading, pattern = str(table.columns[column]), _label_pattern()
    totals = [sum(_number(row.cells[column].value) for row in rows) for rows in groups.values()]
    top = max(totals + [1.0])
    chart = Chart(
        key,
        caption,
        table.key,
        width=MARGIN * 2 + max(len(groups), 1) * (STACK_WIDTH + GAP),
        height=TOP + PLOT_HEIGHT + BOTTOM,
        series=series,
    )
    every = _label_every(len(groups))
    for index, (name, rows) in enumerate(sorted(groups.items())):
        left = MARGIN + index * (STACK_WIDTH + GAP)
        bottom = TOP + PLOT_HEIGHT
        for row in rows:
            cell = row.cells[column]
            height = round(_number(cell.value) * PLOT_HEIGHT / top)
            bottom -= height
            office = row.cells[series_column].display
            chart.bars.append(
                Bar(
                    left,
                    bottom,
                    STACK_WIDTH,
                    height,
                    cell.value,
                    series.index(office),
                    _bar_label(pattern, f"{office} {name}", heading, cell),
                    row.key,
                    column,
                )
            )
        if index % every == 0:
            chart.texts.append(Text(left, chart.height - 4, name))
    return chart
