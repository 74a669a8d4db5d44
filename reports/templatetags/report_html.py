"""The dashboard's table rows and chart marks, written in Python.

A dashboard page has some 400 table rows and 1,000 chart marks; a template loop over
them cost most of the page's time (it must answer in 300 ms at 1,000,000 cases), and so
did format_html's per-argument checks. The markup is the one the templates around these
tags would write: every text goes through _escaped, as {{ value }} would escape it;
numbers (the chart's geometry) are ints from reports/charts.py.
"""

from html import escape

from django import template
from django.utils.safestring import SafeData, SafeString, mark_safe

from reports.charts import Chart
from reports.tables import Cell, Row, Table

register = template.Library()


def _escaped(value) -> str:
    """What {{ value }} writes: safe strings as they are, anything else escaped."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _figure(cell: Cell, printable: bool) -> str:
    """A figure's cell, a link to the cases behind it unless the page is for printing."""
    text = _escaped(cell.display)
    if cell.link and not printable:
        text = f'<a href="{_escaped(cell.link)}">{text}</a>'
    return f'<td class="num">{text}</td>'


def row_html(table_key: str, row: Row, *, printable: bool = False) -> SafeString:
    """One table row: the first cell heads the row, the others are figures."""
    heading, *figures = row.cells
    cells = "".join(_figure(cell, printable) for cell in figures)
    return mark_safe(  # noqa: S308 - every text above went through _escaped
        f'<tr id="{_escaped(table_key)}-{_escaped(row.key)}">'
        f'<th scope="row">{_escaped(heading.display)}</th>{cells}</tr>'
    )


@register.simple_tag
def figure_rows(table: Table, printable: bool = False) -> SafeString:
    rows = (row_html(table.key, row, printable=printable) for row in table.rows)
    return mark_safe("\n      ".join(rows))  # noqa: S308 - joins safe rows


@register.simple_tag
def chart_marks(chart: Chart) -> SafeString:
    """The chart's bars (each with its <title>) and its axis and value labels."""
    bars = "".join(
        f'<rect class="series-{bar.colour}" x="{bar.x}" y="{bar.y}" width="{bar.width}" '
        f'height="{bar.height}" data-row="{_escaped(bar.row_key)}" data-column="{bar.column}">'
        f"<title>{_escaped(bar.label)}</title></rect>"
        for bar in chart.bars
    )
    texts = "".join(
        f'<text x="{text.x}" y="{text.y}" font-size="10" text-anchor="{_escaped(text.anchor)}" '
        f'aria-hidden="true">{_escaped(text.text)}</text>'
        for text in chart.texts
    )
    return mark_safe(f"{bars}\n    {texts}")  # noqa: S308 - built from escaped texts only
