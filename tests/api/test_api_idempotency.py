"""The Idempotency-Key header: a retried POST gets the first answer and acts once."""

import pytest

from complaints.api import views_cases
from complaints.models import Case, CaseEvent, Complainant

URL = "/api/v1/cases/"


def post(client, body, key, path=URL):
    return client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_the_same_key_and_body_replay_the_first_answer(api_client, window, minimal_body):
    client = api_client(window)
    first = post(client, minimal_body, "key-1")
    again = post(client, minimal_body, "key-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Case.objects.count() == 1


def test_the_same_key_with_another_body_is_a_422(api_client, window, minimal_body, assert_error):
    client = api_client(window)
    assert post(client, minimal_body, "key-2").status_code == 201
    other = {**minimal_body, "description": "另一件事"}
    assert_error(post(client, other, "key-2"), 422, "idempotency_key_reused")
    assert_error(post(client, minimal_body, "key-2", "/api/v1/consultations/"), 422)
    assert Case.objects.count() == 1


def test_a_duplicate_while_the_first_runs_is_a_409(
    api_client, window, minimal_body, monkeypatch, assert_error
):
    client = api_client(window)
    real = views_cases.case_register_or_find
    during = []

    def register_while_a_retry_arrives(**kwargs):
        during.append(post(client, minimal_body, "key-3"))
        return real(**kwargs)

    monkeypatch.setattr(views_cases, "case_register_or_find", register_while_a_retry_arrives)
    first = post(client, minimal_body, "key-3")
    assert first.status_code == 201
    assert_error(during[0], 409, "idempotency_in_progress")
    assert Case.objects.count() == 1


def test_a_failed_request_keeps_nothing(api_client, window, minimal_body, assert_error):
    client = api_client(window)
    assert_error(post(client, {"description": ""}, "key-4"), 400)
    assert post(client, minimal_body, "key-4").status_code == 201


def test_keys_belong_to_one_account(api_client, window, inspector, minimal_body):
    assert post(api_client(window), minimal_body, "shared").status_code == 201
    assert post(api_client(inspector), minimal_body, "shared").status_code == 201
    assert Case.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "has space"])
def test_a_malformed_key_is_a_400(key, api_client, window, minimal_body, assert_error):
    response = post(api_client(window), minimal_body, key)
    assert_error(response, 400, "idempotency_key_invalid")
    assert not Case.objects.exists()


def test_every_post_honours_the_key(api_client, inspector, inspection_head, register_case):
    case = register_case()
    client, head = api_client(inspector), api_client(inspection_head)
    accept = f"/api/v1/cases/{case.ticket}/accept/"
    assert post(head, {}, "accept-once", accept).status_code == 200
    assert post(head, {}, "accept-once", accept).status_code == 200  # not a 409
    assert CaseEvent.objects.filter(case=case, kind="accept").count() == 1
    join = f"/api/v1/cases/{case.ticket}/complainants/"
    body = {"complainants": [{"name": "李四", "phone": "13900139000"}]}
    assert post(client, body, "join-once", join).status_code == 201
    assert post(client, body, "join-once", join).status_code == 201
    assert Complainant.objects.filter(case=case).count() == 2
    consultation = {"topic": "加班费怎么算"}
    first = post(client, consultation, "ask-once", "/api/v1/consultations/")
    again = post(client, consultation, "ask-once", "/api/v1/consultations/")
    assert first.json()["id"] == again.json()["id"]
