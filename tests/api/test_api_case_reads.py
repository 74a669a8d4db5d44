"""Reading cases through the API: list and filters, one case, its timeline and referrals.

What a user may see is the selectors' rule; a case they may not see, a case that does not
exist and a ticket that cannot exist all answer the same 404 body.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.roles import Role
from complaints import services
from complaints.models import Category, Channel, Status
from complaints.services import EmployerData
from config import clock
from dispatch.services import case_refer, case_route
from dispatch.services.chasing import chase_deadlines

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10):
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def routed_case(register_case, officer):
    """Registered and routed on Monday 2026-03-02; its acceptance limit missed by April."""
    with clock.frozen_at(at(3, 2)):
        case = register_case(employer=EmployerData(name="宜昌甲建筑公司"), site="东山工地")
        case_route(case_id=case.pk)
    chase_deadlines(now=at(4, 1))
    return case


def tickets(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["ticket"] for row in response.json()["results"]]


def test_retrieve_a_case_by_ticket(api_client, inspector, inspection_head, register_case):
    case = register_case()
    response = api_client(inspector).get(f"/api/v1/cases/{case.ticket}/")
    assert response.status_code == 200
    body = response.json()
    assert body["ticket"] == case.ticket and body["status"] == Status.REGISTERED
    assert body["complainants"][0]["phone"] == "138****8000"
    assert body["actions"] == ["withdraw", "merge", "transfer"]
    # The acceptance decision is not a bare action, not even for the head who takes it.
    head = api_client(inspection_head).get(f"/api/v1/cases/{case.ticket}/").json()
    assert head["actions"] == ["transfer"]


MALFORMED = [
    "YC-2026-999999",  # well formed, never issued
    "YC-2026-1",
    "nonsense",
    "YC_2026_000001",
    "' OR 1=1 --",
    "%00",
    "Ｙ" * 500,
    "YC-2026-0000011",
]


@pytest.mark.parametrize("suffix", ["", "events/", "referrals/", "accept/", "no-such-action/"])
def test_unseen_missing_and_malformed_tickets_answer_the_same_404(
    suffix, api_client, inspector, east_case, assert_error
):
    client = api_client(inspector)
    method = client.post if suffix in ("accept/",) else client.get
    answers = [method(f"/api/v1/cases/{east_case.ticket}/{suffix}")]
    answers += [method(f"/api/v1/cases/{ticket}/{suffix}") for ticket in MALFORMED]
    bodies = {str(assert_error(answer, 404, "not_found")) for answer in answers}
    assert len(bodies) == 1


def test_the_list_shows_what_the_selectors_allow(
    api_client, inspector, east_inspector, register_case, east_case
):
    west = register_case()
    assert tickets(api_client(inspector).get("/api/v1/cases/")) == [west.ticket]
    assert tickets(api_client(east_inspector).get("/api/v1/cases/")) == [east_case.ticket]


def test_a_platform_account_sees_only_what_it_registered(
    api_client, platform_user, register_case, minimal_body, assert_error
):
    other = register_case()  # same office, registered at the window
    client = api_client(platform_user)
    own = client.post("/api/v1/cases/", minimal_body, format="json").json()["ticket"]
    assert tickets(client.get("/api/v1/cases/")) == [own]
    assert client.get(f"/api/v1/cases/{own}/").status_code == 200
    assert_error(client.get(f"/api/v1/cases/{other.ticket}/"), 404, "not_found")
    assert_error(client.get(f"/api/v1/cases/{other.ticket}/events/"), 404, "not_found")


def test_a_platform_account_with_a_role_sees_its_office(
    api_client, user_factory, district, register_case
):
    other = register_case()
    staff_platform = user_factory("hotline", district, Role.WINDOW, platform_channel="hotline")
    assert tickets(api_client(staff_platform).get("/api/v1/cases/")) == [other.ticket]


def test_list_filters(api_client, supervisor, register_case, routed_case, inspection_head):
    with clock.frozen_at(at(3, 20)):
        hotline = register_case(
            channel=Channel.HOTLINE,
            category=Category.WORK_INJURY,
            employer=EmployerData(name="宜昌乙物流公司"),
        )
    services.case_accept(case=hotline, actor=inspection_head)
    client = api_client(supervisor)

    def found(**query):
        return set(tickets(client.get("/api/v1/cases/", query)))

    both = {routed_case.ticket, hotline.ticket}
    assert found() == both
    assert found(status="accepted") == {hotline.ticket}
    assert found(channel="hotline") == {hotline.ticket}
    assert found(category="wage_arrears") == {routed_case.ticket}
    assert found(office=supervisor.office_id) == both
    assert found(office=999999) == set()
    assert found(desk="inspection") == {routed_case.ticket}
    assert found(desk="legal_aid") == set()
    assert found(overdue="true") == {routed_case.ticket}
    assert found(overdue="false") == {hotline.ticket}
    assert found(registered_from="2026-03-03") == {hotline.ticket}
    assert found(registered_to="2026-03-02") == {routed_case.ticket}
    assert found(registered_from="2026-03-02", registered_to="2026-03-20") == both
    assert found(employer="乙物流") == {hotline.ticket}
    assert found(search="东山") == {routed_case.ticket}
    assert found(search=hotline.ticket) == {hotline.ticket}
    assert found(search="13800138000") == both


def test_the_list_is_paged_by_cursor_newest_first(api_client, window, register_case):
    made = []
    for day in (2, 3, 4, 5, 6):
        with clock.frozen_at(at(3, day)):
            made.append(register_case().ticket)
    client = api_client(window)
    first = client.get("/api/v1/cases/", {"page_size": 2}).json()
    assert [row["ticket"] for row in first["results"]] == made[::-1][:2]
    assert set(first) == {"next", "previous", "results"}
    row = first["results"][0]
    assert set(row) >= {"ticket", "status", "channel", "registered_at", "complainant_count"}
    assert row["complainant_count"] == 1
    seen = [r["ticket"] for r in first["results"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [r["ticket"] for r in page["results"]]
        url = page["next"]
    assert seen == made[::-1]


def test_the_timeline(api_client, inspector, inspection_head, register_case):
    case = register_case()
    services.case_accept(case=case, actor=inspection_head, note="材料齐全")
    response = api_client(inspector).get(f"/api/v1/cases/{case.ticket}/events/")
    assert response.status_code == 200
    events = response.json()
    assert [event["kind"] for event in events] == ["registered", "accept"]
    assert set(events[0]) == {"kind", "time", "actor", "summary", "message", "payload"}
    assert events[0]["actor"] == "王芳"
    assert events[0]["summary"] == "Registered via Walk-in with 1 complainant(s)."
    assert events[1]["message"] == "材料齐全" and events[1]["actor"] == "郑强"


def test_the_timeline_summary_follows_the_language(api_client, inspector, register_case):
    case = register_case()
    client = api_client(inspector)
    response = client.get(f"/api/v1/cases/{case.ticket}/events/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()[0]["summary"] != "Registered via Walk-in with 1 complainant(s)."


def test_the_referrals_with_their_deadlines(api_client, inspector, routed_case):
    response = api_client(inspector).get(f"/api/v1/cases/{routed_case.ticket}/referrals/")
    assert response.status_code == 200
    [referral] = response.json()
    assert referral["desk"] == "inspection"
    assert referral["office"]["name"] == "West District"
    assert referral["officer"] == "赵强"
    assert referral["status"] == "pending"
    [deadline] = referral["deadlines"]
    assert deadline["policy"] == "inspection.accept"
    assert deadline["due"] == "2026-03-09"
    assert deadline["provisional"] is False
    assert deadline["overdue"] is True and deadline["closed"] is False


def test_the_actions_leave_out_resolve_while_a_desk_works_on_the_case(
    api_client, inspector, inspection_head, register_case
):
    case = register_case()
    services.case_accept(case=case, actor=inspection_head)
    services.case_start(case=case, actor=inspector)
    client = api_client(inspector)
    assert "resolve" in client.get(f"/api/v1/cases/{case.ticket}/").json()["actions"]

    case_refer(case=case, desk_kind="arbitration", actor=inspector, reason="申请仲裁")
    actions = client.get(f"/api/v1/cases/{case.ticket}/").json()["actions"]
    assert "resolve" not in actions  # the server refuses it until the desk is done
    refused = client.post(f"/api/v1/cases/{case.ticket}/resolve/", {}, format="json")
    assert refused.status_code == 409
