"""Property-based tests: due-date arithmetic and the case lifecycle (issue #7, item 9).

(a) `compute_due` over every seeded `DeadlinePolicy`: the due date is a working day, it
    is deterministic, it never moves earlier when the limit or the start date grows, and
    a calendar-day limit only rolls forward over rest days. tests/dispatch/test_calendar.py
    already checks `add_working_days` alone (2024-2026, monotone in the start date); these
    add the policies, both units, monotonicity in N and the years 2004-2027.
(b) A `RuleBasedStateMachine` that drives one case (and a second one to merge into)
    through the real complaints and dispatch services with any actor, in any order. A
    refused action must change nothing; after every step: at most one open referral per
    desk per case, no open deadline or referral on an ended case, no open deadline on a
    closed referral, and exactly one timeline event per transition of the case.
"""

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from accounts.roles import Role
from complaints import services as complaints
from complaints.exceptions import DomainError
from complaints.models import Case, CaseEvent, DeskKind, Outcome, Status
from complaints.services import ComplainantData, EmployerData
from complaints.workflow import ALLOWED_TRANSITIONS
from config import clock
from dispatch import calendar, services, tasks
from dispatch.calendar import is_working_day, working_days_between
from dispatch.due_dates import compute_due
from dispatch.models import (
    OPEN_REFERRAL_STATUSES,
    Deadline,
    DeadlinePolicy,
    DeadlineUnit,
    Desk,
    Referral,
)
from tests.builders import STATUS_PATHS, finish_referral, paid_in_full

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUICK = {
    "deadline": None,
    "database": None,  # no .hypothesis/ example store in the working tree
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


# --- (a) due dates over the seeded policies -------------------------------------------

# Loaded years are 2004-2026; 2027 is weekends alone and every answer touching it is
# provisional.
STARTS = st.dates(min_value=date(2004, 1, 1), max_value=date(2027, 6, 30))


def _with_limit(policy: DeadlinePolicy, limit: int) -> DeadlinePolicy:
    """The same rule with another number of days (unsaved: the seeded row stays as it is)."""
    return DeadlinePolicy(code=policy.code, desk=policy.desk, limit=limit, unit=policy.unit)


@pytest.fixture
def policies(db) -> list[DeadlinePolicy]:
    # Limits in days: one in hours is due at a moment, through rest days
    # (tests/dispatch/test_hour_deadlines.py).
    days = [DeadlineUnit.WORKING_DAYS, DeadlineUnit.CALENDAR_DAYS]
    rows = list(DeadlinePolicy.objects.filter(unit__in=days).order_by("code"))
    assert {row.unit for row in rows} == set(days)
    return rows


@settings(max_examples=60, **QUICK)
@given(start=STARTS, later_by=st.integers(0, 45))
def test_compute_due_of_every_seeded_policy(policies, start, later_by):
    for policy in policies:
        result = compute_due(policy, start)
        due = result.due
        assert is_working_day(due), (policy.code, start, due)
        assert due > start
        calendar.clear_cache()  # deterministic: the same answer from a fresh read
        assert compute_due(policy, start) == result
        assert result.provisional == (due.year > 2026 or start.year > 2026)
        if policy.unit == DeadlineUnit.WORKING_DAYS:
            assert working_days_between(start, due) == policy.limit
        else:
            # Calendar days: the last day, moved forward only over rest days.
            last = start + timedelta(days=policy.limit)
            assert due >= last
            skipped = [last + timedelta(days=i) for i in range((due - last).days)]
            assert not any(is_working_day(day) for day in skipped), (policy.code, start)
        later = start + timedelta(days=later_by)
        assert compute_due(policy, later).due >= due, (policy.code, start, later)


@settings(max_examples=40, **QUICK)
@given(start=STARTS, n=st.integers(1, 80), more=st.integers(0, 30), data=st.data())
def test_compute_due_is_monotone_in_the_limit(policies, start, n, more, data):
    policy = data.draw(st.sampled_from(policies), label="policy")
    shorter = compute_due(_with_limit(policy, n), start)
    longer = compute_due(_with_limit(policy, n + more), start)
    assert is_working_day(shorter.due) and is_working_day(longer.due)
    assert longer.due >= shorter.due
    if more and policy.unit == DeadlineUnit.WORKING_DAYS:
        assert longer.due > shorter.due  # each further working day is a later day
    if policy.unit == DeadlineUnit.WORKING_DAYS:
        assert working_days_between(shorter.due, longer.due) == more


# --- (b) the case lifecycle through the services ---------------------------------------

ENDED = frozenset({Status.CLOSED, Status.WITHDRAWN, Status.MERGED, Status.NOT_ACCEPTED})
TRANSITION_KINDS = frozenset(t.event_kind for t in ALLOWED_TRANSITIONS.values())
ACTORS = [
    "window",
    "inspector",
    "supervisor",
    "officer",
    "east_officer",
    "east_supervisor",
    "head",  # of the inspection body: files cases, decides on withdrawal requests
]
# Mostly people who may act, so that runs get past registration; outsiders now and then.
actors = st.sampled_from(ACTORS[1:4] * 3 + ACTORS)
picks = st.integers(0, 7)
# The statuses a run starts from, and how a fresh case is brought there.
PATHS = {status: path for status, path in STATUS_PATHS.items() if status != Status.NOT_ACCEPTED}


class CaseLifecycle(RuleBasedStateMachine):
    """One case, worked on in any order by anyone; the DB people are set by the test."""

    people: dict = {}
    offices: dict = {}

    @initialize(routed=st.booleans(), start_at=st.sampled_from(list(PATHS)))
    def register(self, routed, start_at):
        """A fresh case, routed or not, brought to `start_at` through the services."""
        self.now = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)  # a Monday
        with clock.frozen_at(self.now):
            self.case = self._register()
            self.other = self._register()  # the case a duplicate is merged into
        self.seen_event = CaseEvent.objects.order_by("-id").values_list("id", flat=True)[0]
        if routed:
            self.route_task_runs()
        for step in PATHS[start_at]:
            if (
                step == "resolve"
                and self.case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exists()
            ):
                for index in range(self.case.referrals.count()):  # the desks finish
                    self.referral_accept("officer", index)
                    # A filed case's inspection referral: through the closing approval.
                    self._referral_action(
                        index, lambda r: finish_referral(r, self.people["officer"])
                    )
            else:
                getattr(self, step)("head" if step == "accept" else "supervisor")
        assert self._status() == start_at

    def _register(self) -> Case:
        return complaints.case_register(
            actor=self.people["window"],
            description="工地拖欠三个月工资 Three months' wages unpaid",
            complainants=[ComplainantData(name="张三", phone="13800138000")],
            employer=EmployerData(name="宜昌某某建筑有限公司"),
        ).case

    # -- reading the state ---------------------------------------------------------

    def _status(self) -> str:
        return Case.objects.values_list("status", flat=True).get(pk=self.case.pk)

    def _transition_events(self) -> Counter:
        kinds = CaseEvent.objects.filter(case=self.case, kind__in=TRANSITION_KINDS)
        return Counter(kinds.values_list("kind", flat=True))

    def _snapshot(self) -> tuple:
        cases = list(
            Case.objects.filter(pk__in=[self.case.pk, self.other.pk])
            .order_by("pk")
            .values_list(
                "status",
                "responsible_office_id",
                "routing_state",
                "closed_at",
                "accepted_at",
                "merged_into_id",
                "outcome_id",
                "withdrawal_requested_at",
                "updated_at",
            )
        )
        referrals = list(
            Referral.objects.filter(case__in=[self.case, self.other])
            .order_by("pk")
            .values_list("pk", "desk_id", "status", "officer_id", "closed_at")
        )
        deadlines = list(
            Deadline.objects.filter(referral__case__in=[self.case, self.other])
            .order_by("pk")
            .values_list("pk", "closed_at", "due", "paused_on")
        )
        events = CaseEvent.objects.filter(case__in=[self.case, self.other]).count()
        return cases, referrals, deadlines, events, Desk.objects.count()

    def _pick(self, queryset, index: int):
        rows = list(queryset.order_by("pk"))
        return rows[index % len(rows)] if rows else None

    # -- acting --------------------------------------------------------------------

    def _after_commit(self) -> None:
        """What the on_commit tasks do once the step is committed: announce each new
        event (an ending event closes the desks' work: dispatch.tasks.announce_event)."""
        while True:
            new = list(
                CaseEvent.objects.filter(pk__gt=self.seen_event)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if not new:
                return
            for event_id in new:
                tasks.announce_event(event_id)
            self.seen_event = new[-1]

    def _act(self, action: str | None, call) -> bool:
        """Run one service call; a refusal must change nothing, a success must write
        exactly one timeline event for the one transition of the case it makes."""
        before, status_before = self._snapshot(), self._status()
        events_before = self._transition_events()
        try:
            with clock.frozen_at(self.now):
                call()
        except (DomainError, ValidationError):
            assert self._snapshot() == before, f"refused {action or call} changed data"
            return False
        with clock.frozen_at(self.now):
            self._after_commit()
        status_after = self._status()
        added = self._transition_events() - events_before
        if action is not None:  # a case transition, asked for by name
            transition = ALLOWED_TRANSITIONS[action]
            assert status_before in transition.sources
            assert status_after == (transition.target or status_before)
            expected = Counter({transition.event_kind: 1})
        elif status_after != status_before:  # only the desks finishing may move the case
            assert (status_before, status_after) in {
                (Status.ACCEPTED, Status.RESOLVED),
                (Status.IN_PROGRESS, Status.RESOLVED),
            }, (status_before, status_after)
            expected = Counter({"resolve_by_referrals": 1})
        else:
            expected = Counter()
        assert added == expected, (action, status_before, status_after, added)
        return True

    def _case_action(self, action: str, service, **arguments):
        self._act(action, lambda: service(case=self.case, **arguments))

    # -- the case's own transitions ------------------------------------------------

    @rule(actor=actors)
    def accept(self, actor):
        self._case_action("accept", complaints.case_accept, actor=self.people[actor])

    @rule(actor=actors)
    def not_accept(self, actor):
        self._case_action(
            "not_accept",
            complaints.case_not_accept,
            actor=self.people[actor],
            reason="超过两年",
            ground=Outcome.objects.get(code="not_accepted_time_limit"),
        )

    @rule(actor=actors)
    def start(self, actor):
        self._case_action("start", complaints.case_start, actor=self.people[actor])

    @rule(actor=actors)
    def resolve(self, actor):
        self._case_action("resolve", complaints.case_resolve, actor=self.people[actor])

    @rule(actor=actors)
    def reopen(self, actor):
        self._case_action(
            "reopen", complaints.case_reopen, actor=self.people[actor], reason="工人反映未到账"
        )

    @rule(actor=actors)
    def reopen_closed(self, actor):
        self._case_action(
            "reopen_closed",
            complaints.case_reopen_closed,
            actor=self.people[actor],
            reason="重新调查",
        )

    @rule(actor=actors)
    def close(self, actor):
        self._case_action(
            "close",
            complaints.case_close,
            actor=self.people[actor],
            **paid_in_full(self.now - timedelta(hours=1)),
        )

    @rule(actor=actors)
    def withdraw(self, actor):
        self._case_action(
            "withdraw", complaints.case_withdraw, actor=self.people[actor], reason="已自行协商"
        )

    @rule(actor=actors)
    def request_withdrawal(self, actor):
        self._case_action(
            "request_withdrawal",
            complaints.case_request_withdrawal,
            actor=self.people[actor],
            reason="工资已结清，申请撤回投诉",
        )

    @rule(actor=actors)
    def cancel_filing(self, actor):
        self._case_action(
            "cancel_filing",
            complaints.case_cancel_filing,
            actor=self.people[actor],
            reason="已改正",
        )

    @rule(actor=actors)
    def continue_ex_officio(self, actor):
        self._case_action(
            "continue_ex_officio",
            complaints.case_continue_ex_officio,
            actor=self.people[actor],
            reason="依职权继续调查",
        )

    @rule(actor=actors)
    def merge(self, actor):
        self._case_action(
            "merge", complaints.case_merge, actor=self.people[actor], target=self.other
        )

    @rule(actor=actors, office=st.sampled_from(["west", "east"]))
    def transfer(self, actor, office):
        self._case_action(
            "transfer",
            complaints.case_transfer,
            actor=self.people[actor],
            to_office=self.offices[office],
            reason="用人单位在该区",
        )

    # -- dispatch: routing, referrals and deadlines --------------------------------

    @rule()
    def route_task_runs(self):
        """The routing task arrives (after registration or a transfer, or from the sweep)."""
        self._act(None, lambda: services.case_route(case_id=self.case.pk))

    @rule(actor=actors, kind=st.sampled_from(DeskKind.values))
    def refer(self, actor, kind):
        self._act(
            None,
            lambda: services.case_refer(
                case=self.case, desk_kind=kind, actor=self.people[actor], reason="需要该科室处理"
            ),
        )

    def _referral_action(self, index: int, call) -> None:
        referral = self._pick(Referral.objects.filter(case=self.case), index)
        if referral is not None:
            self._act(None, lambda: call(referral))

    @rule(actor=actors, index=picks)
    def referral_accept(self, actor, index):
        self._referral_action(
            index, lambda r: services.referral_accept(referral=r, actor=self.people[actor])
        )

    @rule(actor=actors, index=picks)
    def referral_start(self, actor, index):
        self._referral_action(
            index, lambda r: services.referral_start(referral=r, actor=self.people[actor])
        )

    @rule(actor=actors, index=picks)
    def referral_finish(self, actor, index):
        self._referral_action(
            index, lambda r: services.referral_finish(referral=r, actor=self.people[actor])
        )

    @rule(actor=actors, index=picks)
    def referral_return(self, actor, index):
        self._referral_action(
            index,
            lambda r: services.referral_return(
                referral=r, actor=self.people[actor], reason="不属本科室管辖"
            ),
        )

    def _deadline_action(self, index: int, call) -> None:
        deadline = self._pick(Deadline.objects.filter(referral__case=self.case), index)
        if deadline is not None:
            self._act(None, lambda: call(deadline))

    @rule(actor=actors, index=picks)
    def deadline_pause(self, actor, index):
        self._deadline_action(
            index,
            lambda d: services.deadline_pause(
                deadline=d, actor=self.people[actor], reason="等待其他机关结论"
            ),
        )

    @rule(actor=actors, index=picks)
    def deadline_resume(self, actor, index):
        self._deadline_action(
            index, lambda d: services.deadline_resume(deadline=d, actor=self.people[actor])
        )

    @rule(days=st.integers(1, 20))
    def time_passes(self, days):
        self.now += timedelta(days=days)

    # -- what must hold after every step -------------------------------------------

    @invariant()
    def at_most_one_open_referral_per_desk(self):
        doubled = (
            Referral.objects.filter(
                case__in=[self.case, self.other], status__in=OPEN_REFERRAL_STATUSES
            )
            .values("case_id", "desk_id")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        assert not doubled.exists(), list(doubled)

    @invariant()
    def an_ended_case_has_no_open_work(self):
        for case in Case.objects.filter(pk__in=[self.case.pk, self.other.pk]):
            if case.status in ENDED:
                open_deadlines = Deadline.objects.filter(
                    referral__case=case, closed_at__isnull=True
                )
                assert not open_deadlines.exists(), (case.status, list(open_deadlines))
                assert not case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exists()

    @invariant()
    def a_closed_referral_has_no_open_deadline(self):
        stray = Deadline.objects.filter(
            referral__case__in=[self.case, self.other], closed_at__isnull=True
        ).exclude(referral__status__in=OPEN_REFERRAL_STATUSES)
        assert not stray.exists(), list(stray.values("pk", "referral__status", "policy__code"))


@pytest.mark.django_db
def test_the_case_lifecycle_keeps_its_invariants(
    state_machine_cast, user_factory, district, other_district
):
    people = state_machine_cast("sm") | {
        "inspector": user_factory("sm-inspector", district, Role.INSPECTOR),
        "east_supervisor": user_factory("sm-east-supervisor", other_district, Role.SUPERVISOR),
        "head": user_factory("sm-head", district, Role.INSPECTION_HEAD),
    }
    CaseLifecycle.people = people
    CaseLifecycle.offices = {"west": district, "east": other_district}
    run_state_machine_as_test(
        CaseLifecycle, settings=settings(max_examples=25, stateful_step_count=20, **QUICK)
    )
