"""The chase sweep writes each chunk set-based (issue #8; bench/README.md, cause 2).

A chunk of due deadlines costs the same statements whether 10 or 60 of them are due, and
the bulk helpers it uses (`notify_staff_many`, `events.record_many`) keep the guarantees of
their one-row forms: nothing recorded twice, sends only for rows inserted now.
"""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from complaints import events
from complaints.models import CaseEvent
from complaints.services import EmployerData, case_withdraw
from dispatch import calendar
from dispatch.models import Deadline, Escalation, Notification, Referral, Reminder
from dispatch.services import case_route
from dispatch.services import notifications as notifications_module
from dispatch.services.chasing import chase_deadlines
from dispatch.services.notifications import StaffMessage, notify_staff, notify_staff_many

SHANGHAI = ZoneInfo("Asia/Shanghai")
SWEEP = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)  # a Monday, in office hours


def at(month: int, day: int):
    return time_machine.travel(datetime(2026, month, day, 10, 0, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def add_cases(staff, register_case):
    """Cases whose inspection.accept deadline, on 2026-03-02, is overdue (due 02-27), due
    that day (a reminder), or belongs to a withdrawn case (closed by the sweep)."""
    made = {"overdue": 0, "due_today": 0, "ended": 0}

    def register(month: int, day: int, **options):
        with at(month, day):
            number = sum(made.values())
            case = register_case(employer=EmployerData(name=f"宜昌第{number}建筑有限公司"))
            case_route(case_id=case.pk)
        return case

    def add(overdue: int, due_today: int, ended: int) -> None:
        for _ in range(overdue):
            register(2, 13)
            made["overdue"] += 1
        for _ in range(due_today):
            register(2, 24)
            made["due_today"] += 1
        for _ in range(ended):
            case = register(2, 13)
            made["ended"] += 1
            with at(2, 25):
                case_withdraw(case=case, actor=staff["window"], reason="工资已付清")

    return add


def sweep_rolled_back():
    """Sweep at SWEEP, then undo it; return its report and the statements it issued."""
    with transaction.atomic(), time_machine.travel(SWEEP, tick=False):
        calendar.is_working_day(SWEEP.date())  # read once a year per process, not per sweep
        with CaptureQueriesContext(connection) as seen:
            report = chase_deadlines()
        transaction.set_rollback(True)
    return report, [query["sql"] for query in seen.captured_queries]


def test_a_chunk_issues_the_same_statements_for_10_or_60_due_deadlines(add_cases, monkeypatch):
    if connection.vendor == "sqlite":
        # Django splits an SQLite INSERT at 999 parameters, the limit of SQLite before
        # 3.32; PostgreSQL (production) takes a chunk's rows in one statement.
        monkeypatch.setattr(connection.features, "max_query_params", 32766)
    add_cases(overdue=5, due_today=4, ended=1)
    few, few_sql = sweep_rolled_back()
    assert (few.marked_overdue, few.escalated, few.reminded, few.closed_for_ended_cases) == (
        5,
        5,
        4,
        1,
    )

    add_cases(overdue=25, due_today=20, ended=5)
    many, many_sql = sweep_rolled_back()
    assert (many.marked_overdue, many.escalated, many.reminded, many.closed_for_ended_cases) == (
        30,
        30,
        24,
        6,
    )
    assert len(many_sql) == len(few_sql), "\n".join(sql[:90] for sql in many_sql)
    assert len(many_sql) <= 25
    # Nothing of it was kept: the measurement left the database as it found it.
    assert not Escalation.objects.exists() and not Reminder.objects.exists()


def test_a_second_sweep_records_and_sends_nothing_again(add_cases, staff):
    add_cases(overdue=3, due_today=2, ended=0)
    with time_machine.travel(SWEEP, tick=False):
        first = chase_deadlines(batch_size=2)
        sent = Notification.objects.count()
        second = chase_deadlines(batch_size=2)
    assert (first.escalated, first.reminded) == (3, 2)
    assert (second.escalated, second.reminded, second.marked_overdue) == (0, 0, 0)
    assert Notification.objects.count() == sent
    assert CaseEvent.objects.filter(kind="deadline_overdue").count() == 3
    assert Deadline.objects.filter(overdue_at=SWEEP).count() == 3
    told = Notification.objects.filter(key__startswith="escalation:", channel="email")
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted(
        ["boss", "officer", "window"] * 3
    )


def test_a_step_another_sweeper_recorded_first_is_not_messaged(add_cases):
    add_cases(overdue=2, due_today=0, ended=0)
    first, second = Deadline.objects.order_by("id")
    Escalation.objects.create(deadline=first, day=SWEEP.date(), created_at=SWEEP)
    with time_machine.travel(SWEEP, tick=False):
        report = chase_deadlines()
    assert report.escalated == 1
    assert set(Notification.objects.filter(key__startswith="escalation:").values_list("key")) == {
        (f"escalation:{second.pk}:2026-03-02",)
    }


def test_bulk_notifications_skip_existing_rows_and_send_only_new_e_mails(
    staff, monkeypatch, django_capture_on_commit_callbacks
):
    officer, boss = staff["officer"], staff["boss"]
    notify_staff(recipients=[officer], key="step:1", subject="one")
    published = []
    monkeypatch.setattr(
        notifications_module,
        "send_or_leave_to_sweep",
        mock.Mock(side_effect=lambda task, args, what: published.append(args[0])),
    )
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_staff_many(
            messages=[
                StaffMessage(recipients=[officer, boss, officer], key="step:1", subject="one"),
                StaffMessage(recipients=[officer], key="step:2", subject="two", email=False),
            ]
        )
    rows = Notification.objects.filter(pk__in=created)
    got = sorted((n.key, n.channel, n.recipient.username) for n in rows)
    assert got == [
        ("step:1", "email", "boss"),
        ("step:1", "inbox", "boss"),
        ("step:2", "inbox", "officer"),
    ]
    assert len(created) == 3
    boss_mail = Notification.objects.get(key="step:1", channel="email", recipient=boss)
    assert published == [boss_mail.pk]  # the officer's e-mail went out with notify_staff
    assert Notification.objects.filter(key="step:1", recipient=officer).count() == 2

    assert (
        notify_staff_many(messages=[StaffMessage(recipients=[boss], key="step:1", subject="1")])
        == []
    )


def test_events_recorded_in_bulk_are_each_announced_after_commit(register_case, monkeypatch):
    case = register_case()
    announced = []
    monkeypatch.setattr(events, "announce_after_commit", announced.append)
    recorded = events.record_many(
        [
            {"case": case, "kind": "note", "actor": None, "message": "一"},
            {"case": case, "kind": "deadline_overdue", "actor": None, "payload": {"due": "x"}},
        ]
    )
    assert [event.pk for event in recorded] == announced
    stored = CaseEvent.objects.filter(pk__in=announced).order_by("id")
    assert [(e.kind, e.message, e.payload) for e in stored] == [
        ("note", "一", {}),
        ("deadline_overdue", "", {"due": "x"}),
    ]


def test_closing_the_deadlines_of_ended_cases_refreshes_the_stored_next_due(add_cases):
    add_cases(overdue=1, due_today=0, ended=2)
    ended = Referral.objects.filter(case__status="withdrawn").order_by("id")
    assert [due.isoformat() for due in ended.values_list("next_due", flat=True)] == [
        "2026-02-27",
        "2026-02-27",
    ]
    with time_machine.travel(SWEEP, tick=False):
        assert chase_deadlines().closed_for_ended_cases == 2
    assert list(ended.values_list("next_deadline", "next_due")) == [(None, None), (None, None)]
    live = Referral.objects.exclude(case__status="withdrawn").get()
    assert live.next_due.isoformat() == "2026-02-27"
