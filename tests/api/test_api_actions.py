"""One endpoint per workflow action: the pages' services, roles and state checks."""

import pytest
from django.utils import timezone

from complaints import services
from complaints.api.actions import ACTIONS
from complaints.models import CaseEvent, Status
from complaints.workflow import ALLOWED_TRANSITIONS

CLOSE_BODY = {
    "outcome": "paid_in_full",
    "followup_at": "2026-01-05T10:00:00+08:00",
    "followup_method": "phone",
    "followup_result": "已拿到工资",
    "satisfaction": "satisfied",
}
BODIES = {
    "accept": {"note": "材料齐全"},
    "not-accept": {"reason": "超过时效", "ground": "not_accepted_time_limit"},
    "start": {},
    "resolve": {},
    "reopen": {"reason": "工人反映仍未支付"},
    "close": CLOSE_BODY,
    "reopen-closed": {"reason": "复查"},
    "withdraw": {"reason": "已私下和解"},
    "request-withdrawal": {"reason": "工资已结清，申请撤回投诉"},
    "cancel-filing": {"reason": "情节轻微且已改正"},
    "continue-ex-officio": {"reason": "涉及多名工人，依职权继续调查"},
    "merge": {"target": "YC-2026-000001"},
    "transfer": {"reason": "用人单位在东区"},
}


def url(case, slug: str) -> str:
    return f"/api/v1/cases/{case.ticket}/{slug}/"


@pytest.fixture
def resolved(register_case, inspector, inspection_head):
    case = register_case()
    services.case_accept(case=case, actor=inspection_head)
    services.case_start(case=case, actor=inspector)
    return services.case_resolve(case=case, actor=inspector)


def test_every_user_facing_transition_has_an_endpoint():
    # A redirect (taken on by the arbitration desk) is decided on the acceptance panel only.
    user_facing = {name for name, t in ALLOWED_TRANSITIONS.items() if not t.system} - {"redirect"}
    assert set(ACTIONS) == user_facing
    assert {slug.replace("-", "_") for slug in BODIES} == user_facing


def test_a_case_goes_through_its_life_by_api(
    api_client, register_case, inspector, supervisor, inspection_head
):
    case = register_case()
    work, boss, head = api_client(inspector), api_client(supervisor), api_client(inspection_head)
    steps = [
        (head, "accept", {"note": "材料齐全"}, Status.ACCEPTED),
        (work, "start", {}, Status.IN_PROGRESS),
        (work, "resolve", {"note": "已调解"}, Status.RESOLVED),
        (work, "reopen", {"reason": "工人反映仍未支付"}, Status.IN_PROGRESS),
        (work, "resolve", {}, Status.RESOLVED),
        (work, "close", CLOSE_BODY, Status.CLOSED),
        (boss, "reopen-closed", {"reason": "复查"}, Status.IN_PROGRESS),
        # Filed: the complainant's withdrawal is a request the head decides on.
        (boss, "request-withdrawal", BODIES["request-withdrawal"], Status.IN_PROGRESS),
        (head, "continue-ex-officio", BODIES["continue-ex-officio"], Status.IN_PROGRESS),
        (boss, "request-withdrawal", BODIES["request-withdrawal"], Status.IN_PROGRESS),
        (head, "cancel-filing", BODIES["cancel-filing"], Status.WITHDRAWN),
    ]
    for client, slug, body, expected in steps:
        response = client.post(url(case, slug), body, format="json")
        assert response.status_code == 200, (slug, response.json())
        assert response.json()["status"] == expected
        assert response.json()["ticket"] == case.ticket
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[1:] == [
        ALLOWED_TRANSITIONS[slug.replace("-", "_")].event_kind
        for _client, slug, _body, _status in steps
    ]
    close = CaseEvent.objects.get(case=case, kind="close")
    assert close.payload["outcome_code"] == "paid_in_full"


def test_not_accept_merge_and_transfer(
    api_client, register_case, inspector, supervisor, inspection_head, city, assert_error
):
    refused, duplicate, kept, moved = (register_case() for _ in range(4))
    boss = api_client(supervisor)
    # The supervisor proposes; only the head of the inspection body decides (立案审批).
    not_accept = BODIES["not-accept"]
    assert_error(boss.post(url(refused, "not-accept"), not_accept, format="json"), 403)
    head = api_client(inspection_head)
    body = head.post(url(refused, "not-accept"), not_accept, format="json").json()
    assert body["status"] == Status.NOT_ACCEPTED
    not_labor = {"reason": "属于劳动争议", "ground": "not_accepted_not_labor", "route": "court"}
    also_refused = register_case()
    body = head.post(url(also_refused, "not-accept"), not_labor, format="json").json()
    assert body["status"] == Status.NOT_ACCEPTED
    assert body["acceptance_decisions"][-1]["route"] == "court"
    merged = boss.post(url(duplicate, "merge"), {"target": kept.ticket.lower()}, format="json")
    assert merged.json()["status"] == Status.MERGED
    assert merged.json()["merged_into"] == kept.ticket
    transfer = {"to_office": city.pk, "reason": "重大案件"}
    moved_body = api_client(inspector).post(url(moved, "transfer"), transfer, format="json")
    assert moved_body.json()["responsible_office"] == {"id": city.pk, "name": "City Bureau"}


