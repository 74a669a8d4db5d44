"""The charts beside the dashboard's tables: the same numbers as the table, accessible."""

import re
from datetime import date
from decimal import Decimal

from django.utils import translation

from reports.board_charts import sections
from reports.charts import columns, horizontal, stacked
from reports.dashboard import build
from reports.periods import Period
from reports.tables import Cell, Table

JANUARY = Period(date(2026, 1, 1), date(2026, 1, 31))
CHARTED = {"channel", "category", "desks", "wages", "officers", "trend", "desk_trend"}


def test_every_table_has_a_chart_whose_bars_are_the_tables_numbers(january, district, now):
    board = build(district, JANUARY)
    charted, bars = set(), 0
    for table, table_charts in sections(board):
        rows = {row.key: row for row in table.rows}
        for chart in table_charts:
            assert chart.table_key == table.key
            charted.add(table.key)
            for bar in chart.bars:
                assert rows[bar.row_key].cells[bar.column].value == bar.value, chart.key
                bars += 1
            drawn = {(bar.row_key, bar.column) for bar in chart.bars}
            assert len(drawn) == len(chart.bars)  # no cell drawn twice
    assert charted == CHARTED
    assert bars > 100


def test_the_channel_chart_shows_the_period_and_a_year_earlier(january, district, now):
    board = build(district, JANUARY)
    table, (chart,) = next(pair for pair in sections(board) if pair[0].key == "channel")
    values = {(bar.row_key, chart.series[bar.series]): bar.value for bar in chart.bars}
    assert values[("walk_in", "Total")] == 3
    assert values[("hotline", "Total")] == 2
    assert values[("walk_in", "A year earlier")] == 2  # H and the 2025 consultation
    longest = max(chart.bars, key=lambda bar: bar.width)
    assert (longest.row_key, longest.column) == ("walk_in", 3)


def test_a_chart_is_labelled_in_the_language_it_is_drawn_in(january, district, now):
    board = build(district, JANUARY)  # headings are lazy: translated when the chart is drawn
    with translation.override("zh-hans"):
        _table, (chart,) = next(pair for pair in sections(board) if pair[0].key == "channel")
    assert chart.series == ["合计", "上年同期"]
    assert all("，合计：" in bar.label for bar in chart.bars if bar.series == 0)


def test_one_desk_trend_chart_per_desk_and_the_wages_stacked_by_month(january, district, now):
    board = build(district, JANUARY)
    charts = {chart.key: chart for _table, pair in sections(board) for chart in pair}
    assert "chart-desk-trend-inspection" not in charts and "desk-trend-inspection" in charts
    desk = charts["desk-trend-inspection"]
    assert {bar.row_key for bar in desk.bars} == {
        f"inspection-{month:%Y-%m}" for month in Period.trailing_months(JANUARY.last, 24).months()
    }
    wages = charts["wages"]
    assert [(bar.row_key, bar.value) for bar in wages.bars] == [
        (f"{district.pk}-2026-01", Decimal("2400.00"))
    ]
    assert wages.series == ["West District"]


def test_bar_lengths_follow_the_values():
    table = Table("t", "T", ["Name", "A", "B"])
    table.add(Cell("x", "text"), Cell(10), Cell(5), key="x")
    table.add(Cell("y", "text"), Cell(20), Cell(None), key="y")
    chart = horizontal(table, key="t", caption="T", columns=[1, 2])
    widths = {(bar.row_key, bar.column): bar.width for bar in chart.bars}
    assert widths[("y", 1)] == 2 * widths[("x", 1)] == 2 * 2 * widths[("x", 2)]
    assert widths[("y", 2)] == 0
    share = horizontal(table, key="s", caption="S", columns=[1], maximum=100)
    assert max(bar.width for bar in share.bars) < chart.width / 3
    vertical = columns(table, key="v", caption="V", columns=[1, 2])
    heights = {(bar.row_key, bar.column): bar.height for bar in vertical.bars}
    assert heights[("y", 1)] == 2 * heights[("x", 1)]
    money = Table("m", "M", ["Office", "Month", "Paid"])
    money.add(Cell("A", "text"), Cell(date(2026, 1, 1), "month"), Cell(Decimal("30")), key="a1")
    money.add(Cell("B", "text"), Cell(date(2026, 1, 1), "month"), Cell(Decimal("10")), key="b1")
    money.add(Cell("A", "text"), Cell(date(2026, 2, 1), "month"), Cell(Decimal("20")), key="a2")
    piles = stacked(money, key="m", caption="M", group_column=1, series_column=0, column=2)
    assert piles.series == ["A", "B"]
    a1, b1, a2 = piles.bars
    assert b1.y + b1.height == a1.y  # B sits on A in January
    assert a1.height + b1.height == 2 * a2.height


def test_the_page_draws_accessible_charts_beside_their_tables(
    january, client, supervisor, district, now
):
    client.force_login(supervisor)
    html = client.get(
        "/reports/", {"office": district.pk, "date_from": "2026-01-01", "date_to": "2026-01-31"}
    ).content.decode()
    for key in ("channel", "category", "desks", "wages", "officers", "trend"):
        pair = re.search(
            rf'<div class="chart-and-table" id="pair-{key}">(.*?)</section>', html, re.S
        )
        assert pair, key
        assert f'id="chart-{key}"' in pair.group(1) and f'id="table-{key}"' in pair.group(1)
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) >= 7
    for svg in svgs:
        assert 'role="img"' in svg and "aria-labelledby" in svg
    assert html.count("<svg") == html.count('<title id="chart-')
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html, re.I)  # no inline script
    assert not re.search(r"\son[a-z]+\s*=", html, re.I)  # no event handler attribute
