"""Issue #7.8: a poison task (routing that always fails for one case).

After its retries the case shows "dispatch failed" to supervisors (case page and case
list) with an alert in their inbox, the sweep leaves it alone, other cases keep flowing,
and a supervisor can retry the dispatch from the case page.
"""

import time

import pytest
from django.urls import reverse
from faults_harness import publish, wait_until
from routing_checks import register_cases, routed_count, routing_problems

from complaints import handoffs
from complaints.models import Case, CaseEvent, RoutingState
from complaints.services import ComplainantData, case_register
from config.broker import publishing_suspended
from dispatch.models import Notification

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEALTHY = 20


def test_a_poison_case_is_marked_dispatch_failed_and_the_others_flow(
    processes, redis, system_env, window, supervisor, client, monkeypatch
):
    with publishing_suspended():
        poison = case_register(
            actor=window,
            description="POISON: 工地拖欠工资",
            complainants=[ComplainantData(name="张三", phone="13800138000")],
        ).case
    healthy = register_cases(window, HEALTHY, "healthy")
    publish(redis.url, "dispatch.route_case", [[poison.pk]] + [[pk] for pk in healthy])
    processes.worker(
        app="tests.faults.poison_app", ROUTING_MAX_ATTEMPTS="3", ROUTING_RETRY_DELAY_SECONDS="1"
    )

    def poison_failed():
        return Case.objects.get(pk=poison.pk).routing_state == RoutingState.FAILED

    assert wait_until(poison_failed, 45, 0.5), processes.tails()
    assert wait_until(lambda: routed_count(healthy) == HEALTHY, 30, 0.5), processes.tails()
    assert routing_problems(healthy) == []
    poison.refresh_from_db()
    assert poison.routing_attempts == 3
    assert CaseEvent.objects.filter(case=poison, kind="routing_failed").count() == 1

    time.sleep(2.5)  # the sweep takes cases pending for 2 s; a failed case is not pending
    publish(redis.url, "dispatch.sweep_unrouted", [[]])
    time.sleep(3)
    poison.refresh_from_db()
    assert poison.routing_state == RoutingState.FAILED
    assert poison.routing_attempts == 3

    alerts = Notification.objects.filter(recipient=supervisor, key__startswith="routing-failed:")
    assert alerts.count() == 1  # inbox only: the supervisor has no e-mail address
    assert poison.ticket in alerts.get().subject

    client.force_login(supervisor)
    case_list = client.get("/cases/").content.decode()
    assert "Dispatch failed" in case_list
    page = client.get(f"/cases/{poison.ticket}/").content.decode()
    assert "Dispatch failed" in page and "Retry dispatch" in page

    sent = []
    monkeypatch.setattr(handoffs, "send_route_request", sent.append)
    response = client.post(reverse("dispatch:case_retry_dispatch", args=[poison.ticket]))
    assert response.status_code == 302
    poison.refresh_from_db()
    assert (poison.routing_state, poison.routing_attempts) == (RoutingState.PENDING, 0)
    assert sent == [poison.pk]
    assert CaseEvent.objects.filter(case=poison, kind="routing_retried").count() == 1
