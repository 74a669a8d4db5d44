"""No ID number or phone in any log line or broker message (#7, security item 2).

Cases are registered with a known ID number and phone through the intake page and the
API, routed, accepted (the complainants get SMS through dispatch/sms/base.py's LogBackend,
which writes each message to the log), searched by ID number, one ID number is shown to a
supervisor, and the chase sweep and the notification resend run. Every log record of
every logger, captured at DEBUG, must hold neither the ID number nor the phone (as typed
or as bare digits); the SMS lines must hold the masked phone.

The broker check publishes the same work to a real Redis (db 13 of the server REDIS_URL
names; no worker consumes it, so the messages stay in the queue lists) and reads every
key back: task arguments are ids only, and no message holds an ID number or a phone.
It is skipped when REDIS_URL is unset (CI sets it).
"""

import base64
import json
import logging
import os
import runpy
import uuid
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from rest_framework.authtoken.models import Token

from complaints import services
from complaints.models import Case, CaseEvent, DeskKind
from complaints.validators import id_check_character
from config.broker import forget_publishing_connection
from config.outage import resume_redis
from dispatch.models import Desk, Notification

SHANGHAI = ZoneInfo("Asia/Shanghai")
PAGE_ID = "42050219880615003" + id_check_character("42050219880615003")
API_ID = "42050319910921004" + id_check_character("42050319910921004")
PAGE_PHONE, API_PHONE = "138 2468 1357", "+86 139-7531-8642"
SECRETS = {
    PAGE_ID,
    PAGE_ID.lower(),
    API_ID,
    API_ID.lower(),
    PAGE_PHONE,
    API_PHONE,
    "13824681357",  # the phones' bare digits
    "13975318642",
}


def at(month: int, day: int, hour: int = 10):
    """A working day of 2026 in the bureau's time zone (office hours: SMS may go out)."""
    return time_machine.travel(datetime(2026, month, day, hour, tzinfo=SHANGHAI), tick=False)


def leaks(text: str) -> list[str]:
    return sorted(secret for secret in SECRETS if secret in text)


@pytest.fixture(autouse=True)
def _setup(settings, district, inspector):
    settings.SMS_BACKEND = "dispatch.sms.LogBackend"  # the one that writes SMS to the log
    Desk.objects.get_or_create(office=district, kind=DeskKind.INSPECTION)[0].members.set(
        [inspector]
    )
    resume_redis()


@pytest.fixture
def every_log_record(caplog):
    """Every record of every logger at DEBUG, also of loggers that do not propagate."""
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    detached = [logger for logger in loggers if not logger.propagate]
    caplog.set_level(logging.DEBUG)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    for logger in detached:
        logger.addHandler(caplog.handler)
    yield caplog  # read caplog.records in the test: the records of its own phase
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled
    for logger in detached:
        logger.removeHandler(caplog.handler)


@pytest.fixture
def tasks_in_process(monkeypatch):
    """Each task published by name runs at once, in-process, as a worker would run it."""
    import dispatch.tasks  # noqa: F401 - registers the tasks by name
    from config.celery import app

    def send_task(name, args=None, kwargs=None, **_options):
        assert all(isinstance(arg, int) for arg in args or ()), (name, args)
        result = app.tasks[name].apply(args=args or (), kwargs=kwargs or {})
        assert not result.failed(), result.traceback
        return result

    monkeypatch.setattr(app, "send_task", send_task)


def intake_body() -> dict:
    """The intake page's form with one worker who gives an ID number and a phone."""
    row = {"name": "张三", "phone": PAGE_PHONE, "id_number": PAGE_ID, "sex": "M"}
    body = {
        "token": str(uuid.uuid4()),
        "channel": "walk_in",
        "category": "wage_arrears",
        "description": "工地拖欠三个月工资",
        "employer_name": "宜昌某某建筑有限公司",
        "missing_materials": ["payroll"],
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
    }
    for name in ("name", "phone", "id_number", "sex", "owed_amount", "address"):
        body[f"form-0-{name}"] = row.get(name, "")
    return body


