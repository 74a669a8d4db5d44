"""Figures of ended days are counted once per summary rebuild; today is always counted."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import clock
from reports.dashboard import build
from reports.periods import Period
from reports.summary import stats_rebuild
from tests.reports.conftest import at

# From the middle of December (a partial month, ended, counted from the cases) to today.
SINCE_MID_DECEMBER = Period(date(2025, 12, 15), date(2026, 2, 10))


def received(office) -> tuple[int, int]:
    """(cases received in the period, queries the page's figures took)."""
    with CaptureQueriesContext(connection) as queries:
        board = build(office, SINCE_MID_DECEMBER)
    row = next(row for row in board.headline.rows if row.key == "cases")
    return row.cells[1].value, len(queries)


def test_an_ended_partial_month_is_counted_once_per_rebuild_and_today_on_every_view(
    january, district, register_case, now
):
    stats_rebuild()
    first, first_queries = received(district)
    assert first == 5  # A (29 December), B, C, D and G (January), all registered at West
    again, queries = received(district)
    assert again == first and queries < first_queries

    register_case()  # today: counted on the next view
    assert received(district)[0] == first + 1

    with clock.frozen_at(at(2025, 12, 20)):
        register_case()  # entered now with a December date, as a late correction would be
    with clock.frozen_at(now):
        assert received(district)[0] == first + 1  # ended days: as of the last rebuild
        stats_rebuild()
        assert received(district)[0] == first + 2
