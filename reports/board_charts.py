"""Which chart sits beside which dashboard table (reports/charts.py draws them).

Every chart is computed from its table's cells, so the numbers in the chart are the
numbers in the table beside it.
"""

from django.utils.translation import gettext as _

from reports import charts
from reports.dashboard import Dashboard
from reports.tables import Table


def _desk_trend(table: Table) -> list[charts.Chart]:
    """One chart per desk: received and done per month."""
    by_desk: dict[str, list] = {}
    for row in table.rows:
        by_desk.setdefault(row.key.rsplit("-", 2)[0], []).append(row)
    return [
        charts.columns(
            table,
            key=f"desk-trend-{kind}",
            caption=rows[0].cells[0].display,
            columns=[2, 3],
            rows=rows,
            label_column=1,
        )
        for kind, rows in by_desk.items()
    ]


def _chart_for(table: Table) -> list[charts.Chart]:
    if table.key in ("channel", "category"):
        caption = (
            _("Received by channel, with the same period a year earlier")
            if table.key == "channel"
            else _("Received by category, with the same period a year earlier")
        )
        return [charts.horizontal(table, key=table.key, caption=caption, columns=[3, 4])]
    if table.key == "desks":
        caption = _("Share of the desks' work done within the statutory limit")
        return [charts.horizontal(table, key="desks", caption=caption, columns=[4], maximum=100)]
    if table.key == "officers":
        return [charts.horizontal(table, key="officers", caption=table.title, columns=[1, 2, 3])]
    if table.key == "wages":
        caption = _("Wages recovered per month, by office")
        return [
            charts.stacked(
                table, key="wages", caption=caption, group_column=1, series_column=0, column=2
            )
        ]
    if table.key == "trend":
        return [charts.columns(table, key="trend", caption=table.title, columns=[1, 2])]
    if table.key == "desk_trend":
        return _desk_trend(table)
    return []


def sections(board: Dashboard) -> list[tuple[Table, list[charts.Chart]]]:
    """The dashboard's tables in page order, each with the charts drawn beside it."""
    return [(table, _chart_for(table)) for table in board.tables]
