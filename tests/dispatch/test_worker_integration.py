"""A real Celery worker process, started by the test, routes a case registered at the window.

The worker uses the same broker as the web process (Redis when REDIS_URL is set, as in
CI; the embedded filesystem broker otherwise) and the test database.
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from complaints.models import Case, RoutingState
from dispatch.models import Referral
from tests.builders import intake_form_body

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60
ROUTE_TIMEOUT = 30


def _worker_environment() -> dict:
    env = dict(os.environ)
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        user = database["USER"] or "postgres"
        host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{database['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = database["NAME"]
    return env


@pytest.fixture
def celery_worker_process():
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            "routing",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=_worker_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = threading.Event()
    output: list[str] = []

    def read():
        for line in process.stdout:
            output.append(line)
            if "ready." in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(READY_TIMEOUT):
        process.kill()
        pytest.fail("Celery worker did not start:\n" + "".join(output[-40:]))
    yield output
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _wait_for_referral(case: Case) -> bool:
    deadline = time.monotonic() + ROUTE_TIMEOUT
    while time.monotonic() < deadline:
        if Referral.objects.filter(case=case).exists():
            return True
        time.sleep(0.25)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_registered_at_the_window_is_routed_by_the_worker(
    celery_worker_process, client, window
):
    client.force_login(window)
    form = client.get("/cases/new/").context["form"]
    body = intake_form_body("滨江工地拖欠两个月工资", form.initial["token"])
    response = client.post("/cases/new/", body)
    assert response.status_code == 302
    case = Case.objects.get()
    started = time.monotonic()
    routed = _wait_for_referral(case)
    log = "".join(celery_worker_process[-40:])
    assert routed, (
        f"no referral within {ROUTE_TIMEOUT}s; broker={settings.REDIS_URL or 'fs'}\n{log}"
    )
    case.refresh_from_db()
    assert case.routing_state == RoutingState.ROUTED
    assert time.monotonic() - started < ROUTE_TIMEOUT
