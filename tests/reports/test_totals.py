"""Figures of ended days, and of today before the last rebuild, are counted once per
rebuild; the rest of today on every view."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import clock
from reports import summary, totals
from reports.dashboard import build
from reports.periods import Parts, Period
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


def test_todays_rows_before_the_last_rebuild_are_counted_once_and_the_rest_on_every_view(
    january, district, register_case, now
):
    with clock.frozen_at(now - timedelta(hours=2)):
        register_case()  # this morning, before the rebuild
    stats_rebuild()  # at `now`: today's rows timed up to SETTLING_MARGIN before it settle
    assert summary.settled_until() == now - summary.SETTLING_MARGIN
    first, first_queries = received(district)
    assert first == 6  # the five of the ended days and this morning's
    again, queries = received(district)
    assert again == first and queries < first_queries

    with clock.frozen_at(now - summary.SETTLING_MARGIN):
        register_case()  # at the settled moment itself: among the rows counted live
    register_case()  # now: counted on the next view
    assert received(district)[0] == first + 2

    with clock.frozen_at(now - timedelta(hours=1)):
        register_case()  # entered now with an earlier time today, as a late correction
    assert received(district)[0] == first + 2  # before the settled moment: as at the rebuild
    stats_rebuild()
    assert received(district)[0] == first + 3


def test_a_period_is_cut_at_a_moment_inside_it_into_two_pieces():
    cut = at(2026, 2, 10) + timedelta(minutes=5)
    today = Period(date(2026, 2, 9), date(2026, 2, 11))
    before, after = today.cut_at(cut)
    assert (before.start, before.end) == (today.start, cut)
    assert (after.start, after.end) == (cut, today.end)
    assert (before.first, before.last) == (after.first, after.last) == (today.first, today.last)
    assert today.cut_at(today.start) == [today] == today.cut_at(today.end)
    tomorrow = Period(date(2026, 2, 11), date(2026, 2, 11))
    assert tomorrow.cut_at(cut) == [tomorrow]


class _Figure:
    """A figure of fixed rows: of the summary's buckets, and of each live piece."""

    name = "test"

    def __init__(self, parts):
        self._parts = parts

    def parts(self, period, summarized_through):
        return self._parts

    def summarized(self, office, buckets):
        return [(("a",), (10, 1)), (("b",), (1, 0))]

    def counted(self, office, piece):
        return [(("a",), (piece.last.day, 0)), (("b",), (1, 0))]


def test_a_total_is_the_summary_plus_the_parts_added_less_those_taken_away(db, district):
    january = [date(2026, 1, 1)]
    first_days = Period(date(2026, 1, 1), date(2026, 1, 3))
    last_days = Period(date(2026, 1, 28), date(2026, 1, 31))
    added = _Figure(Parts(january, [first_days, last_days], []))
    assert totals.total(added, district, SINCE_MID_DECEMBER) == {
        ("a",): (10 + 3 + 31, 1),
        ("b",): (3, 0),
    }
    taken = _Figure(Parts(january, [], [last_days]))
    # b: 1 - 1, all its values 0: left out.
    assert totals.total(taken, district, SINCE_MID_DECEMBER) == {("a",): (10 - 31, 1)}
