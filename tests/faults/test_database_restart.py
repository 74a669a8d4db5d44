"""Issue #7.5: PostgreSQL restarted (crashed and started again) under load.

The test runs its own PostgreSQL cluster (never the shared one) with a copy of the test
database, gunicorn on it, and a client registering cases through the page and the API
the whole time. Requests during the outage get a 503 page (JSON for the API), never a
traceback; the same gunicorn serves again once PostgreSQL is back (connection health
checks); every case in the database is whole (complainant and registration event).
"""

import threading
import time

import pytest
from django.db import connection
from faults_harness import (
    PostgresCluster,
    WebClient,
    database_url,
    free_port,
    system_environment,
    timed,
)
from rest_framework.authtoken.models import Token

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OUTAGE_SECONDS = 5


@pytest.fixture
def cluster():
    if not PostgresCluster.available():
        pytest.skip("needs PostgreSQL 15's initdb (and runuser when running as root)")
    cluster = PostgresCluster(free_port())
    try:
        cluster.init().start()
        yield cluster
    finally:
        cluster.destroy()


def test_postgresql_restarted_under_load(processes, redis, cluster, tmp_path, window):
    token = Token.objects.create(user=window).key
    cluster.load_copy_of(database_url(connection.settings_dict))
    processes.env = system_environment(database=cluster.url, redis_url=redis.url, var_dir=tmp_path)
    port = free_port()
    web_process = processes.web(port)
    web = WebClient(port)
    web.login(window.username, "pw-for-tests-2026")
    web.api_token = token

    answers = []  # (started at, through, status, body)
    stop = threading.Event()

    def keep_registering():
        number = 0
        while not stop.is_set():
            through = "page" if number % 2 == 0 else "api"
            register = web.register_through_page if through == "page" else web.register_through_api
            started = time.monotonic()
            outcome, _seconds = timed(register, f"load {number}: 工地拖欠工资", timeout=20)
            status = getattr(outcome, "status_code", repr(outcome))
            answers.append((started, through, status, getattr(outcome, "text", "")))
            number += 1

    load = threading.Thread(target=keep_registering, daemon=True)
    load.start()
    try:
        time.sleep(3)
        down_at = time.monotonic()
        cluster.crash()
        time.sleep(OUTAGE_SECONDS)
        cluster.start()
        up_at = time.monotonic()
        time.sleep(5)
    finally:
        stop.set()
        load.join(timeout=30)

    tails = processes.tails()
    assert web_process.running(), tails
    before = [a for a in answers if a[0] < down_at - 0.5]
    during = [a for a in answers if down_at + 0.5 < a[0] < up_at - 0.5]
    after = [a for a in answers if a[0] > up_at + 1]
    assert before and during and after, (len(before), len(during), len(after))
    assert {a[2] for a in before} <= {201, 302}, [a[:3] for a in before]
    # During the outage: a clear 503, never a traceback or a bare 500.
    assert {a[2] for a in during} == {503}, [a[:3] for a in during]
    for _started, through, _status, body in during:
        assert "Traceback" not in body
        if through == "page":
            assert "Temporarily unavailable" in body
        else:
            assert '"service_unavailable"' in body
    # Back without restarting gunicorn: every request after the restart succeeds.
    assert {a[2] for a in after} <= {201, 302}, [a[:3] for a in after]

    # No half-written case: each has its complainant and its registration event.
    broken = cluster.query(
        """
        SELECT c.id FROM complaints_case c
        WHERE NOT EXISTS (SELECT 1 FROM complaints_complainant p WHERE p.case_id = c.id)
           OR (SELECT count(*) FROM complaints_caseevent e
               WHERE e.case_id = c.id AND e.kind = 'registered') <> 1
        """
    )
    assert broken == []
    succeeded = sum(1 for a in answers if a[2] in (201, 302))
    (cases,) = cluster.query("SELECT count(*) FROM complaints_case")[0]
    assert cases >= succeeded
