"""POST cases/{ticket}/complainants/ and the consultations endpoint."""

from complaints import services
from complaints.models import CaseEvent, Complainant, Consultation

CONSULTATIONS = "/api/v1/consultations/"
NEWCOMERS = {
    "complainants": [
        {"name": "李四", "phone": "13900139000", "owed_amount": "3,000"},
        {"name": "王五", "address": "宜昌市西陵区"},
    ],
    "account": "同一工地的工友",
}


def join_url(case) -> str:
    return f"/api/v1/cases/{case.ticket}/complainants/"


def test_complainants_join_an_open_case(api_client, window, register_case):
    case = register_case()
    response = api_client(window).post(join_url(case), NEWCOMERS, format="json")
    assert response.status_code == 201, response.json()
    names = [row["name"] for row in response.json()["complainants"]]
    assert names == ["张三", "李四", "王五"]
    assert response.json()["complainants"][1]["owed_amount"] == "3000.00"
    event = CaseEvent.objects.get(case=case, kind="complainants_added")
    assert event.message == "同一工地的工友" and event.payload == {"count": 2}


def test_joining_a_closed_case_is_a_409(api_client, window, register_case, assert_error):
    case = register_case()
    services.case_withdraw(case=case, actor=window, reason="撤回")
    assert_error(api_client(window).post(join_url(case), NEWCOMERS, format="json"), 409)
    assert Complainant.objects.filter(case=case).count() == 1


def test_joining_needs_an_intake_role_and_a_visible_case(
    api_client, desk_officer, east_inspector, register_case, assert_error
):
    case = register_case()
    response = api_client(desk_officer).post(join_url(case), NEWCOMERS, format="json")
    assert_error(response, 403, "not_permitted")
    response = api_client(east_inspector).post(join_url(case), NEWCOMERS, format="json")
    assert_error(response, 404, "not_found")
    assert Complainant.objects.filter(case=case).count() == 1


def test_joining_with_bad_rows_saves_nothing(api_client, window, register_case, assert_error):
    case = register_case()
    client = api_client(window)
    for body in (
        {"complainants": []},
        {"complainants": [{"name": "李四"}]},  # no way to reach them
        {"complainants": [{"name": "李四", "phone": "abc"}]},
        {"complainants": NEWCOMERS["complainants"], "ticket": case.ticket},
    ):
        assert_error(client.post(join_url(case), body, format="json"), 400, "invalid")
    assert Complainant.objects.filter(case=case).count() == 1


def test_log_and_list_consultations(api_client, window, east_inspector):
    body = {"topic": "加班费怎么算", "contact_name": "赵六", "contact_phone": "13700137000"}
    response = api_client(window).post(CONSULTATIONS, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["channel"] == "walk_in" and data["category"] == "other"
    assert data["contact_phone"] == "137****7000"
    assert data["answered_by"] == "王芳" and data["office"]["name"] == "West District"
    listed = api_client(window).get(CONSULTATIONS).json()
    assert [row["id"] for row in listed["results"]] == [data["id"]]
    assert api_client(east_inspector).get(CONSULTATIONS).json()["results"] == []


def test_a_platform_logs_under_its_channel_and_sees_only_its_own(
    api_client, platform_user, window, assert_error
):
    services.consultation_log(actor=window, topic="窗口咨询", channel="walk_in")
    client = api_client(platform_user)
    response = client.post(CONSULTATIONS, {"topic": "网上咨询"}, format="json")
    assert response.json()["channel"] == "platform"
    other = client.post(CONSULTATIONS, {"topic": "x", "channel": "hotline"}, format="json")
    assert_error(other, 400, "invalid")
    assert [row["topic"] for row in client.get(CONSULTATIONS).json()["results"]] == ["网上咨询"]


def test_consultations_need_a_consultation_role(api_client, desk_officer, assert_error):
    client = api_client(desk_officer)
    assert_error(client.get(CONSULTATIONS), 403, "not_permitted")
    assert_error(client.post(CONSULTATIONS, {"topic": "x"}, format="json"), 403)


def test_bad_consultations_save_nothing(api_client, window, assert_error):
    client = api_client(window)
    for body in (
        {},
        {"topic": "   "},
        {"topic": 12},
        {"topic": "x", "contact_phone": "call me"},
        {"topic": "x", "contact_name": "R2-D2"},
        {"topic": "x", "channel": "fax"},
        {"topic": "x", "answered_by": 1},
    ):
        assert_error(client.post(CONSULTATIONS, body, format="json"), 400, "invalid")
    assert not Consultation.objects.exists()
