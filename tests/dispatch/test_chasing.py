"""The chase sweep: reminders, overdue marks and daily escalations
(docs/statutory-time-limits.md, "Chasing").

Dates: a case registered on Friday 2026-02-13 gets `inspection.accept` due Friday
2026-02-27 (5 working days: the make-up Saturday 02-14, then 02-24..02-27 after the
Spring Festival). 2026-02-28 is a make-up working Saturday, 2026-03-01 a Sunday.
"""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from complaints.models import CaseEvent
from complaints.services import EmployerData, case_withdraw
from dispatch.models import (
    Deadline,
    DeadlineEnd,
    Escalation,
    Notification,
    Referral,
    ReferralStatus,
    Reminder,
    ReminderKind,
)
from dispatch.services import case_route, deadline_pause
from dispatch.services.chasing import OBLIGATIONS, chase_deadlines, may_send_at, reminder_due
from dispatch.tasks import chase_deadlines as chase_deadlines_task

SHANGHAI = ZoneInfo("Asia/Shanghai")


def chase_messages():
    """Messages the sweep sent (routing also tells the officer of the assignment)."""
    return Notification.objects.filter(key__regex=r"^(reminder|escalation):")


def moment(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def travel(month: int, day: int, hour: int = 10, minute: int = 0):
    return time_machine.travel(moment(month, day, hour, minute), tick=False)


def sweep(month: int, day: int, hour: int = 10, minute: int = 0, **options):
    with travel(month, day, hour, minute):
        return chase_deadlines(**options)


def inbox(key_prefix: str) -> list[tuple[str, str]]:
    rows = Notification.objects.filter(channel="inbox", key__startswith=key_prefix)
    return sorted(rows.values_list("key", "recipient__username"))


def recipients(key: str, channel: str = "inbox") -> set[str]:
    rows = Notification.objects.filter(key=key, channel=channel)
    return set(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def bystanders(district, other_district, user_factory):
    """Supervisors who must not hear of the West District's deadlines: East's, and a
    retired one of the West."""
    user_factory("boss-east", other_district, Role.SUPERVISOR, email="boss@east.example.cn")
    user_factory("boss-retired", district, Role.SUPERVISOR, is_active=False)


@pytest.fixture
def make_deadline(register_case):
    """Register and route a case at a moment; return its inspection.accept deadline."""

    def make(month: int = 2, day: int = 13, hour: int = 10, employer: str = "") -> Deadline:
        with travel(month, day, hour):
            case = register_case(employer=EmployerData(name=employer or "宜昌某某建筑有限公司"))
            case_route(case_id=case.pk)
        return Deadline.objects.select_related("referral__case").get(
            referral__case=case, policy__code="inspection.accept"
        )

    return make


@pytest.fixture
def deadline(staff, bystanders, make_deadline) -> Deadline:
    made = make_deadline()
    assert made.due == date(2026, 2, 27)
    assert made.referral.officer == staff["officer"]
    return made


def test_two_working_days_before_the_due_date_a_reminder_goes_out(deadline):
    report = sweep(2, 24)  # three working days left
    assert report.reminded == 0
    assert not chase_messages().exists()

    report = sweep(2, 25)
    assert report.reminded == 1
    key = f"reminder:{deadline.pk}:two_days_left:2026-02-27"
    assert recipients(key) == {"officer", "window"}
    assert recipients(key, channel="email") == {"officer", "window"}
    subject = Notification.objects.filter(key=key).first().subject
    assert deadline.referral.case.ticket in subject and "2026-02-27" in subject
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["two_days_left"]

    count = chase_messages().count()
    assert sweep(2, 25, 10, 5).reminded == 0
    assert sweep(2, 26).reminded == 0  # one reminder of a kind per due date
    assert chase_messages().count() == count


def test_on_the_due_day_a_due_today_reminder_and_still_in_time(deadline):
    sweep(2, 25)
    report = sweep(2, 27, 9)
    assert (report.reminded, report.marked_overdue, report.escalated) == (1, 0, 0)
    assert recipients(f"reminder:{deadline.pk}:due_today:2026-02-27") == {"officer", "window"}

    sweep(2, 27, 17, 29)
    deadline.refresh_from_db()
    assert deadline.overdue_at is None
    assert set(Reminder.objects.values_list("kind", flat=True)) == {"two_days_left", "due_today"}
    assert not Escalation.objects.exists()


def test_a_missed_two_days_reminder_is_not_sent_on_the_due_day(deadline):
    assert sweep(2, 27).reminded == 1
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["due_today"]


def test_overdue_the_day_after_escalated_once_a_day_until_the_case_ends(deadline, staff):
    report = sweep(2, 28)  # a make-up working Saturday
    assert (report.marked_overdue, report.escalated) == (1, 1)
    deadline.refresh_from_db()
    assert deadline.overdue_at == moment(2, 28)
    event = CaseEvent.objects.get(case=deadline.referral.case, kind="deadline_overdue")
    assert event.actor is None
    assert event.payload == {
        "policy": "inspection.accept",
        "policy_en": "Decide whether to accept the complaint; file it the same day",
        "policy_zh": "决定是否受理（受理当日立案）",
        "due": "2026-02-27",
        "desk": "inspection",
    }
    first = f"escalation:{deadline.pk}:2026-02-28"
    assert recipients(first) == {"boss", "officer", "window"}  # not East, not the retired
    assert recipients(first, channel="email") == {"boss", "officer", "window"}
    assert "2026-02-27" in Notification.objects.filter(key=first).first().body

    again = sweep(2, 28, 15)
    assert (again.marked_overdue, again.escalated) == (0, 0)
    assert sweep(3, 1).escalated == 0  # Sunday
    assert sweep(3, 2, 9).escalated == 1
    assert sweep(3, 2, 16).escalated == 0
    assert inbox("escalation:") == sorted(
        (f"escalation:{deadline.pk}:{day}", name)
        for day in ("2026-02-28", "2026-03-02")
        for name in ("boss", "officer", "window")
    )
    assert CaseEvent.objects.filter(kind="deadline_overdue").count() == 1

    with travel(3, 2, 11):
        case_withdraw(case=deadline.referral.case, actor=staff["window"], reason="工资已付清")
    count = chase_messages().count()
    report = sweep(3, 3)
    assert (report.closed_for_ended_cases, report.escalated) == (1, 0)
    deadline.refresh_from_db()
    assert deadline.closed_reason == DeadlineEnd.CASE_ENDED
    assert deadline.closed_at == moment(3, 3)
    assert sweep(3, 4).escalated == 0
    assert Escalation.objects.count() == 2
    assert chase_messages().count() == count


def test_outside_office_hours_the_mark_is_set_on_time_and_nothing_is_sent(deadline):
    report = sweep(2, 28, 0, 5)
    assert (report.marked_overdue, report.escalated) == (1, 0)
    deadline.refresh_from_db()
    assert deadline.overdue_at == moment(2, 28, 0, 5)
    assert CaseEvent.objects.filter(kind="deadline_overdue").count() == 1
    assert sweep(2, 28, 8, 29).escalated == 0  # office hours start at 08:30
    assert not chase_messages().exists()

    assert sweep(2, 28, 9).escalated == 1
    deadline.refresh_from_db()
    assert deadline.overdue_at == moment(2, 28, 0, 5)
    assert sweep(2, 28, 20).escalated == 0
    assert sweep(3, 1).escalated == 0  # Sunday: owed, but not sent
    assert sweep(3, 2, 9).escalated == 1  # the next working day


def test_a_reminder_owed_in_the_evening_goes_out_the_next_morning(deadline):
    assert sweep(2, 25, 20).reminded == 0
    assert not chase_messages().exists()
    assert sweep(2, 26, 9).reminded == 1
    assert recipients(f"reminder:{deadline.pk}:two_days_left:2026-02-27") == {"officer", "window"}


def test_a_paused_deadline_is_neither_reminded_nor_escalated(deadline, staff):
    with travel(2, 24):
        deadline_pause(deadline=deadline, actor=staff["officer"], reason="等待工伤认定结论")
    for day in ((2, 25), (2, 27), (2, 28), (3, 2)):
        report = sweep(*day)
        assert (report.reminded, report.marked_overdue, report.escalated) == (0, 0, 0)
    deadline.refresh_from_db()
    assert deadline.overdue_at is None and deadline.closed_at is None
    assert not Reminder.objects.exists() and not Escalation.objects.exists()
    assert not Notification.objects.filter(key__startswith="reminder:").exists()


def test_without_an_officer_the_desk_members_are_reminded(district, user_factory, make_deadline):
    made = make_deadline()  # no desk yet: routing creates it with no members
    assert made.referral.officer is None
    desk = made.referral.desk
    first = user_factory("member1", district, Role.INSPECTOR)
    second = user_factory("member2", district, Role.INSPECTOR)
    gone = user_factory("member3", district, Role.INSPECTOR, is_active=False)
    desk.members.add(first, second, gone)
    sweep(2, 25)
    assert recipients(f"reminder:{made.pk}:two_days_left:{made.due.isoformat()}") == {
        "member1",
        "member2",
        "window",
    }


def test_messages_use_the_system_language(deadline, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    sweep(2, 25)
    message = Notification.objects.filter(key__startswith="reminder:").first()
    assert deadline.policy.name_zh in message.subject
    assert deadline.policy.name_en not in message.subject


def test_a_deadline_left_open_on_a_returned_referral_is_closed_silently(deadline):
    # A safety net: referral_return closes its deadlines itself; a row left open by any
    # other path must not be chased.
    Referral.objects.filter(pk=deadline.referral_id).update(status=ReferralStatus.RETURNED)
    report = sweep(2, 28)
    assert (report.closed_for_ended_cases, report.marked_overdue, report.escalated) == (1, 0, 0)
    deadline.refresh_from_db()
    assert deadline.closed_reason == DeadlineEnd.RETURNED
    assert not chase_messages().exists()


def test_every_due_deadline_is_handled_across_chunks(staff, make_deadline):
    made = [make_deadline(employer=f"公司{number}") for number in range(3)]
    report = sweep(2, 28, batch_size=1)
    assert (report.marked_overdue, report.escalated) == (3, 3)
    assert set(Escalation.objects.values_list("deadline_id", flat=True)) == {d.pk for d in made}


def test_one_reminder_per_kind_and_one_escalation_per_day_are_database_rules(deadline):
    now = moment(2, 25)
    due = deadline.due
    Reminder.objects.create(deadline=deadline, kind=ReminderKind.DUE_TODAY, due=due, sent_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            deadline=deadline, kind=ReminderKind.DUE_TODAY, due=due, sent_at=now
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(deadline=deadline, kind="three_days_left", due=due, sent_at=now)
    # A moved due date (extension, pause) is reminded of again.
    Reminder.objects.create(
        deadline=deadline, kind=ReminderKind.DUE_TODAY, due=date(2026, 4, 1), sent_at=now
    )
    Escalation.objects.create(deadline=deadline, day=date(2026, 3, 2), created_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(deadline=deadline, day=date(2026, 3, 2), created_at=now)
    Escalation.objects.create(deadline=deadline, day=date(2026, 3, 3), created_at=now)


def test_a_sweep_costs_the_same_however_many_deadlines_are_not_yet_due(staff, make_deadline):
    due = make_deadline()

    def far_future(count: int, start: int) -> None:
        for number in range(start, start + count):
            make_deadline(month=4, day=1, employer=f"远期公司{number}")  # due in April

    far_future(5, 0)
    with CaptureQueriesContext(connection) as few:
        assert sweep(2, 25).reminded == 1
    far_future(45, 5)
    assert Deadline.objects.filter(closed_at__isnull=True).count() == 51
    with CaptureQueriesContext(connection) as many:
        assert sweep(2, 27).reminded == 1  # the same work: one reminder, same recipients
    assert len(few) > 0
    assert len(many) == len(few)
    assert Reminder.objects.filter(deadline=due).count() == 2
    if connection.vendor == "postgresql":
        locking = [q["sql"] for q in many.captured_queries if "FOR UPDATE" in q["sql"]]
        assert locking and all("SKIP LOCKED" in sql for sql in locking)


@pytest.mark.parametrize(
    ("hours", "hour", "minute", "expected"),
    [
        ("08:30-17:30", 8, 29, False),
        ("08:30-17:30", 8, 30, True),
        ("08:30-17:30", 17, 29, True),
        ("08:30-17:30", 17, 30, False),
        ("09:00-12:00", 12, 30, False),
    ],
)
def test_office_hours_come_from_the_settings(db, settings, hours, hour, minute, expected):
    settings.OFFICE_HOURS = hours
    assert may_send_at(moment(2, 25, hour, minute)) is expected


def test_office_hours_are_local_time_on_working_days_only(db):
    # 02:00 UTC is 10:00 in Shanghai.
    assert may_send_at(datetime(2026, 2, 25, 2, 0, tzinfo=ZoneInfo("UTC"))) is True
    assert may_send_at(moment(2, 28)) is True  # make-up working Saturday
    assert may_send_at(moment(3, 1)) is False  # Sunday
    assert may_send_at(moment(2, 17)) is False  # Spring Festival


def test_bad_office_hours_are_a_configuration_error(db, settings):
    settings.OFFICE_HOURS = "morning"
    with pytest.raises(ImproperlyConfigured):
        may_send_at(moment(2, 25))


def test_the_management_command_prints_the_counts(deadline):
    out = StringIO()
    with travel(2, 25):
        call_command("chase_deadlines", stdout=out)
    assert out.getvalue().splitlines() == [
        "reminded: 1",
        "marked_overdue: 0",
        "escalated: 0",
        "closed_for_ended_cases: 0",
    ]


def test_the_task_runs_one_sweep_and_returns_the_report(deadline):
    with travel(2, 28):
        first = chase_deadlines_task.apply().get()
        second = chase_deadlines_task.apply().get()
    assert first == {
        "reminded": 0,
        "marked_overdue": 1,
        "escalated": 1,
        "closed_for_ended_cases": 0,
    }
    assert second == dict.fromkeys(first, 0)
    assert chase_deadlines_task.name == "dispatch.chase_deadlines"


@pytest.mark.parametrize(
    ("today", "due", "owed"),
    [
        (date(2026, 3, 2), date(2026, 3, 5), None),  # three working days left
        (date(2026, 3, 3), date(2026, 3, 5), ReminderKind.TWO_DAYS_LEFT),
        (date(2026, 3, 4), date(2026, 3, 5), ReminderKind.TWO_DAYS_LEFT),
        (date(2026, 3, 5), date(2026, 3, 5), ReminderKind.DUE_TODAY),
        (date(2026, 3, 6), date(2026, 3, 5), None),  # overdue: escalated, not reminded
        (date(2026, 3, 6), date(2026, 3, 10), ReminderKind.TWO_DAYS_LEFT),  # over a weekend
    ],
)
def test_one_reminder_rule_for_every_dated_obligation(db, today, due, owed):
    assert reminder_due(due, today) == owed


def test_deadlines_and_report_back_dates_are_chased_by_the_one_sweep():
    owners = {kind.owner for kind in OBLIGATIONS}
    assert owners == {"deadline", "supervision"}