def test_window_staff_may_not_close_or_accept(
    api_client, window, resolved, register_case, assert_error
):
    client = api_client(window)
    assert_error(
        client.post(url(resolved, "close"), CLOSE_BODY, format="json"), 403, "not_permitted"
    )
    fresh = register_case()
    assert_error(client.post(url(fresh, "accept"), {}, format="json"), 403, "not_permitted")
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED


def test_only_a_supervisor_reopens_a_closed_case(api_client, inspector, resolved, assert_error):
    client = api_client(inspector)
    assert client.post(url(resolved, "close"), CLOSE_BODY, format="json").status_code == 200
    response = client.post(url(resolved, "reopen-closed"), {"reason": "复查"}, format="json")
    assert_error(response, 403, "not_permitted")


def test_an_action_the_state_does_not_allow_is_a_409(
    api_client, inspector, inspection_head, register_case, assert_error
):
    case = register_case()
    client, head = api_client(inspector), api_client(inspection_head)
    assert_error(client.post(url(case, "accept"), {}, format="json"), 403, "not_permitted")
    assert head.post(url(case, "accept"), {}, format="json").status_code == 200
    assert_error(head.post(url(case, "accept"), {}, format="json"), 409, "invalid_transition")
    assert_error(client.post(url(case, "close"), CLOSE_BODY, format="json"), 409)


@pytest.mark.parametrize("slug", BODIES)
def test_another_districts_user_gets_404_on_every_action(
    slug, api_client, east_supervisor, register_case, assert_error
):
    case = register_case()
    before = CaseEvent.objects.count()
    response = api_client(east_supervisor).post(url(case, slug), BODIES[slug], format="json")
    assert_error(response, 404, "not_found")
    assert CaseEvent.objects.count() == before
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


@pytest.mark.parametrize("slug", BODIES)
def test_a_platform_account_may_not_work_its_own_cases(
    slug, api_client, platform_user, minimal_body, assert_error
):
    client = api_client(platform_user)
    ticket, other = (
        client.post("/api/v1/cases/", minimal_body, format="json").json()["ticket"]
        for _ in range(2)
    )
    extra = {"transfer": {"to_office": platform_user.office_id}, "merge": {"target": other}}
    body = BODIES[slug] | extra.get(slug, {})
    response = client.post(f"/api/v1/cases/{ticket}/{slug}/", body, format="json")
    # The state is checked before the role: a registered case cannot be closed by anyone.
    allowed_now = ALLOWED_TRANSITIONS[slug.replace("-", "_")].allows(Status.REGISTERED)
    assert_error(response, 403 if allowed_now else 409)


def _future():
    return (timezone.now() + timezone.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("slug", "body", "field"),
    [
        # The notice's number is always the office's next: it cannot be given.
        ("not-accept", {**BODIES["not-accept"], "notice_number": "N-7"}, "notice_number"),
        ("not-accept", {"reason": "超过时效"}, "ground"),
        ("not-accept", {"reason": "超过时效", "ground": "paid_in_full"}, "ground"),
        # No identifiable employer is not a refusal (告知补正 instead).
        ("not-accept", {"reason": "找不到老板", "ground": "not_accepted_no_employer"}, "ground"),
        ("not-accept", {"reason": "劳动争议", "ground": "not_accepted_not_labor"}, "route"),
        ("not-accept", {**BODIES["not-accept"], "route": "sea"}, "route"),
        ("reopen", {"reason": "  "}, "reason"),
        ("close", {**CLOSE_BODY, "outcome": "bribed"}, "outcome"),
        ("close", {**CLOSE_BODY, "outcome_amount": "-1"}, "outcome_amount"),
        ("close", {**CLOSE_BODY, "satisfaction": "meh"}, "satisfaction"),
        ("close", {**CLOSE_BODY, "followup_at": "tomorrow"}, "followup_at"),
        ("close", {**CLOSE_BODY, "followup_at": "FUTURE"}, "followup_at"),
        ("close", {**CLOSE_BODY, "outcome": "paid_in_part"}, "outcome_amount"),
        ("merge", {"target": "YC-2026-999999"}, "target"),
        ("transfer", {"to_office": 999999, "reason": "x"}, "to_office"),
        ("transfer", {"to_office": "WEST", "reason": "x"}, "to_office"),
        ("transfer", {"to_office": "SAME", "reason": "x"}, "to_office"),
        ("accept", {"note": 5}, "note"),
        ("start", {"force": True}, "force"),
    ],
)
def test_bad_action_input_is_a_400_and_changes_nothing(
    slug, body, field, api_client, supervisor, inspection_head, resolved, assert_error
):
    case = resolved if slug in ("close", "reopen") else _registered(resolved)
    body = dict(body)
    if body.get("followup_at") == "FUTURE":
        body["followup_at"] = _future()
    if body.get("to_office") == "SAME":
        body["to_office"] = case.responsible_office_id
    before = (case.status, CaseEvent.objects.count())
    actor = inspection_head if slug in ("accept", "not-accept") else supervisor  # who may
    error = assert_error(api_client(actor).post(url(case, slug), body, format="json"), 400)
    assert field in error["fields"], error
    case.refresh_from_db()
    assert (case.status, CaseEvent.objects.count()) == before


def _registered(resolved):
    """A second, registered case beside the resolved one (same window, same office)."""
    return services.case_register(
        actor=resolved.first_responder,
        description="另一起欠薪",
        complainants=[services.ComplainantData(name="李四", phone="13900139000")],
    ).case
