"""The monthly summary: figures read from it equal a direct recount of the cases."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints import services
from complaints.models import Case, Channel, DeskKind, Status
from config import clock
from dispatch import services as dispatch
from dispatch.models import Desk, Referral, ReferralStatus
from dispatch.services.chasing import chase_deadlines
from reports.dashboard import build
from reports.models import CaseMonth, SummaryState
from reports.periods import Period, split
from reports.summary import stats_rebuild, summarized_through
from tests.reports.conftest import accept_and_start, at, close, pay

JANUARY = Period(date(2026, 1, 1), date(2026, 1, 31))


def figures_of(office, period) -> dict:
    """Every number of the dashboard: {(table, row, column): value}."""
    board = build(office, period)
    return {
        (table.key, row.key, position): cell.value
        for table in [board.headline, *board.tables]
        for row in table.rows
        for position, cell in enumerate(row.cells)
    }


def test_split_keeps_the_summarized_whole_months_in_the_middle():
    period = Period(date(2025, 11, 27), date(2026, 11, 27))
    months, live = split(period, date(2026, 11, 1))
    assert months[0] == date(2025, 12, 1) and months[-1] == date(2026, 10, 1)
    assert live == [
        Period(date(2025, 11, 27), date(2025, 11, 30)),
        Period(date(2026, 11, 1), date(2026, 11, 27)),
    ]
    assert split(period, None) == ([], [period])
    assert split(JANUARY, date(2026, 1, 1)) == ([], [JANUARY])  # January not summarized yet
    assert split(JANUARY, date(2026, 2, 1)) == ([date(2026, 1, 1)], [])


def test_the_hand_built_january_reads_the_same_from_the_summary(
    january, district, other_district, city, now
):
    periods = [
        JANUARY,
        Period(date(2025, 12, 1), date(2026, 1, 31)),
        Period(date(2025, 12, 15), date(2026, 2, 10)),
        Period(date(2025, 1, 1), date(2025, 12, 31)),
    ]
    offices = [district, other_district, city]
    direct = {(o.pk, p): figures_of(o, p) for o in offices for p in periods}
    state = stats_rebuild()
    assert state.through == date(2026, 2, 1) and summarized_through() == date(2026, 2, 1)
    assert CaseMonth.objects.exists()
    for office in offices:
        for period in periods:
            assert figures_of(office, period) == direct[(office.pk, period)], (office, period)


def test_rebuild_stats_command_replaces_the_summary(january, district, now, capsys):
    call_command("rebuild_stats")
    assert "2026-02" in capsys.readouterr().out
    rows = CaseMonth.objects.count()
    call_command("rebuild_stats")
    assert CaseMonth.objects.count() == rows and SummaryState.objects.count() == 1
    january_row = CaseMonth.objects.filter(month=date(2026, 1, 1)).values_list("received")
    assert sum(n for (n,) in january_row) == 4  # A is December's; B, C, D, G January's


@pytest.fixture
def desks(district, other_district, inspector):
    Desk.objects.create(office=district, kind=DeskKind.INSPECTION).members.add(inspector)
    Desk.objects.create(office=other_district, kind=DeskKind.INSPECTION).members.add(inspector)


ACTIONS = ["register", "register", "advance", "advance", "pay", "transfer", "withdraw", "chase"]
STEPS = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.integers(0, 50), st.integers(0, 12)),
    min_size=1,
    max_size=14,
)
START = date(2025, 11, 3)


def _open_referral(case) -> Referral | None:
    return (
        Referral.objects.filter(case=case, status__in=["pending", "accepted", "in_progress"])
        .order_by("id")
        .first()
    )


def _play(step, day, cases, *, register_case, window, inspector, other_district):
    action, pick, _days = step
    moment = at(day.year, day.month, day.day)
    case = Case.objects.get(pk=cases[pick % len(cases)]) if cases else None
    if action == "register" or case is None:
        with clock.frozen_at(moment):
            channel = Channel.values[pick % len(Channel.values)]
            new = register_case(channel=channel)
            dispatch.case_route(case_id=new.pk)
        cases.append(new.pk)
    elif action == "advance" and (referral := _open_referral(case)):
        if case.status == Status.REGISTERED and referral.status == ReferralStatus.PENDING:
            accept_and_start(case, referral, inspector, moment)
        elif case.status == Status.IN_PROGRESS:
            close(case, referral, inspector, moment)
    elif action == "pay" and case.is_open:  # the ledger takes payments on open cases
        pay(case, inspector, f"{100 + pick * 10}.00", moment)
    elif action == "transfer" and case.is_open and case.responsible_office != other_district:
        with clock.frozen_at(moment):
            services.case_transfer(
                case=case, actor=inspector, to_office=other_district, reason="属地"
            )
    elif action == "withdraw" and case.status == Status.REGISTERED:
        with clock.frozen_at(moment):
            services.case_withdraw(case=case, actor=window, reason="已协商")
    elif action == "chase":
        chase_deadlines(now=moment)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_the_summary_agrees_with_a_direct_recount_after_any_series_of_changes(
    steps, desks, register_case, window, inspector, district, other_district, city
):
    with transaction.atomic():
        cases, day = [], START
        for step in steps:
            day += timedelta(days=step[2])
            _play(
                step,
                day,
                cases,
                register_case=register_case,
                window=window,
                inspector=inspector,
                other_district=other_district,
            )
        today = day + timedelta(days=40)
        periods = [
            Period(START, today),
            Period(START.replace(day=1), today - timedelta(days=today.day)),
            Period(START + timedelta(days=9), today - timedelta(days=5)),
        ]
        with clock.frozen_at(at(today.year, today.month, today.day)):
            offices = [district, other_district, city]
            direct = {(o.pk, p): figures_of(o, p) for o in offices for p in periods}
            stats_rebuild()
            for office in offices:
                for period in periods:
                    assert figures_of(office, period) == direct[(office.pk, period)]
            recovered = direct[(city.pk, periods[0])][("headline", "wages", 1)]
            assert recovered >= Decimal("0")
        transaction.set_rollback(True)
