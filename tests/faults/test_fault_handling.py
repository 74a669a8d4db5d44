"""The app's side of the fault tests, in-process (SQLite or PostgreSQL): a poison case,
the supervisor's retry, the 503 page and the fail-soft Redis cache."""

import json
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from complaints import handoffs
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import CaseEvent, RoutingState
from complaints.services import case_routing_retry
from config import outage
from config.middleware import DatabaseUnavailableMiddleware, server_error
from dispatch.models import Notification
from dispatch.services import routing
from dispatch.services.routing import route_pending_cases
from dispatch.tasks import route_case


@pytest.fixture
def poisoned(monkeypatch, settings):
    """Routing raises for cases whose description says POISON; two attempts at most."""
    settings.ROUTING_MAX_ATTEMPTS = 2
    settings.ROUTING_RETRY_DELAY_SECONDS = 0
    real = routing.desks_for_case

    def desks_for_case(case):
        if "POISON" in case.description:
            raise ValueError("injected fault")
        return real(case)

    monkeypatch.setattr(routing, "desks_for_case", desks_for_case)


def test_the_sweep_routes_the_others_and_marks_a_poison_case_failed(
    poisoned, register_case, supervisor
):
    poison = register_case(description="POISON 工地拖欠工资")
    healthy = register_case()
    assert route_pending_cases(grace=timedelta(0)) == 1
    poison.refresh_from_db()
    healthy.refresh_from_db()
    assert healthy.routing_state == RoutingState.ROUTED
    assert (poison.routing_state, poison.routing_attempts) == (RoutingState.PENDING, 1)

    route_pending_cases(grace=timedelta(0))
    poison.refresh_from_db()
    assert (poison.routing_state, poison.routing_attempts) == (RoutingState.FAILED, 2)
    route_pending_cases(grace=timedelta(0))  # a failed case is not retried by the sweep
    poison.refresh_from_db()
    assert poison.routing_attempts == 2
    assert CaseEvent.objects.filter(case=poison, kind="routing_failed").count() == 1
    alert = Notification.objects.get(recipient=supervisor, key__startswith="routing-failed:")
    assert poison.ticket in alert.subject


def test_the_routing_task_retries_then_marks_the_case_failed(poisoned, register_case):
    poison = register_case(description="POISON 工地拖欠工资")
    route_case.apply(args=[poison.pk])  # eager: its retries run at once
    poison.refresh_from_db()
    assert (poison.routing_state, poison.routing_attempts) == (RoutingState.FAILED, 2)


def test_only_a_supervisor_retries_a_failed_dispatch(
    poisoned, register_case, supervisor, inspector, client, monkeypatch
):
    poison = register_case(description="POISON 工地拖欠工资")
    route_case.apply(args=[poison.pk])
    with pytest.raises(ActionNotPermitted):
        case_routing_retry(case=poison, actor=inspector)

    client.force_login(supervisor)
    assert "Dispatch failed" in client.get("/cases/").content.decode()
    page = client.get(reverse("complaints:case_detail", args=[poison.ticket])).content.decode()
    assert "Retry dispatch" in page
    sent = []
    monkeypatch.setattr(handoffs, "send_route_request", sent.append)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda callback, robust=False: callback())
        response = client.post(reverse("dispatch:case_retry_dispatch", args=[poison.ticket]))
    assert response.status_code == 302
    poison.refresh_from_db()
    assert (poison.routing_state, poison.routing_attempts) == (RoutingState.PENDING, 0)
    assert sent == [poison.pk]
    with pytest.raises(InvalidTransition):
        case_routing_retry(case=poison, actor=supervisor)


def test_a_database_outage_answers_503_without_a_traceback():
    factory = RequestFactory()
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    page = middleware.process_exception(factory.get("/cases/"), OperationalError("gone"))
    assert page.status_code == 503
    assert "Temporarily unavailable" in page.content.decode()
    assert page["Retry-After"] == "30"
    api = middleware.process_exception(factory.post("/api/v1/cases/"), OperationalError("x"))
    assert api.status_code == 503
    assert json.loads(api.content)["error"]["code"] == "service_unavailable"
    assert middleware.process_exception(factory.get("/"), ValueError("bug")) is None
    try:
        raise OperationalError("the session could not be saved")
    except OperationalError:
        assert server_error(factory.get("/cases/")).status_code == 503


def test_the_cache_falls_back_to_memory_while_redis_is_down():
    cache = outage.FailSoftRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {}})
    outage.resume_redis()
    try:
        assert cache.get("missing", "default") == "default"
        assert outage.redis_paused()
        cache.set("key", 1)
        assert cache.get("key") == 1  # from process memory
        assert handoffs.send_route_request(1) is False  # left to the sweep
    finally:
        outage.resume_redis()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_the_redis_cache_shares_one_client_between_calls_and_threads():
    cache = outage.FailSoftRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "reuse-test"})
    outage.resume_redis()
    assert cache._cache.get_client() is cache._cache.get_client(write=True)

    def round_trips(worker: int) -> list[bool]:
        found = []
        for n in range(50):
            cache.set(f"worker-{worker}", (worker, n), 30)
            found.append(cache.get(f"worker-{worker}") == (worker, n))
        return found

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [ok for found in pool.map(round_trips, range(8)) for ok in found]
    assert len(results) == 400 and all(results)
    assert not outage.redis_paused()
    cache.delete_many([f"worker-{worker}" for worker in range(8)])
