"""Ten identical platform pushes at the same moment make exactly one case (PostgreSQL).

The database constraint decides (case_channel_external_ref_unique), not a look-up before
the insert; SQLite serialises writers, so the race only exists on PostgreSQL.
"""

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from complaints import handoffs
from complaints.models import Case
from tests.at_once import run_at_once

THREADS = 10
BODY = {
    "description": "平台推送：工地欠薪",
    "external_ref": "PLATFORM-2026-0042",
    "complainants": [{"name": "张三", "phone": "13800138000"}],
}
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    """These tests commit, so routing and announcements would really be sent: the broker
    is the outside world here (docs/conventions.md)."""
    monkeypatch.setattr(handoffs, "send_route_request", lambda case_id: True)
    monkeypatch.setattr(handoffs, "send_announce_request", lambda event_id: None)


@pytest.fixture
def push_together(platform_user):
    """push_together(**headers) -> (status, body) of each of THREADS identical pushes of
    the platform, sent at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for concurrent writers")
    token = Token.objects.create(user=platform_user).key

    def push_all(**headers) -> list:
        def push():
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}", **headers)
            response = client.post("/api/v1/cases/", BODY, format="json")
            return response.status_code, response.json()

        results = run_at_once([push] * THREADS)
        assert all(isinstance(result, tuple) for result in results), results
        return results

    return push_all


def test_ten_identical_platform_pushes_make_one_case(push_together):
    results = push_together()
    statuses = sorted(status for status, _body in results)
    assert statuses == [200] * (THREADS - 1) + [201], results
    assert len({body["ticket"] for _status, body in results}) == 1
    assert Case.objects.filter(external_ref=BODY["external_ref"]).count() == 1


def test_ten_pushes_with_one_idempotency_key_act_once(push_together):
    results = push_together(HTTP_IDEMPOTENCY_KEY="push-42")
    # Each is the case (201, or 201 replayed) or "still running" (409): never a second case.
    assert {status for status, _body in results} <= {201, 409}
    assert sum(status == 201 for status, _body in results) >= 1
    assert Case.objects.count() == 1
