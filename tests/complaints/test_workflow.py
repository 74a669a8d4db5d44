"""The case workflow: every transition of ALLOWED_TRANSITIONS, allowed and refused.

Each action is a service that checks the actor's role and the case's status on the
locked row, writes exactly one CaseEvent, and refuses anything else with a clear error.
State is built by calling the real services in sequence (docs/conventions.md).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from complaints import services
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import (
    Case,
    CaseEvent,
    FollowupMethod,
    Ground,
    Outcome,
    Route,
    Satisfaction,
    Status,
)
from complaints.services.acceptance import Proposal, decision_decide
from complaints.workflow import ALLOWED_TRANSITIONS, allowed_actions, check_transition
from tests.at_once import run_at_once

# --- the table, spelled out as parameters ---------------------------------------------

# What people may do; the system transitions (done by Shouwen itself) are tested below.
USER_TRANSITIONS = {a: t for a, t in ALLOWED_TRANSITIONS.items() if not t.system}

ALLOWED = [
    (action, source, role)
    for action, transition in USER_TRANSITIONS.items()
    for source in sorted(transition.sources)
    for role in sorted(transition.roles)
]
FORBIDDEN_SOURCES = [
    (action, status)
    for action, transition in USER_TRANSITIONS.items()
    for status in Status.values
    if status not in transition.sources
]
FORBIDDEN_ROLES = [
    (action, source, role)
    for action, transition in USER_TRANSITIONS.items()
    for source in sorted(transition.sources)
    for role in Role.values
    if role not in transition.roles
]
# One status each action may start from, for tests about something else than the status.
SOME_SOURCE = {action: sorted(t.sources)[0] for action, t in USER_TRANSITIONS.items()}

# How a fresh case reaches each status, and which service step gets it there.
PATHS = {
    Status.REGISTERED: (),
    Status.ACCEPTED: ("accept",),
    Status.NOT_ACCEPTED: ("not_accept",),
    Status.IN_PROGRESS: ("accept", "start"),
    Status.RESOLVED: ("accept", "start", "resolve"),
    Status.CLOSED: ("accept", "start", "resolve", "close"),
    Status.WITHDRAWN: ("withdraw",),
    Status.MERGED: ("merge",),
}


def _ids(values) -> str:
    return "-".join(str(value) for value in values)


def close_arguments(outcome: Outcome, /, **overrides) -> dict:
    arguments = {
        "outcome": outcome,
        "followup_at": timezone.now() - timedelta(hours=2),
        "followup_method": FollowupMethod.PHONE,
        "followup_result": "工资已到账 The wages arrived.",
        "satisfaction": Satisfaction.SATISFIED,
    }
    arguments.update(overrides)
    return arguments


REASON_ACTIONS = (
    "reopen",
    "reopen_closed",
    "withdraw",
    "request_withdrawal",
    "cancel_filing",
    "continue_ex_officio",
)


class Workflow:
    """Brings fresh cases into any status and performs actions with valid arguments."""

    def __init__(self, *, register_case, inspector, supervisor, inspection_head, other_district):
        self.register_case = register_case
        self.inspector = inspector
        self.supervisor = supervisor
        self.inspection_head = inspection_head
        self.other_district = other_district
        self.outcome = Outcome.objects.get(code="paid_in_full")

    def perform(self, action: str, case: Case, actor, *, target=None, **overrides) -> Case:
        """Call the service behind `action` with valid arguments unless overridden."""
        if action == "accept":
            return services.case_accept(case=case, actor=actor, note="材料齐全", **overrides)
        if action == "not_accept":
            arguments = {
                "reason": "不属于劳动保障事项",
                "ground": Outcome.objects.get(code="not_accepted_not_labor"),
                "route": Route.ARBITRATION,
            }
            arguments.update(overrides)
            return services.case_not_accept(case=case, actor=actor, **arguments)
        if action == "redirect":  # not for inspection, taken on by the arbitration desk
            proposal = Proposal(
                ground=Ground.NOT_INSPECTION,
                reason=overrides.get("reason", "属于劳动争议"),
                route=Route.ARBITRATION,
                refer_to_arbitration=True,
            )
            return decision_decide(case=case, actor=actor, proposal=proposal).case
        if action == "start":
            return services.case_start(case=case, actor=actor)
        if action == "resolve":
            return services.case_resolve(case=case, actor=actor, note="已调解", **overrides)
        if action in REASON_ACTIONS:
            service = getattr(services, f"case_{action}")
            return service(case=case, actor=actor, reason=overrides.get("reason", "投诉人来电"))
        if action == "close":
            arguments = close_arguments(self.outcome, **overrides)
            return services.case_close(case=case, actor=actor, **arguments)
        if action == "merge":
            target = target or self.register_case()
            return services.case_merge(case=case, actor=actor, target=target, reason="同一工地")
        if action == "transfer":
            arguments = {"to_office": self.other_district, "reason": "用人单位在东区"}
            arguments.update(overrides)
            return services.case_transfer(case=case, actor=actor, **arguments)
        raise AssertionError(f"no service for {action}")

    def actor_for(self, action: str):
        if action in ("accept", "not_accept"):
            return self.inspection_head
        return self.inspector

    def case_for(self, action: str, source: str) -> Case:
        """A case in `source` that also meets the row's conditions on the stage: never
        filed (gone on at the arbitration desk) or filed, a withdrawal request waiting."""
        transition = ALLOWED_TRANSITIONS[action]
        if transition.filed is False and source != Status.REGISTERED:
            case = self.register_case()
            proposal = Proposal(
                ground=Ground.NOT_INSPECTION,
                reason="属于劳动争议",
                route=Route.ARBITRATION,
                refer_to_arbitration=True,
            )
            decision_decide(case=case, actor=self.inspection_head, proposal=proposal)
            if source == Status.RESOLVED:  # the arbitration desk has finished
                services.case_resolve_by_referrals(case=case)
        else:
            case = self.case_in(source)
        if transition.withdrawal_pending:
            services.case_request_withdrawal(case=case, actor=self.inspector, reason="申请撤回")
        case.refresh_from_db()
        assert case.status == source and transition.unmet_condition(case) is None
        return case

    def case_in(self, status: str) -> Case:
        """A freshly registered case, moved to `status` through the real services."""
        case = self.register_case()
        for action in PATHS[status]:
            case = self.perform(action, case, self.actor_for(action))
        case.refresh_from_db()
        assert case.status == status
        return case


@pytest.fixture
def workflow(register_case, inspector, supervisor, inspection_head, other_district) -> Workflow:
    return Workflow(
        register_case=register_case,
        inspector=inspector,
        supervisor=supervisor,
        inspection_head=inspection_head,
        other_district=other_district,
    )


def one_event(transition) -> list[str]:
    """The row's one event on the case; a redirect also refers the case to the arbitration
    desk, which the timeline records as the referral."""
    return [transition.event_kind, *(["referred"] if transition.action == "redirect" else [])]


def kinds(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("id").values_list("kind", flat=True))


def events_after(case: Case, last_id: int):
    return list(CaseEvent.objects.filter(case=case, pk__gt=last_id).order_by("id"))


def last_event_id() -> int:
    return CaseEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- the helper itself ------------------------------------------------------------------


@pytest.mark.parametrize("status", Status.values)
def test_helper_reaches_every_status_through_the_services(workflow, status):
    case = workflow.case_in(status)

    assert case.status == status
    assert kinds(case) == ["registered", *PATHS[status]]


def test_table_covers_every_status_and_names_existing_roles():
    covered = set().union(*(t.sources for t in ALLOWED_TRANSITIONS.values()))
    targets = {t.target for t in ALLOWED_TRANSITIONS.values()} - {None}
    assert covered | targets == set(Status.values)
    assert set().union(*(t.roles for t in USER_TRANSITIONS.values())) <= set(Role.values)
    assert all(t.action == action for action, t in ALLOWED_TRANSITIONS.items())


# --- every allowed transition -----------------------------------------------------------


@pytest.mark.parametrize(("action", "source", "role"), ALLOWED, ids=_ids)
def test_allowed_transition_succeeds_and_writes_one_event(
    workflow, user_factory, district, other_district, window, action, source, role
):
    transition = ALLOWED_TRANSITIONS[action]
    actor = user_factory(f"actor-{role}", district, role)
    case = workflow.case_for(action, source)
    target = workflow.register_case() if action == "merge" else None
    before = last_event_id()

    returned = workflow.perform(action, case, actor, target=target)

    case.refresh_from_db()
    assert returned.pk == case.pk
    assert returned.status == case.status
    if action == "transfer":  # only the responsible office changes
        assert case.status == source
        assert case.responsible_office == other_district
        assert case.first_responder == window
        assert case.registering_office == district
    else:
        assert case.status == (transition.target or source)
        assert case.responsible_office == district
    new_events = events_after(case, before)
    assert [event.kind for event in new_events] == one_event(transition)
    assert new_events[0].actor == actor


@pytest.mark.parametrize("source", sorted(ALLOWED_TRANSITIONS["merge"].sources))
def test_merge_writes_one_merged_in_event_on_the_target(workflow, inspector, source):
    case = workflow.case_in(source)
    target = workflow.case_in(Status.ACCEPTED)
    before = last_event_id()

    workflow.perform("merge", case, inspector, target=target)

    case.refresh_from_db()
    assert case.merged_into == target
    assert case.closed_at is not None
    assert [event.kind for event in events_after(case, before)] == ["merge"]
    assert events_after(case, before)[0].payload == {"target": target.ticket}
    target_events = events_after(target, before)
    assert [event.kind for event in target_events] == ["merged_in"]
    assert target_events[0].payload == {"source": case.ticket}
    assert target_events[0].actor == inspector
    target.refresh_from_db()
    assert target.status == Status.ACCEPTED


# --- every forbidden source status -------------------------------------------------------


@pytest.mark.parametrize(("action", "status"), FORBIDDEN_SOURCES, ids=_ids)
def test_forbidden_source_status_is_refused(workflow, user_factory, district, action, status):
    # Someone holding every role of the row, so that only the status is wrong.
    actor = user_factory("actor", district, *ALLOWED_TRANSITIONS[action].roles)
    case = workflow.case_in(status)
    target = workflow.register_case() if action == "merge" else None
    before = last_event_id()

    with pytest.raises(InvalidTransition):
        workflow.perform(action, case, actor, target=target)

    case.refresh_from_db()
    assert case.status == status
    assert case.responsible_office == district
    assert last_event_id() == before  # no event anywhere, not on a merge target either
    if target is not None:
        target.refresh_from_db()
        assert target.status == Status.REGISTERED


# --- every role the table does not name -------------------------------------------------


@pytest.mark.parametrize(("action", "source", "role"), FORBIDDEN_ROLES, ids=_ids)
def test_role_not_in_the_table_is_refused(workflow, user_factory, district, action, source, role):
    actor = user_factory(f"actor-{role}", district, role)
    case = workflow.case_for(action, source)
    target = workflow.register_case() if action == "merge" else None
    before = last_event_id()

    with pytest.raises(ActionNotPermitted):
        workflow.perform(action, case, actor, target=target)

    case.refresh_from_db()
    assert case.status == source
    assert case.responsible_office == district
    assert case.merged_into is None
    assert last_event_id() == before


# --- specific rules of the issue ---------------------------------------------------------


def test_window_staff_cannot_close(workflow, window):
    case = workflow.case_in(Status.RESOLVED)
    before = last_event_id()

    with pytest.raises(ActionNotPermitted):
        workflow.perform("close", case, window)

    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert case.outcome is None
    assert case.closed_at is None
    assert last_event_id() == before


@pytest.mark.parametrize("role", ["inspector", "supervisor"])
def test_inspector_or_supervisor_cannot_not_accept(workflow, request, role):
    """They propose; only the head of the inspection body decides (立案审批)."""
    case = workflow.case_in(Status.REGISTERED)
    before = last_event_id()

    with pytest.raises(ActionNotPermitted):
        workflow.perform("not_accept", case, request.getfixturevalue(role))

    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    assert case.not_accepted_reason == ""
    assert case.not_accepted_notice == ""
    assert last_event_id() == before


def test_the_head_not_accepts_with_reason_and_the_next_notice_number(workflow, inspection_head):
    case = workflow.case_in(Status.REGISTERED)
    ground = Outcome.objects.get(code="not_accepted_time_limit")

    workflow.perform("not_accept", case, inspection_head, reason=" 超过时效 ", ground=ground)

    case.refresh_from_db()
    notice = f"west不受字〔{timezone.localdate().year}〕第1号"  # the office's next 文号
    assert case.status == Status.NOT_ACCEPTED
    assert case.not_accepted_reason == "超过时效"
    assert case.not_accepted_notice == notice
    assert case.outcome == ground
    assert case.closed_at is not None
    event = CaseEvent.objects.get(case=case, kind="not_accept")
    assert event.payload == {"notice": notice}
    assert event.message == "超过时效"


@pytest.mark.parametrize("role", Role.values)
def test_only_a_supervisor_reopens_a_closed_case(workflow, user_factory, district, role):
    actor = user_factory(f"actor-{role}", district, role)
    case = workflow.case_in(Status.CLOSED)
    before = last_event_id()

    if role == Role.SUPERVISOR:
        workflow.perform("reopen_closed", case, actor)
        case.refresh_from_db()
        assert case.status == Status.IN_PROGRESS
        assert case.outcome is None
        assert case.closed_at is None
        assert [event.kind for event in events_after(case, before)] == ["reopen_closed"]
    else:
        with pytest.raises(ActionNotPermitted):
            workflow.perform("reopen_closed", case, actor)
        case.refresh_from_db()
        assert case.status == Status.CLOSED
        assert case.outcome is not None
        assert last_event_id() == before


def test_plain_reopen_does_not_apply_to_a_closed_case(workflow, supervisor):
    case = workflow.case_in(Status.CLOSED)

    with pytest.raises(InvalidTransition):
        workflow.perform("reopen", case, supervisor)

    case.refresh_from_db()
    assert case.status == Status.CLOSED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"followup_result": ""}, "followup_result"),
        ({"followup_result": "   "}, "followup_result"),
        ({"followup_at": None}, "followup_at"),
        ({"followup_at": timezone.now() + timedelta(days=1)}, "followup_at"),
        ({"followup_method": ""}, "followup_method"),
        ({"satisfaction": ""}, "satisfaction"),
        ({"outcome": None}, "outcome"),
        ({"outcome": "paid_in_part"}, "outcome_amount"),  # requires an amount, none given
        ({"outcome": "paid_in_part", "outcome_amount": Decimal("-1")}, None),
    ],
    ids=[
        "no-followup-result",
        "blank-followup-result",
        "no-followup-time",
        "future-followup-time",
        "no-followup-method",
        "no-satisfaction",
        "no-outcome",
        "amount-outcome-without-amount",
        "negative-amount",
    ],
)
def test_close_refuses_an_incomplete_closure(workflow, inspector, overrides, field):
    if isinstance(overrides.get("outcome"), str):
        overrides = {**overrides, "outcome": Outcome.objects.get(code=overrides["outcome"])}
        assert overrides["outcome"].requires_amount
    case = workflow.case_in(Status.RESOLVED)
    before = last_event_id()

    with pytest.raises(ValidationError) as refused:
        workflow.perform("close", case, inspector, **overrides)

    if field is not None:
        assert field in refused.value.message_dict
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert case.outcome is None
    assert case.outcome_amount is None
    assert case.followup_result == ""
    assert case.closed_at is None
    assert last_event_id() == before


def test_close_refuses_an_inactive_outcome(workflow, inspector):
    outcome = Outcome.objects.get(code="penalty_imposed")
    outcome.is_active = False
    outcome.save()
    case = workflow.case_in(Status.RESOLVED)

    with pytest.raises(ValidationError) as refused:
        workflow.perform("close", case, inspector, outcome=outcome)

    assert "outcome" in refused.value.message_dict
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


def test_close_records_outcome_amount_and_follow_up(workflow, inspector):
    outcome = Outcome.objects.get(code="paid_in_part")
    followup_at = timezone.now() - timedelta(days=1)
    case = workflow.case_in(Status.RESOLVED)

    workflow.perform(
        "close",
        case,
        inspector,
        outcome=outcome,
        outcome_amount=Decimal("12345.60"),
        followup_at=followup_at,
        followup_method=FollowupMethod.VISIT,
        satisfaction=Satisfaction.BASICALLY,
    )

    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.outcome == outcome
    assert case.outcome_amount == Decimal("12345.60")
    assert case.followup_at == followup_at
    assert case.followup_method == FollowupMethod.VISIT
    assert case.followup_satisfaction == Satisfaction.BASICALLY
    assert case.closed_at is not None
    event = CaseEvent.objects.get(case=case, kind="close")
    assert event.payload["outcome_code"] == "paid_in_part"


@pytest.mark.parametrize("reason", ["", "   "])
def test_not_accept_needs_a_reason(workflow, inspection_head, reason):
    case = workflow.case_in(Status.REGISTERED)
    before = last_event_id()

    with pytest.raises(ValidationError) as refused:
        workflow.perform("not_accept", case, inspection_head, reason=reason)

    assert "reason" in refused.value.message_dict
    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    assert last_event_id() == before


@pytest.mark.parametrize("action", ["reopen", "reopen_closed", "withdraw"])
def test_reason_actions_need_a_reason(workflow, supervisor, action):
    case = workflow.case_for(action, SOME_SOURCE[action])
    before = last_event_id()

    with pytest.raises(ValidationError):
        workflow.perform(action, case, supervisor, reason="  ")

    case.refresh_from_db()
    assert case.status == SOME_SOURCE[action]
    assert last_event_id() == before


def test_transfer_to_the_same_office_is_refused(workflow, inspector, district):
    case = workflow.case_in(Status.ACCEPTED)
    before = last_event_id()

    with pytest.raises(ValidationError) as refused:
        workflow.perform("transfer", case, inspector, to_office=district)

    assert "to_office" in refused.value.message_dict
    case.refresh_from_db()
    assert case.responsible_office == district
    assert last_event_id() == before


def test_transfer_without_an_office_is_refused(workflow, inspector, district):
    case = workflow.case_in(Status.ACCEPTED)

    with pytest.raises(ValidationError):
        workflow.perform("transfer", case, inspector, to_office=None)

    case.refresh_from_db()
    assert case.responsible_office == district


def test_transfer_records_both_offices(workflow, inspector, district, other_district):
    case = workflow.case_in(Status.IN_PROGRESS)

    workflow.perform("transfer", case, inspector)

    event = CaseEvent.objects.get(case=case, kind="transfer")
    assert event.payload == {
        "from_office": district.name,
        "to_office": other_district.name,
        "to_office_id": other_district.pk,
    }


def test_transfer_checks_the_office_on_the_locked_row(workflow, inspector, other_district):
    case = workflow.case_in(Status.ACCEPTED)
    stale = Case.objects.get(pk=case.pk)
    workflow.perform("transfer", case, inspector)
    before = last_event_id()

    with pytest.raises(ValidationError):
        workflow.perform("transfer", stale, inspector, to_office=other_district)

    assert last_event_id() == before


def test_merge_into_itself_is_refused(workflow, inspector):
    case = workflow.case_in(Status.ACCEPTED)
    before = last_event_id()

    with pytest.raises(InvalidTransition):
        workflow.perform("merge", case, inspector, target=case)

    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    assert case.merged_into is None
    assert last_event_id() == before


@pytest.mark.parametrize(
    "target_status",
    [Status.CLOSED, Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.MERGED],
)
def test_merge_into_a_finished_case_is_refused(workflow, inspector, target_status):
    case = workflow.case_in(Status.REGISTERED)
    target = workflow.case_in(target_status)
    before = last_event_id()

    with pytest.raises(InvalidTransition):
        workflow.perform("merge", case, inspector, target=target)

    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    assert case.merged_into is None
    assert last_event_id() == before


def test_merge_into_a_case_the_actor_cannot_see_is_refused(workflow, inspector, east_case):
    invisible = east_case
    case = workflow.case_in(Status.REGISTERED)
    before = last_event_id()

    with pytest.raises(CaseNotVisible):
        workflow.perform("merge", case, inspector, target=invisible)

    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    assert last_event_id() == before


# --- visibility of the acting user -------------------------------------------------------


@pytest.mark.parametrize("action", list(USER_TRANSITIONS))
def test_a_user_of_another_district_cannot_act(
    workflow, user_factory, district, other_district, action
):
    outsider = user_factory("x", other_district, Role.SUPERVISOR)
    case = workflow.case_for(action, SOME_SOURCE[action])
    target = workflow.register_case() if action == "merge" else None
    before = last_event_id()

    with pytest.raises(CaseNotVisible):
        workflow.perform(action, case, outsider, target=target)

    case.refresh_from_db()
    assert case.status == SOME_SOURCE[action]
    assert case.responsible_office == district
    assert last_event_id() == before


@pytest.mark.parametrize("action", list(USER_TRANSITIONS))
def test_the_city_bureau_can_act_on_a_district_case(workflow, user_factory, city, action):
    """Its supervisor, or for a head's decision its head, with the row's roles."""
    transition = ALLOWED_TRANSITIONS[action]
    city_user = user_factory("city-user", city, *transition.roles)
    case = workflow.case_for(action, SOME_SOURCE[action])
    before = last_event_id()

    workflow.perform(action, case, city_user)

    case.refresh_from_db()
    assert case.status == (transition.target or SOME_SOURCE[action])
    assert [event.kind for event in events_after(case, before)] == one_event(transition)


# --- allowed_actions ---------------------------------------------------------------------


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("status", Status.values)
def test_allowed_actions_follow_the_table(workflow, user_factory, district, status, role):
    user = user_factory(f"user-{role}", district, role)
    case = workflow.case_in(status)
    expected = [
        action
        for action, transition in USER_TRANSITIONS.items()
        if status in transition.sources
        and role in transition.roles
        and transition.unmet_condition(case) is None  # the stage: filed, request waiting
    ]

    assert [t.action for t in allowed_actions(case=case, user=user)] == expected


@pytest.mark.parametrize(
    ("status", "roles", "expected"),
    [
        (Status.REGISTERED, [Role.WINDOW], ["withdraw"]),
        # They propose the acceptance decision; the head decides (立案审批).
        (Status.REGISTERED, [Role.INSPECTOR], ["withdraw", "merge", "transfer"]),
        (Status.REGISTERED, [Role.SUPERVISOR], ["withdraw", "merge", "transfer"]),
        (
            Status.REGISTERED,
            [Role.INSPECTION_HEAD],
            ["accept", "not_accept", "redirect", "transfer"],
        ),
        (Status.REGISTERED, [Role.DESK_OFFICER], []),
        (Status.ACCEPTED, [Role.DESK_OFFICER], ["start"]),
        # A filed case is not withdrawn at once: the complainant's request is recorded.
        (Status.IN_PROGRESS, [Role.DESK_OFFICER, Role.WINDOW], ["resolve", "request_withdrawal"]),
        (Status.RESOLVED, [Role.WINDOW], ["request_withdrawal"]),
        (Status.RESOLVED, [Role.INSPECTOR], ["reopen", "close", "request_withdrawal"]),
        (Status.RESOLVED, [Role.INSPECTION_HEAD, Role.DEPARTMENT_HEAD], []),
        (Status.CLOSED, [Role.INSPECTOR], []),
        (Status.CLOSED, [Role.SUPERVISOR], ["reopen_closed"]),
        (Status.NOT_ACCEPTED, [Role.SUPERVISOR], []),
        (Status.WITHDRAWN, [Role.SUPERVISOR], []),
        (Status.MERGED, [Role.SUPERVISOR], []),
        (Status.REGISTERED, [Role.ADMINISTRATOR], []),
    ],
)
def test_allowed_actions_examples(workflow, user_factory, district, status, roles, expected):
    user = user_factory("someone", district, *roles)
    case = workflow.case_in(status)

    assert [t.action for t in allowed_actions(case=case, user=user)] == expected


# --- the timeline is append-only ---------------------------------------------------------


def test_an_existing_event_cannot_be_saved_again(workflow):
    case = workflow.case_in(Status.ACCEPTED)
    event = CaseEvent.objects.get(case=case, kind="accept")
    event.message = "rewritten"

    with pytest.raises(ValueError, match="append-only"):
        event.save()

    event.refresh_from_db()
    assert event.message == "材料齐全"


def test_an_event_cannot_be_deleted(workflow):
    case = workflow.case_in(Status.ACCEPTED)
    event = CaseEvent.objects.get(case=case, kind="accept")

    with pytest.raises(ValueError, match="append-only"):
        event.delete()

    assert CaseEvent.objects.filter(pk=event.pk).exists()
    assert kinds(case) == ["registered", "accept"]


@pytest.mark.parametrize("how", ["delete", "update"])
def test_bulk_writes_cannot_rewrite_the_timeline(workflow, how):
    case = workflow.case_in(Status.ACCEPTED)
    events = CaseEvent.objects.filter(case=case)

    with pytest.raises(Exception):  # noqa: B017 - any refusal will do
        if how == "delete":
            events.delete()
        else:
            events.update(message="rewritten")

    assert kinds(case) == ["registered", "accept"]


# --- the row lock, under real concurrency (PostgreSQL) -----------------------------------


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_accepts_write_one_event(workflow, user_factory, district, inspection_head):
    case = workflow.case_in(Status.REGISTERED)
    deputy = user_factory("deputy-head", district, Role.INSPECTION_HEAD)

    results = run_at_once(
        [
            lambda: services.case_accept(case=case, actor=inspection_head),
            lambda: services.case_accept(case=case, actor=deputy),
        ]
    )

    assert sum(isinstance(result, Case) for result in results) == 1
    assert sum(isinstance(result, InvalidTransition) for result in results) == 1
    assert kinds(case) == ["registered", "accept"]


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_opposite_merges_do_not_both_succeed(workflow, inspector, supervisor):
    first = workflow.case_in(Status.REGISTERED)
    second = workflow.case_in(Status.REGISTERED)

    results = run_at_once(
        [
            lambda: services.case_merge(case=first, actor=inspector, target=second),
            lambda: services.case_merge(case=second, actor=supervisor, target=first),
        ]
    )

    assert sum(isinstance(result, Case) for result in results) == 1
    assert sum(isinstance(result, InvalidTransition) for result in results) == 1
    statuses = sorted(Case.objects.filter(pk__in=[first.pk, second.pk]).values_list("status"))
    assert statuses == [(Status.MERGED,), (Status.REGISTERED,)]


# --- the system transition: resolved when every desk has finished ----------------------


@pytest.mark.parametrize("status", Status.values)
def test_resolve_by_referrals_only_from_accepted_or_in_progress(workflow, status):
    case = workflow.case_in(status)
    before = last_event_id()

    result = services.case_resolve_by_referrals(case=case)

    case.refresh_from_db()
    if status in (Status.ACCEPTED, Status.IN_PROGRESS):
        assert result is not None
        assert case.status == Status.RESOLVED
        kinds = [event.kind for event in events_after(case, before)]
        assert kinds == ["resolve_by_referrals"]
        assert events_after(case, before)[0].actor is None
    else:
        assert result is None
        assert case.status == status
        assert last_event_id() == before


@pytest.mark.parametrize("role", Role.values)
def test_no_user_may_perform_a_system_transition(workflow, user_factory, district, role):
    user = user_factory(f"sys-{role}", district, role)
    case = workflow.case_in(Status.IN_PROGRESS)
    with pytest.raises(ActionNotPermitted):
        check_transition(case=case, action="resolve_by_referrals", actor=user)
    assert "resolve_by_referrals" not in [t.action for t in allowed_actions(case=case, user=user)]
