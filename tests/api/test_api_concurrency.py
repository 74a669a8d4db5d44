"""Ten identical platform pushes at the same moment make exactly one case (PostgreSQL).

The database constraint decides (case_channel_external_ref_unique), not a look-up before
the insert; SQLite serialises writers, so the race only exists on PostgreSQL.
"""

import threading

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from complaints import handoffs
from complaints.models import Case

THREADS = 10
BODY = {
    "description": "平台推送：工地欠薪",
    "external_ref": "PLATFORM-2026-0042",
    "complainants": [{"name": "张三", "phone": "13800138000"}],
}


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    """These tests commit, so routing and announcements would really be sent: the broker
    is the outside world here (STYLE.md rule 16)."""
    monkeypatch.setattr(handoffs, "send_route_request", lambda case_id: True)
    monkeypatch.setattr(handoffs, "send_announce_request", lambda event_id: None)


def _post_together(token: str, count: int, headers: dict | None = None) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def push(index):
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}", **(headers or {}))
            barrier.wait(timeout=30)
            response = client.post("/api/v1/cases/", BODY, format="json")
            results[index] = (response.status_code, response.json())
        except Exception as error:  # reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=push, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_identical_platform_pushes_make_one_case(platform_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for concurrent writers")
    token = Token.objects.create(user=platform_user).key
    results = _post_together(token, THREADS)
    assert all(isinstance(result, tuple) for result in results), results
    statuses = sorted(status for status, _body in results)
    assert statuses == [200] * (THREADS - 1) + [201], results
    assert len({body["ticket"] for _status, body in results}) == 1
    assert Case.objects.filter(external_ref=BODY["external_ref"]).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_pushes_with_one_idempotency_key_act_once(platform_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for concurrent writers")
    token = Token.objects.create(user=platform_user).key
    results = _post_together(token, THREADS, {"HTTP_IDEMPOTENCY_KEY": "push-42"})
    assert all(isinstance(result, tuple) for result in results), results
    # Each is the case (201, or 201 replayed) or "still running" (409): never a second case.
    assert {status for status, _body in results} <= {201, 409}
    assert sum(status == 201 for status, _body in results) >= 1
    assert Case.objects.count() == 1
