"""Issue #7.1: the worker is killed (kill -9 of its process group) while 300 cases are being
routed, then restarted: every case ends with exactly one set of referrals, none pending.

The messages the dead worker had reserved stay unacknowledged in Redis until the
visibility timeout (2 h); PostgreSQL still says "pending", so the outbox sweep routes them.
"""

import signal
import time

import pytest
from faults_harness import publish, wait_until
from routing_checks import register_cases, routed_count, routing_problems

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CASES = 300
BATCH = 30


def register_and_publish(redis, window, count: int, label: str) -> list[int]:
    """Register cases in batches and send their routing requests, as the web would."""
    case_ids = []
    for batch in range(count // BATCH):
        ids = register_cases(window, BATCH, f"{label}-{batch}")
        publish(redis.url, "dispatch.route_case", [[case_id] for case_id in ids])
        case_ids += ids
    return case_ids


def test_a_worker_killed_mid_routing_leaves_every_case_routed_exactly_once(
    processes, redis, system_env, window
):
    worker = processes.worker("worker-1")
    case_ids = register_and_publish(redis, window, CASES // 2, "before-kill")
    assert wait_until(lambda: routed_count() >= 10, 30, 0.05), processes.tails()
    worker.signal_group(signal.SIGKILL)
    worker.popen.wait(timeout=10)
    assert routed_count() < len(case_ids), "the worker finished before it could be killed"

    processes.worker("worker-2")
    case_ids += register_and_publish(redis, window, CASES // 2, "after-restart")
    time.sleep(2.5)  # the sweep takes cases pending for 2 s (ROUTING_SWEEP_GRACE_SECONDS)
    publish(redis.url, "dispatch.sweep_unrouted", [[]])
    assert wait_until(lambda: routed_count() == CASES, 50, 0.5), (
        f"{routed_count()} of {CASES} routed\n{processes.tails()}"
    )
    assert routing_problems(case_ids) == []
