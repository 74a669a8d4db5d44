"""The dashboard's rows and chart marks written in Python (reports/templatetags/report_html.py)
read as the template loops they replaced: the same ids, escaping, links and placeholders."""

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import set_script_prefix

from reports.charts import Bar, Chart, Text
from reports.tables import Cell, Row, Table, case_list_url
from reports.templatetags.report_html import chart_marks, row_html


def _wages() -> Table:
    table = Table("wages", "Wages", ["Office", "Month", "Recovered", "Workers"])
    table.add(
        Cell("Tom & <Jerry>", "text"),
        Cell(date(2026, 1, 1), "month"),
        Cell(Decimal("2400"), "money", "/cases/?office=3&paid_from=2026-01-01"),
        Cell(None, link="/cases/?office=3"),
        key="3-2026-01",
    )
    return table


def test_a_row_heads_with_its_first_cell_and_links_its_figures():
    (row,) = _wages().rows
    assert row_html("wages", row) == (
        '<tr id="wages-3-2026-01"><th scope="row">Tom &amp; &lt;Jerry&gt;</th>'
        '<td class="num">2026-01</td>'
        '<td class="num"><a href="/cases/?office=3&amp;paid_from=2026-01-01">2,400.00</a></td>'
        '<td class="num"><a href="/cases/?office=3">—</a></td></tr>'
    )


def test_a_printable_row_has_no_links():
    (row,) = _wages().rows
    html = row_html("wages", row, printable=True)
    assert "<a " not in html
    assert '<td class="num">2,400.00</td><td class="num">—</td></tr>' in html


def test_row_keys_and_table_keys_are_escaped_in_the_id():
    row = Row('x"><script>', [Cell("x", "text"), Cell(1)])
    assert row_html("t", row).startswith('<tr id="t-x&quot;&gt;&lt;script&gt;">')


def test_the_table_template_writes_every_row_and_the_export_link_unless_printable():
    table = _wages()
    table.add(Cell("West", "text"), Cell(date(2026, 2, 1), "month"), Cell(0, "money"), Cell(3))
    page = render_to_string("reports/_table.html", {"table": table, "export_query": "a=1"})
    assert page.count("<tr id=") == 2 and 'id="wages-2"' in page
    assert 'href="/cases/?office=3&amp;paid_from=2026-01-01"' in page
    assert 'id="export-wages-csv"' in page
    printed = render_to_string("reports/_table.html", {"table": table, "printable": True})
    assert "<a " not in printed and printed.count("<tr id=") == 2


def test_an_empty_table_says_so():
    table = Table("desks", "Desks", ["Desk", "Done"])
    page = render_to_string("reports/_table.html", {"table": table})
    assert '<tr><td colspan="2">Nothing in this period.</td></tr>' in page
    assert "<tr id=" not in page


def test_chart_marks_escape_their_texts():
    chart = Chart("c", "C", "t", 100, 50, ["A"])
    chart.bars.append(Bar(1, 2, 3, 4, 5, 9, "<b>Tom & Jerry</b>: 5", "r&1", 2))
    chart.texts.append(Text(7, 8, "<i>5</i>", "end"))
    assert chart_marks(chart) == (
        '<rect class="series-1" x="1" y="2" width="3" height="4" data-row="r&amp;1" '
        'data-column="2"><title>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;: 5</title></rect>\n    '
        '<text x="7" y="8" font-size="10" text-anchor="end" aria-hidden="true">'
        "&lt;i&gt;5&lt;/i&gt;</text>"
    )


def test_case_list_links_drop_empty_filters_and_follow_the_script_prefix():
    assert case_list_url(scope=3, desk="", open=None, late=False, on="1") == "/cases/?scope=3&on=1"
    set_script_prefix("/shouwen/")
    try:
        assert case_list_url(scope=3) == "/shouwen/cases/?scope=3"
    finally:
        set_script_prefix("/")
    assert case_list_url(scope=3) == "/cases/?scope=3"


def test_case_list_links_encode_their_filters_as_urlencode_does():
    filters = {"q": "张三 & Co/1", "date_from": date(2026, 1, 31), "scope": 3, "on": "a~b-c_d.e"}
    assert case_list_url(**filters) == f"/cases/?{urlencode(filters)}"