def api_body() -> dict:
    return {
        "description": "拖欠两个月工资",
        "complainants": [{"name": "李四", "phone": API_PHONE, "id_number": API_ID}],
    }


def register_both(client, window) -> list[Case]:
    """One case through the intake page, one through the API; returns both."""
    client.force_login(window)
    page = client.post(reverse("complaints:intake"), intake_body())
    assert page.status_code == 302, page.content[:500]
    token = Token.objects.get_or_create(user=window)[0].key
    api = client.post(
        "/api/v1/cases/",
        api_body(),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert api.status_code == 201, api.content[:500]
    # Refused input holding the same data: a 400 (django.request logs it) leaks nothing.
    refused = client.post(
        "/api/v1/cases/",
        {**api_body(), "description": ""},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert refused.status_code == 400
    return list(Case.objects.order_by("id"))


def work_on(client, cases, *, head, supervisor) -> None:
    """What happens to the cases next: accepted (an SMS), searched, one ID number shown."""
    for case in cases:
        services.case_accept(case=case, actor=head)
    client.force_login(supervisor)
    found = client.get(reverse("complaints:case_list"), {"q": PAGE_ID})
    assert cases[0].ticket in found.content.decode()
    zhang = cases[0].complainants.get()
    url = reverse("complaints:complainant_id_reveal", args=[cases[0].ticket, zhang.pk])
    assert client.post(url).status_code == 302
    assert (
        PAGE_ID
        in client.get(reverse("complaints:case_detail", args=[cases[0].ticket])).content.decode()
    )


def test_no_log_line_holds_an_id_number_or_a_phone(
    client,
    window,
    inspector,
    supervisor,
    inspection_head,
    every_log_record,
    tasks_in_process,
    django_capture_on_commit_callbacks,
):
    from dispatch.tasks import chase_deadlines, resend_notifications

    with at(3, 2), django_capture_on_commit_callbacks(execute=True):
        cases = register_both(client, window)
    with at(3, 3), django_capture_on_commit_callbacks(execute=True):
        work_on(client, cases, head=inspection_head, supervisor=supervisor)
    # Months later, the investigations overdue: reminders, overdue marks and escalations;
    # then the resend sweep.
    with at(7, 1), django_capture_on_commit_callbacks(execute=True):
        chase_deadlines.apply().get()
        resend_notifications.apply().get()

    # The work really ran: routed, SMS written to the log, the reveal recorded, chased.
    records = every_log_record.records
    assert all(case.referrals.exists() for case in cases)
    assert CaseEvent.objects.filter(kind="id_number_viewed").count() == 1
    assert Notification.objects.filter(channel="sms", sent_at__isnull=False).count() >= 4
    assert Notification.objects.filter(key__startswith="escalation:").exists()
    sms_lines = [r.getMessage() for r in records if r.name == "shouwen.sms"]
    assert any("138****1357" in line for line in sms_lines), sms_lines
    assert any("139****8642" in line for line in sms_lines), sms_lines
    assert any(r.name == "django.request" for r in records)  # the refused request

    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    leaked = {}
    for record in records:
        text = " ".join((formatter.format(record), repr(record.args), repr(vars(record))))
        if found := leaks(text):
            leaked[f"{record.name}: {record.getMessage()[:80]}"] = found
    assert not leaked


# --- the broker -------------------------------------------------------------------------

BROKER_DB = 13  # ours alone on the shared Redis (DEVELOPERS.md, "Redis databases": never 14 or 15)


def broker_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("REDIS_URL is unset: the broker check needs a Redis server (CI sets it)")
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{BROKER_DB}", "", ""))


@pytest.fixture
def redis_broker(monkeypatch):
    """The Celery app publishes to db 13 of REDIS_URL's server, emptied before and after."""
    import redis

    from config.celery import app

    url = broker_url()
    client = redis.Redis.from_url(url, socket_timeout=3)
    client.flushdb()
    monkeypatch.setattr(app.conf, "broker_url", url)
    monkeypatch.setattr(app.conf, "broker_transport_options", {"visibility_timeout": 7200})
    forget_publishing_connection()  # publishing keeps a connection: not the earlier broker's
    yield client
    forget_publishing_connection()
    client.flushdb()


def stored_values(client) -> list[bytes]:
    """Every value in the broker's db, whatever the key's type (queues are lists)."""
    values = []
    for key in client.scan_iter():
        kind = client.type(key).decode()
        if kind == "list":
            values += client.lrange(key, 0, -1)
        elif kind == "hash":
            values += client.hvals(key)
        elif kind == "set":
            values += client.smembers(key)
        elif kind == "zset":
            values += client.zrange(key, 0, -1)
        elif kind == "string":
            values.append(client.get(key))
        values.append(key)
    return values


def test_no_broker_message_holds_an_id_number_or_a_phone(
    client,
    window,
    inspector,
    supervisor,
    inspection_head,
    redis_broker,
    django_capture_on_commit_callbacks,
):
    from dispatch import services as dispatch

    with at(3, 2), django_capture_on_commit_callbacks(execute=True):
        cases = register_both(client, window)
    # No worker reads db 13: route in-process, so the announcements and SMS get published.
    with at(3, 2, 11), django_capture_on_commit_callbacks(execute=True):
        for case in cases:
            dispatch.case_route(case_id=case.pk)
        from dispatch.services.announcements import event_announce

        for event in CaseEvent.objects.filter(kind="routed"):
            event_announce(event_id=event.pk)
    with at(3, 3), django_capture_on_commit_callbacks(execute=True):
        work_on(client, cases, head=inspection_head, supervisor=supervisor)

    messages = [json.loads(raw) for raw in redis_broker.lrange("routing", 0, -1)]
    messages += [json.loads(raw) for raw in redis_broker.lrange("notifications", 0, -1)]
    tasks = {message["headers"]["task"] for message in messages}
    assert {"dispatch.route_case", "dispatch.announce_event", "dispatch.send_notification"} <= tasks
    for message in messages:
        args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        assert all(isinstance(arg, int) for arg in args), message["headers"]["task"]
        assert not kwargs
    bodies = [base64.b64decode(message["body"]).decode() for message in messages]
    everything = [value.decode("utf-8", "replace") for value in stored_values(redis_broker)]
    assert not leaks("\n".join(everything + bodies))


# --- the web server's access log --------------------------------------------------------


def test_the_access_log_leaves_out_the_search_terms():
    """gunicorn reads ./gunicorn.conf.py: its access line has no query string or referer."""
    from datetime import timedelta
    from pathlib import Path
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    config_file = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
    config.set("access_log_format", runpy.run_path(str(config_file))["access_log_format"])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/cases/?q={PAGE_ID}",
        "PATH_INFO": "/cases/",
        "QUERY_STRING": f"q={PAGE_ID}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "http://testserver/cases/?q=13824681357",
        "HTTP_USER_AGENT": "Firefox",
        "REMOTE_ADDR": "10.0.0.8",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger = Logger(config)
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=0.05))

    line = config.access_log_format % atoms

    assert '"GET /cases/ HTTP/1.1" 200 512 "Firefox"' in line
    assert not leaks(line)


def test_the_development_server_log_leaves_out_the_search_terms(every_log_record):
    """runserver's request lines (the `django.server` logger) lose their query strings."""
    server = logging.getLogger("django.server")

    server.info('"%s" %s %s', f"GET /cases/?q={PAGE_ID}&page=2 HTTP/1.1", "200", "512")
    server.warning('"%s" %s %s', "GET /work/?q=13824681357 HTTP/1.1", "404", "10")

    lines = [r.getMessage() for r in every_log_record.records if r.name == "django.server"]
    assert lines == ['"GET /cases/ HTTP/1.1" 200 512', '"GET /work/ HTTP/1.1" 404 10']
