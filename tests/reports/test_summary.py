"""The monthly summary: figures read from it equal a direct recount of the cases."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Office
from complaints import services
from complaints.models import (
    OPEN_STATUSES,
    AcceptanceDecision,
    Case,
    Channel,
    DecisionStatus,
    DeskKind,
    Ground,
    Status,
)
from complaints.selectors.predicates import cases_of_office, office_tree
from complaints.services.acceptance import (
    Proposal,
    complaint_completed,
    decision_actions_for,
    decision_decide,
    decision_propose,
    decision_send_back,
)
from complaints.services.dimensions import case_set_dimensions
from config import clock
from dispatch import services as dispatch
from dispatch.models import OPEN_REFERRAL_STATUSES, Desk, Referral, ReferralStatus
from dispatch.selectors.cases import case_deadlines
from dispatch.services.chasing import chase_deadlines
from reports import scope, tallies
from reports.dashboard import build
from reports.models import CaseMonth, SummaryState
from reports.periods import Period, add_months, month_start, split, split_whole
from reports.summary import stats_rebuild, summarized_through
from tests.reports.conftest import accept_and_start, at, close, pay

JANUARY = Period(date(2026, 1, 1), date(2026, 1, 31))


def recounted(office, period) -> dict:
    """The "now" figures and workers helped counted straight from the rows, with none of
    the summary, the tallies or the first-payment rule the dashboard reads them with."""
    cases = cases_of_office(Case.objects.all(), office)
    referrals = Referral.objects.filter(desk__office__in=office_tree(office).values("id"))
    open_referrals = referrals.filter(status__in=OPEN_REFERRAL_STATUSES)
    decisions = AcceptanceDecision.objects.filter(
        case__in=cases,
        status=DecisionStatus.APPROVED,
        decided_at__gte=period.start,
        decided_at__lt=period.end,
    )
    late = decisions.filter(Q(due_on__isnull=False) & Q(decided_at__date__gt=F("due_on")))
    paid = scope.payments_in(office, period)
    migrant = paid.filter(complainant__is_migrant_worker=True)
    construction = paid.filter(complainant__case__is_construction=True)
    answered = cases.filter(closed_at__gte=period.start, closed_at__lt=period.end)
    return {
        ("arrears", "migrant_workers", 2): migrant.values("complainant").distinct().count(),
        ("arrears", "construction_wages", 2): construction.aggregate(n=Sum("amount"))["n"]
        or Decimal("0.00"),
        ("arrears", "followups", 2): answered.filter(followup_satisfaction__in=ANSWERS).count(),
        ("headline", "decided", 1): decisions.count(),
        ("headline", "decided_late", 1): late.count(),
        ("headline", "open", 1): cases.filter(status__in=OPEN_STATUSES).count(),
        ("headline", "workers", 1): scope.payments_in(office, period)
        .values("complainant")
        .distinct()
        .count(),
        "officers": dict(open_referrals.values_list("officer").annotate(n=Count("id")).order_by()),
    }


def recounted_at_end(office, period) -> dict:
    """The monthly return's open and overdue at the period's end, by their definition,
    case by case."""
    end = period.end
    open_then = cases_of_office(Case.objects.all(), office).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=end), registered_at__lt=end
    )
    missed = Q(due__lte=period.last) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    return {
        ("headline", "open", 1): open_then.count(),
        ("headline", "overdue", 1): open_then.filter(case_deadlines(missed)).count(),
    }


# Every board the summary is read by: the dashboard, narrowed to construction cases and to
# the rest (the summary is keyed by it), and the monthly return (open at the period's end).
BOARDS = (
    {},
    {"dimensions": {"construction": "yes"}},
    {"dimensions": {"construction": "no"}},
    {"monthly_return": True},
)
RETURN = 3


def figures_of(office, period, board: int = 0) -> dict:
    """Every number of a board: {(table, row, column): value}."""
    board = build(office, period, **BOARDS[board])
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


def test_split_whole_reads_a_partial_month_that_has_ended_as_the_month_less_its_end():
    a_year_earlier = Period(date(2024, 11, 27), date(2025, 11, 27))
    parts = split_whole(a_year_earlier, date(2026, 11, 28))
    assert parts.buckets[0] == date(2024, 12, 1) and parts.buckets[-1] == date(2025, 11, 1)
    assert parts.add == [Period(date(2024, 11, 27), date(2024, 11, 30))]
    assert parts.take_away == [Period(date(2025, 11, 28), date(2025, 11, 30))]
    # Less than half of the month, or the month not ended: counted live as by split.
    early = Period(date(2025, 10, 1), date(2025, 11, 10))
    assert split_whole(early, date(2026, 11, 28)).take_away == []
    assert split_whole(a_year_earlier, date(2025, 11, 28)).take_away == []


def test_split_reads_the_ended_days_of_the_current_month_from_the_summary():
    period = Period(date(2025, 11, 27), date(2026, 11, 27))
    buckets, live = split(period, date(2026, 11, 4))
    assert buckets[:-3] == [add_months(date(2025, 12, 1), n) for n in range(11)]
    assert buckets[-3:] == [date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3)]
    assert live == [
        Period(date(2025, 11, 27), date(2025, 11, 30)),
        Period(date(2026, 11, 4), date(2026, 11, 27)),
    ]
    # A period starting within the current month: its days, unless a figure (workers
    # paid in the month) adds up only from the month's 1st.
    november = Period(date(2026, 11, 2), date(2026, 11, 27))
    assert split(november, date(2026, 11, 4)) == (
        [date(2026, 11, 2), date(2026, 11, 3)],
        [Period(date(2026, 11, 4), date(2026, 11, 27))],
    )
    assert split(november, date(2026, 11, 4), days_from_month_start=True) == ([], [november])
    # The summary's end after the period: the period's days only, nothing live.
    assert split(Period(date(2026, 11, 1), date(2026, 11, 2)), date(2026, 11, 4)) == (
        [date(2026, 11, 1), date(2026, 11, 2)],
        [],
    )


def test_the_hand_built_january_reads_the_same_from_the_summary(
    january, district, other_district, city, now
):
    periods = [
        JANUARY,
        Period(date(2025, 12, 1), date(2026, 1, 31)),
        Period(date(2025, 12, 15), date(2026, 2, 10)),
        Period(date(2025, 1, 1), date(2025, 12, 31)),
        # Most of January: the month from the summary less January 20-31 (B closed on
        # the 20th), and a year earlier likewise.
        Period(date(2025, 12, 1), date(2026, 1, 19)),
        Period(date(2026, 1, 1), date(2026, 1, 19)),
    ]
    offices = [district, other_district, city]
    direct = {(o.pk, p): figures_of(o, p) for o in offices for p in periods}
    state = stats_rebuild()
    assert state.through == date(2026, 2, 10) and summarized_through() == date(2026, 2, 10)
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


def test_a_worker_paid_before_and_after_the_summarys_end_is_one_worker_helped(
    register_case, inspector, district, city
):
    with clock.frozen_at(at(2026, 3, 2)):
        case = register_case()
    pay(case, inspector, "100.00", at(2026, 3, 3))
    pay(case, inspector, "50.00", at(2026, 3, 10))
    march = Period(date(2026, 3, 1), date(2026, 3, 12))
    with clock.frozen_at(at(2026, 3, 12)):
        direct = {office.pk: figures_of(office, march) for office in (district, city)}
        # The 3rd in the summary and the 10th live; then both days in the summary.
        for through in (date(2026, 3, 5), date(2026, 3, 11)):
            stats_rebuild(through=through)
            for office in (district, city):
                found = figures_of(office, march)
                assert found == direct[office.pk], through
                row = f"{district.pk}-2026-03"
                assert found[("wages", row, 2)] == Decimal("150.00")
                assert found[("wages", row, 3)] == 1 == found[("headline", "workers", 1)]


def test_todays_rows_on_both_sides_of_the_settled_moment_add_up(
    desks, register_case, window, inspector, inspection_head, district, city
):
    def routed():
        with clock.frozen_at(at(2026, 3, 2)):
            case = register_case()
            (referral,) = dispatch.case_route(case_id=case.pk)
        when = at(2026, 3, 3)
        return accept_and_start(case, referral, inspector, when, head=inspection_head), referral

    (a, a_referral), (b, b_referral) = routed(), routed()
    today, cut = date(2026, 3, 10), at(2026, 3, 10, hour=12)
    pay(a, inspector, "100.00", at(2026, 3, 10, hour=9))
    close(b, b_referral, inspector, at(2026, 3, 10, hour=11))
    pay(a, inspector, "50.00", at(2026, 3, 10, hour=13))  # the same worker, after the cut
    close(a, a_referral, inspector, at(2026, 3, 10, hour=14))
    with clock.frozen_at(at(2026, 3, 10, hour=15)):
        register_case()
        services.consultation_log(actor=window, topic="咨询", channel="walk_in")
    march = Period(date(2026, 3, 1), today)
    with clock.frozen_at(at(2026, 3, 10, hour=16)):
        direct = {office.pk: figures_of(office, march) for office in (district, city)}
        stats_rebuild(through=today, settled_until=cut)
        for office in (district, city):
            for _view in range(2):  # counted, then the settled piece read from the cache
                found = figures_of(office, march)
                assert found == direct[office.pk]
                assert found[("headline", "wages", 1)] == Decimal("150.00")
                assert found[("headline", "workers", 1)] == 1
                assert found[("headline", "closed", 1)] == 2
                assert found[("wages", f"{district.pk}-2026-03", 3)] == 1


@pytest.fixture
def desks(district, other_district, inspector):
    Desk.objects.create(office=district, kind=DeskKind.INSPECTION).members.add(inspector)
    Desk.objects.create(office=other_district, kind=DeskKind.INSPECTION).members.add(inspector)


ACTIONS = [
    "register",
    "register",
    "advance",
    "advance",
    "pay",
    "transfer",
    "withdraw",
    "chase",
    "consult",
    "decide",
    "mark",
]
ANSWERS = ["satisfied", "basically", "dissatisfied"]
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


def _decide(case, pick, moment, *, head, inspector, window):
    """The head's acceptance decision on a registered case (or its sent-back proposal):
    on time or late depending on the day; or the completed complaint after 告知补正."""
    with clock.frozen_at(moment):
        if decision_actions_for(case=case, user=head) == {"complete"}:
            complaint_completed(case=case, actor=window, received_on=moment.date())
        elif pick % 3 == 0:
            decision_decide(case=case, actor=head, proposal=Proposal(ground=Ground.ACCEPT))
        elif pick % 3 == 1:
            proposal = Proposal(ground=Ground.COMPLETE, missing="工资条")
            decision_decide(case=case, actor=head, proposal=proposal)
        else:
            proposal = Proposal(ground=Ground.OUT_OF_TIME, reason="三年前的工资")
            refused = decision_propose(case=case, actor=inspector, proposal=proposal)
            decision_send_back(decision=refused, actor=head, reason="欠薪持续至今")


def _play(step, moment, cases, *, register_case, window, inspector, other_district, head):
    action, pick, _days = step
    case = Case.objects.get(pk=cases[pick % len(cases)]) if cases else None
    if action == "register" or case is None:
        with clock.frozen_at(moment):
            channel = Channel.values[pick % len(Channel.values)]
            new = register_case(channel=channel)
            dispatch.case_route(case_id=new.pk)
        cases.append(new.pk)
    elif action == "advance" and (referral := _open_referral(case)):
        # Not while the complainant completes the complaint (告知补正): nothing is decided.
        undecided = "decide" in decision_actions_for(case=case, user=head)
        if undecided and referral.status == ReferralStatus.PENDING:
            accept_and_start(case, referral, inspector, moment, head=head)
        elif case.status == Status.IN_PROGRESS:
            close(case, referral, inspector, moment, satisfaction=ANSWERS[pick % 3])
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
    elif action == "decide" and case.status == Status.REGISTERED:
        if case.responsible_office_id == head.office_id:
            _decide(case, pick, moment, head=head, inspector=inspector, window=window)
    elif action == "mark" and case.is_open:  # the wage-arrears keys of the ledger's rows
        first = case.complainants.order_by("id").first()
        with clock.frozen_at(moment):
            case_set_dimensions(
                case=case,
                actor=inspector,
                is_construction=pick % 2 == 1,
                mass_incident_risk=False,
                migrant_worker_ids={first.pk} if pick % 3 else set(),
            )
    elif action == "consult":
        with clock.frozen_at(moment):
            channel = Channel.values[pick % len(Channel.values)]
            services.consultation_log(actor=window, topic="咨询", channel=channel)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_the_summary_agrees_with_a_direct_recount_after_any_series_of_changes(
    steps, desks, register_case, window, inspector, inspection_head, district, other_district, city
):
    with transaction.atomic():
        cases, day, moments = [], START, []
        for index, step in enumerate(steps):
            day += timedelta(days=step[2])
            moments.append(at(day.year, day.month, day.day) + timedelta(minutes=index))
            _play(
                step,
                moments[-1],
                cases,
                register_case=register_case,
                window=window,
                inspector=inspector,
                other_district=other_district,
                head=inspection_head,
            )
        today = day + timedelta(days=40)
        periods = [
            Period(START, today),
            Period(START.replace(day=1), today - timedelta(days=today.day)),
            Period(START + timedelta(days=9), today - timedelta(days=5)),
            Period(month_start(day), today),
            Period(day - timedelta(days=3), today),
            Period(START, date(2025, 12, 20)),  # most of an ended month: less its end
        ]
        with clock.frozen_at(at(today.year, today.month, today.day)):
            offices = [district, other_district, city]
            # Every board of the district and the city over two of the periods; the plain
            # dashboard of every office over every period.
            boards = [
                (o, p, b)
                for o in offices
                for p in periods
                for b in range(len(BOARDS))
                if not b or (o != other_district and p in periods[:2])
            ]
            direct = {(o.pk, p, b): figures_of(o, p, b) for o, p, b in boards}
            for (office_pk, period, board), found in direct.items():
                office = Office.objects.get(pk=office_pk)
                if board == RETURN:
                    at_end = recounted_at_end(office, period)
                    assert {key: found[key] for key in at_end} == at_end, (office, period)
                elif board:  # narrowed: the open tally keyed by the mark
                    marked = cases_of_office(Case.objects.all(), office).filter(
                        status__in=OPEN_STATUSES, is_construction=board == 1
                    )
                    assert found[("headline", "open", 1)] == marked.count(), (office, board)
                if board:
                    continue
                counted = recounted(office, period)
                officers = counted.pop("officers")
                assert {key: found[key] for key in counted} == counted, (office, period)
                by_officer = tallies.open_referrals_by_officer(office)
                assert {k: n for k, n in by_officer.items() if n} == officers, office
            # The summary ending today, after the last day with changes (its month's days
            # before it in the summary) and a week before it.
            for through in (today, day + timedelta(days=1), day - timedelta(days=7)):
                stats_rebuild(through=through)
                for (office_pk, period, board), wanted in direct.items():
                    found = figures_of(Office.objects.get(pk=office_pk), period, board)
                    assert found == wanted, (through, office_pk, period, board)
            # The summary ending on the day of a change in the middle of the series, that
            # day's rows before the change's moment settled, the change and the rest live;
            # the second view reads the settled pieces from the cache.
            cut = moments[len(moments) // 2]
            stats_rebuild(through=cut.date(), settled_until=cut)
            for (office_pk, period, board), wanted in direct.items():
                for _view in range(2):
                    found = figures_of(Office.objects.get(pk=office_pk), period, board)
                    assert found == wanted, (cut, office_pk, period, board)
            recovered = direct[(city.pk, periods[0], 0)][("headline", "wages", 1)]
            assert recovered >= Decimal("0")
        transaction.set_rollback(True)
