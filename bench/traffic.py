"""The measurements against the running stack: intake over HTTP (API and form) and its
bare-insert floor, dispatch latency, and the pages' fetcher. Django must be set up (the
per-size child of bench/run.py)."""

import json
import os
import threading
import time

CLIENTS = 8
PASSWORD = "shouwen-demo-2026"


def api_token(username: str) -> str:
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    return token.key


def concurrent(seconds: float, clients: int, one_client) -> dict:
    """Run `one_client(index, stop_at, latencies, errors)` in `clients` threads."""
    from bench.measure import summarize

    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=one_client, args=(index, stop_at, latencies, errors))
        for index in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "registrations": len(latencies),
        "per_second": round(len(latencies) / wall, 1),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        **summarize(latencies),
    }


def keep_registering(stop_at, number, send, latencies, errors, prepare=None) -> None:
    """One client's registrations until `stop_at`, numbered on from `number`: what
    `prepare(number)` returns (untimed) is given to `send`, which is timed and returns
    None when the case was registered, else what went wrong."""
    while time.perf_counter() < stop_at:
        number += 1
        request = prepare(number) if prepare else number
        started = time.perf_counter()
        error = send(request)
        if error is None:
            latencies.append(time.perf_counter() - started)
        else:
            errors.append(error)


def unexpected(status: int, body: bytes, expected: int) -> str | None:
    return None if status == expected else f"{status} {body[:200]!r}"


def intake_api(port: int, seconds: float, offset: int) -> dict:
    from bench.client import Session
    from bench.measure import api_body

    token = api_token("window")
    path = "/api/v1/cases/"

    def client(index, stop_at, latencies, errors):
        session = Session(port, token=token)

        def send(number):
            return unexpected(*session.post_json(path, api_body(number)), expected=201)

        keep_registering(stop_at, offset + index * 1_000_000, send, latencies, errors)

    return concurrent(seconds, CLIENTS, client)


def intake_form(port: int, seconds: float, offset: int) -> dict:
    from django.urls import reverse

    from bench.client import Session
    from bench.measure import form_fields

    path, login = reverse("complaints:intake"), reverse("accounts:login")
    sessions = []
    for _ in range(CLIENTS):
        session = Session(port)
        session.login(login, "window", PASSWORD)
        sessions.append(session)

    def client(index, stop_at, latencies, errors):
        session = sessions[index]

        def prepare(number):  # the form's token, fetched first: only the POST is timed
            return {**form_fields(number), "token": session.form_token(path)}

        def send(fields):
            return unexpected(*session.post_form(path, fields), expected=302)

        number = offset + index * 1_000_000
        keep_registering(stop_at, number, send, latencies, errors, prepare=prepare)

    return concurrent(seconds, CLIENTS, client)


def bare_insert(url: str, seconds: float, offset: int) -> dict:
    """The floor: the same rows in the same transaction shape, by psycopg alone."""
    from bench.floor import insert_one_case, open_connection

    def client(index, stop_at, latencies, errors):
        connection = open_connection(url)

        def send(number):
            try:
                insert_one_case(connection, number)
            except Exception as error:  # noqa: BLE001 - reported, not fatal
                return repr(error)[:200]
            return None

        try:
            keep_registering(stop_at, offset + index * 1_000_000, send, latencies, errors)
        finally:
            connection.close()

    return concurrent(seconds, CLIENTS, client)


def wait_routed(timeout: float) -> float:
    """Wait for the worker to route every pending case (the intake burst's backlog)."""
    from complaints.models import Case

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if not Case.objects.filter(routing_state="pending").exists():
            break
        time.sleep(0.5)
    return round(time.perf_counter() - started, 1)


def wait_worker_idle(timeout: float) -> float:
    """Wait until the worker's queues are empty (the announcements and SMS the intake and
    dispatch runs left behind), so the pages are timed alone. Messages a stopped worker
    held stay "unacknowledged" in Redis until the visibility timeout, so those are not
    counted; the worker holds at most 4 (concurrency 2, prefetch 1), hence the settle."""
    import redis

    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    queues = ("routing", "deadlines", "notifications")
    started, quiet = time.perf_counter(), 0
    while time.perf_counter() - started < timeout and quiet < 4:
        busy = sum(broker.llen(queue) for queue in queues)
        quiet = quiet + 1 if busy == 0 else 0
        time.sleep(0.5)
    return round(time.perf_counter() - started, 1)


def dispatch_latency(port: int, count: int, offset: int, deadline) -> dict:
    """Registration committed (API answered) -> referral row created by the worker."""
    from bench.client import Session
    from bench.measure import api_body, summarize

    session = Session(port, token=api_token("window"))
    latencies, missing = [], 0
    for number in range(offset, offset + count):
        if deadline.left() < 30:
            break
        status, body = session.post_json("/api/v1/cases/", api_body(number))
        answered = time.perf_counter()
        if status != 201:
            missing += 1
            continue
        if referral_seen(json.loads(body)["ticket"], answered):
            latencies.append(time.perf_counter() - answered)
        else:
            missing += 1
    return {"missing": missing, **summarize(latencies)}


def referral_seen(ticket: str, since: float, within: float = 15) -> bool:
    """Poll every 5 ms until the case has a referral row; False after `within` seconds."""
    from django.db import connection

    while time.perf_counter() - since < within:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM dispatch_referral r JOIN complaints_case c ON c.id = r.case_id "
                "WHERE c.ticket = %s LIMIT 1",
                [ticket],
            )
            if cursor.fetchone():
                return True
        time.sleep(0.005)
    return False


def http_fetcher(port: int):
    from django.urls import reverse

    from bench.client import Session
    from bench.measure import ROLES

    sessions: dict = {}

    def fetch(role, path):
        if role not in sessions:
            session = Session(port)
            if role:
                session.login(reverse("accounts:login"), ROLES[role], PASSWORD)
            sessions[role] = session
        status, _body = sessions[role].get(path)
        return status

    return fetch
