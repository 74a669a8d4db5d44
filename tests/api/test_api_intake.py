"""POST /api/v1/cases/: zero-threshold registration, platform accounts, no duplicates."""

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from complaints.models import Case, CaseEvent, Channel, Status

URL = "/api/v1/cases/"
CASE_KEYS = {
    "ticket",
    "status",
    "channel",
    "registered_at",
    "first_responder",
    "complainants",
    "category",
    "employer",
    "site",
    "responsible_office",
    "routing_state",
    "external_ref",
}


def test_the_smallest_body_registers_a_case(api_client, window, minimal_body):
    response = api_client(window).post(URL, minimal_body, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= CASE_KEYS
    case = Case.objects.get()
    assert body["ticket"] == case.ticket
    assert body["status"] == Status.REGISTERED
    assert body["channel"] == Channel.WALK_IN
    assert body["first_responder"] == "王芳"
    assert body["responsible_office"] == {"id": window.office_id, "name": "West District"}
    assert body["employer"] is None
    assert body["complainants"] == [
        {
            "name": "张三",
            "phone": "138****8000",
            "id_number": "",
            "sex": "",
            "address": "",
            "owed_amount": None,
            "recovered_amount": "0.00",
            "is_representative": False,
            "is_migrant_worker": False,
        }
    ]
    assert CaseEvent.objects.filter(case=case, kind="registered").count() == 1


def test_every_optional_field_is_taken_and_personal_data_leaves_masked(api_client, inspector):
    body = {
        "description": "  拖欠工资  ",
        "channel": "hotline",
        "external_ref": "12345-0001",
        "category": "labor_contract",
        "employer": {
            "name": "宜昌某某建筑有限公司",
            "credit_code": "91420500MA4914YH5K",
            "address": "西陵区东山大道1号",
        },
        "site": "东山花园二期",
        "contractor": "李四",
        "workers_affected": 12,
        "amount_claimed": "1,234.50",
        "complainants": [
            {
                "name": "张三",
                "phone": "+86 138-0013-8000",
                "id_number": "11010119900307109x",
                "owed_amount": 800,
                "sex": "M",
                "address": "宜昌市",
                "is_representative": True,
            },
            {"name": "阿依古丽·买买提", "address": "宜昌市伍家岗区"},
        ],
    }
    response = api_client(inspector).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["channel"] == "hotline" and data["external_ref"] == "12345-0001"
    assert data["amount_claimed"] == "1234.50"
    assert data["employer"]["credit_code"] == "91420500MA4914YH5K"
    first = data["complainants"][0]
    assert first["phone"] == "138****8000"
    assert first["id_number"] == "110101********109X"
    assert first["owed_amount"] == "800.00"
    raw = response.content.decode()
    assert "13800138000" not in raw and "11010119900307109" not in raw
    stored = Case.objects.get().complainants.order_by("id").first()
    assert stored.phone == "13800138000" and stored.id_number == "11010119900307109X"


def test_same_channel_and_reference_answer_the_existing_case(api_client, platform_user):
    body = {
        "description": "欠薪",
        "external_ref": "P-42",
        "complainants": [{"name": "张三", "phone": "13800138000"}],
    }
    client = api_client(platform_user)
    first = client.post(URL, body, format="json")
    second = client.post(URL, {**body, "description": "欠薪（重发）"}, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["ticket"] == second.json()["ticket"]
    assert Case.objects.count() == 1
    assert Case.objects.get().description == "欠薪"


def test_another_platforms_reference_is_a_conflict_without_leaking_the_case(
    api_client, platform_user, other_platform_user, assert_error
):
    body = {"external_ref": "P-7", **{"description": "欠薪"}}
    body["complainants"] = [{"name": "张三", "phone": "13800138000"}]
    assert api_client(platform_user).post(URL, body, format="json").status_code == 201
    response = api_client(other_platform_user).post(URL, body, format="json")
    error = assert_error(response, 409, "external_ref_taken")
    assert Case.objects.get().ticket not in error["message"]
    assert Case.objects.count() == 1


def test_a_platform_account_registers_under_its_own_channel(
    api_client, platform_user, minimal_body, assert_error
):
    client = api_client(platform_user)
    response = client.post(URL, minimal_body, format="json")
    assert response.status_code == 201
    assert response.json()["channel"] == "platform"
    assert response.json()["actions"] == []
    same = client.post(URL, {**minimal_body, "channel": "platform"}, format="json")
    assert same.status_code == 201
    other = client.post(URL, {**minimal_body, "channel": "hotline"}, format="json")
    error = assert_error(other, 400, "invalid")
    assert set(error["fields"]) == {"channel"}
    assert Case.objects.count() == 2


def test_a_platform_account_with_a_wrong_channel_may_not_register(
    api_client, user_factory, district, minimal_body, assert_error
):
    broken = user_factory("broken", district, platform_channel="wechat")
    response = api_client(broken).post(URL, minimal_body, format="json")
    assert_error(response, 403, "platform_misconfigured")
    assert not Case.objects.exists()


@pytest.mark.parametrize("who", ["desk_officer", "nobody", "no_office"])
def test_accounts_without_an_intake_role_or_office_may_not_register(
    who, request, api_client, user_factory, minimal_body, assert_error
):
    users = {
        "desk_officer": lambda: request.getfixturevalue("desk_officer"),
        "nobody": lambda: user_factory("nobody", request.getfixturevalue("district")),
        "no_office": lambda: user_factory("floating", None, "window_staff"),
    }
    response = api_client(users[who]()).post(URL, minimal_body, format="json")
    assert_error(response, 403)
    assert not Case.objects.exists()


def test_anonymous_requests_get_401_with_the_token_scheme(api_client, db, assert_error):
    response = api_client().post(URL, {}, format="json")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"
    bad = api_client()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(bad.get(URL), 401, "authentication_failed")


def test_drf_create_token_issues_a_working_token(api_client, platform_user, minimal_body):
    call_command("drf_create_token", platform_user.username)
    token = Token.objects.get(user=platform_user)
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.post(URL, minimal_body, format="json").status_code == 201


def test_the_browser_session_works_too(window, minimal_body):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(window)
    assert client.post(URL, minimal_body, format="json").status_code == 201
    assert client.get(URL).status_code == 200


def test_registration_is_throttled_per_account(api_client, window, minimal_body, settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {**rest["DEFAULT_THROTTLE_RATES"], "intake": "2/minute"}
    settings.REST_FRAMEWORK = rest
    client = api_client(window)
    codes = [client.post(URL, minimal_body, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert client.get(URL).status_code == 200  # reading is not registration
    assert Case.objects.count() == 2


def test_the_database_constraint_has_the_last_word(api_client, platform_user, monkeypatch):
    """The race, replayed in one thread: the look-up before the insert found nothing, and
    full_clean could not see the winner's row yet, so the insert itself hits the unique
    constraint (IntegrityError) and the existing case is answered."""
    from complaints.api import intake

    body = {
        "description": "欠薪",
        "external_ref": "P-99",
        "complainants": [{"name": "张三", "phone": "13800138000"}],
    }
    client = api_client(platform_user)
    winner = client.post(URL, body, format="json").json()["ticket"]
    real_existing = intake._existing
    calls = []

    def missed_once(channel, external_ref):
        calls.append(external_ref)
        return None if len(calls) == 1 else real_existing(channel, external_ref)

    monkeypatch.setattr(intake, "_existing", missed_once)
    monkeypatch.setattr(Case, "validate_constraints", lambda self, exclude=None: None)
    response = client.post(URL, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["ticket"] == winner
    assert len(calls) == 2
    assert Case.objects.count() == 1
