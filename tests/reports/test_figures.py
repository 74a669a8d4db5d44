"""Every figure of the dashboard against the hand-computed January 2026 (conftest.py)."""

from datetime import date
from decimal import Decimal

from config import clock
from reports import breakdowns, figures, overdue
from reports.dashboard import build
from reports.periods import Period
from tests.reports.conftest import at, pay

JANUARY = Period(date(2026, 1, 1), date(2026, 1, 31))


def test_received_counts_cases_and_consultations_with_the_year_before(january, district, now):
    received = figures.received(district, JANUARY)
    assert (received.cases, received.consultations, received.total) == (4, 1, 5)
    assert received.by(0) == {"walk_in": 3, "hotline": 2}  # C and the consultation
    assert received.by(1) == {"wage_arrears": 4, "social_insurance": 1}
    earlier = figures.received(district, JANUARY.a_year_earlier())
    assert (earlier.cases, earlier.consultations) == (1, 1)
    assert figures.change(received.total, earlier.total) == Decimal("150.00")


def test_closed_on_time_late_and_days_to_close(january, district, now):
    closing = figures.closure(district, JANUARY)
    assert (closing.closed, closing.on_time, closing.late) == (2, 1, 1)
    assert closing.on_time_share == Decimal("50.00")
    # A: 2025-12-29 -> 2026-01-06 is 8 days, 5 working days (New Year 1/1-1/3 rests,
    # Sunday 1/4 is a make-up working day); B: 01-05 -> 01-20 is 15 days, 11 working days.
    assert sorted(closing.calendar_days.elements()) == [8, 15]
    assert sorted(closing.working_days.elements()) == [5, 11]
    assert closing.days("calendar", 50) == 11.5 and closing.days("calendar", 90) == 15
    assert closing.days("working", 50) == 8 and closing.days("working", 90) == 11


def test_open_and_overdue_now(january, district, other_district, now):
    assert set(figures.open_cases(district)) == {january.c, january.g}
    assert list(overdue.overdue_cases(district)) == [january.g]
    assert set(figures.open_cases(other_district)) == {january.c}  # transferred in


def test_a_transfer_counts_at_both_offices_and_once_above_them(
    january, district, other_district, city, now
):
    assert figures.received(other_district, JANUARY).cases == 1
    assert figures.received(city, JANUARY).cases == 4


def test_the_merged_case_is_received_but_never_closed_or_open(january, district, now):
    assert january.d not in set(figures.closed_cases(district, JANUARY))
    assert january.d not in set(figures.open_cases(district))


def test_wages_from_the_ledger_with_a_partial_payment(january, district, now):
    paid = figures.wages(district, JANUARY)
    assert (paid.recovered, paid.workers) == (Decimal("2400.00"), 2)
    rows = breakdowns.wages_by_office_and_month(district, JANUARY)
    assert [(row.office, row.month, row.recovered, row.workers) for row in rows] == [
        ("West District", date(2026, 1, 1), Decimal("2400.00"), 2)
    ]
    assert figures.wages(district, Period(date(2026, 1, 6), date(2026, 1, 31))).recovered == (
        Decimal("2000.00")
    )


def test_a_worker_paid_in_two_months_is_helped_in_each_month_and_once_in_the_period(
    register_case, inspector, district, now
):
    with clock.frozen_at(at(2026, 1, 15)):
        case = register_case()
    for amount, day in (("100.00", at(2026, 1, 20)), ("50.00", at(2026, 2, 3))):
        pay(case, inspector, amount, day)
    pay(case, inspector, "25.00", at(2026, 2, 4))  # the same month again: not a new worker
    since_january = Period(date(2026, 1, 1), date(2026, 2, 10))  # no summary: all live
    rows = breakdowns.wages_by_office_and_month(district, since_january)
    assert [(row.month, row.recovered, row.workers) for row in rows] == [
        (date(2026, 1, 1), Decimal("100.00"), 1),
        (date(2026, 2, 1), Decimal("75.00"), 1),
    ]
    paid = figures.wages(district, since_january)
    assert (paid.recovered, paid.workers) == (Decimal("175.00"), 1)


def test_desks_and_officers(january, district, inspector, now):
    inspection = next(
        row for row in breakdowns.desks(district, JANUARY) if row.desk == "inspection"
    )
    assert (inspection.done, inspection.on_time, inspection.late) == (2, 1, 1)
    (officer,) = breakdowns.officers(district, JANUARY)
    assert officer.officer_id == inspector.pk
    assert (officer.open, officer.overdue, officer.done) == (1, 1, 2)


def test_the_trend_over_24_months(january, district, now):
    trend = {
        row.month: (row.received, row.closed)
        for row in breakdowns.monthly_trend(district, Period.trailing_months(date(2026, 1, 31), 24))
    }
    assert len(trend) == 24 and min(trend) == date(2024, 2, 1)
    assert trend[date(2026, 1, 1)] == (4, 2)
    assert trend[date(2025, 12, 1)] == (1, 0)
    assert trend[date(2025, 1, 1)] == (1, 0)
    assert sum(received for received, _closed in trend.values()) == 6
    desk = breakdowns.desk_trend(district, Period.trailing_months(date(2026, 1, 31), 24))
    by_month = {row.month: (row.received, row.closed) for row in desk["inspection"]}
    assert by_month[date(2025, 12, 1)] == (1, 0)
    assert by_month[date(2026, 1, 1)] == (2, 2)


def test_the_monthly_return_counts_open_and_overdue_at_the_months_end(january, district, now):
    board = build(district, JANUARY, monthly_return=True)
    values = {row.key: row.cells[1].value for row in board.headline.rows}
    assert values["open"] == 2  # C and G were open on 31 January
    assert values["overdue"] == 1  # G, due 01-27
    december = build(district, Period.month(date(2025, 12, 1)), monthly_return=True)
    december_values = {row.key: row.cells[1].value for row in december.headline.rows}
    assert december_values["open"] == 1 and december_values["overdue"] == 0  # A


def test_the_api_summary_uses_the_same_figures(january, district, now):
    assert figures.office_summary(office=district, period=JANUARY) == {
        "received": 4,
        "consultations": 1,
        "closed": 2,
        "closed_on_time": 1,
        "decided": 1,  # B, on 01-14: due 01-12, late (A was decided in December)
        "decided_on_time": 0,
        "overdue": 1,
        "wages_recovered": Decimal("2400.00"),
        "workers_helped": 2,
    }
