"""Time limits in hours, chased by the hour (docs/statutory-time-limits.md, "Limits in
hours"): the criminal transfer's 24 hours (国务院令310 Art. 5).

Dates: the case of `accepted` (conftest.py) is filed on Wednesday 2026-03-04; the transfer
is approved on Thursday 2026-03-05 at 10:30, so it is due on Friday 03-06 at 10:30.
2026-03-07/08 is a weekend; 2026-05-01..05 the Labour Day rest period.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from complaints.exceptions import InvalidTransition
from complaints.models import Case
from complaints.services import case_withdraw
from dispatch.due_dates import compute_due, compute_due_at, policy_get
from dispatch.models import (
    Deadline,
    DeadlineEnd,
    DeadlinePolicy,
    DeadlineUnit,
    Escalation,
    HourlyEscalation,
    Notification,
    Reminder,
    ReminderKind,
)
from dispatch.selectors.cases import case_was_late
from dispatch.services.chasing import chase_deadlines
from dispatch.services.deadlines import (
    deadline_actions_for,
    deadline_extend,
    deadline_open,
    deadline_pause,
    deadlines_close,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def moment(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def travel(month: int, day: int, hour: int = 10, minute: int = 0):
    return time_machine.travel(moment(month, day, hour, minute), tick=False)


def sweep(month: int, day: int, hour: int = 10, minute: int = 0):
    with travel(month, day, hour, minute):
        return chase_deadlines()


def counts(report) -> tuple[int, int, int]:
    return report.reminded, report.marked_overdue, report.escalated


def keys(prefix: str, channel: str = "inbox") -> list[tuple[str, str]]:
    rows = Notification.objects.filter(channel=channel, key__startswith=prefix)
    return sorted(rows.values_list("key", "recipient__username"))


def open_transfer(referral, month: int = 3, day: int = 5, hour: int = 10, minute: int = 30):
    """The head approved the transfer at that moment: the 24 hours start (start_at = now)."""
    with travel(month, day, hour, minute):
        return deadline_open(referral=referral, policy_code="criminal.transfer")


@pytest.fixture
def transfer(staff, accepted) -> Deadline:
    return open_transfer(accepted)


# --- The policies and the due moment ----------------------------------------------------


def test_the_transfer_and_the_police_answer_are_seeded(db):
    transfer = policy_get("criminal.transfer")
    assert (transfer.limit, transfer.unit, transfer.desk) == (24, DeadlineUnit.HOURS, "general")
    assert (transfer.counted_from, transfer.is_statutory, transfer.is_extension) == (
        "transfer_approval",
        True,
        False,
    )
    assert transfer.name_en == "Transfer the case to the police after approval"
    assert transfer.name_zh == "批准移送后移送同级公安机关"
    answer = policy_get("criminal.answer")
    assert (answer.limit, answer.unit, answer.desk, answer.counted_from) == (
        3,
        DeadlineUnit.CALENDAR_DAYS,
        "general",
        "transfer",
    )
    assert answer.is_statutory is False  # the police's limit, never late against the bureau
    assert answer.name_zh == "公安机关决定是否立案"
    assert str(transfer) == "criminal.transfer (24 hours)"


def test_a_limit_in_hours_is_allowed_by_the_database_and_others_still_are_not(db):
    fields = {"desk": "general", "name_en": "x", "name_zh": "x", "limit": 1,
              "counted_from": "x", "basis": "x"}  # fmt: skip
    DeadlinePolicy.objects.create(code="test.hours", unit="h", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlinePolicy.objects.create(code="test.minutes", unit="mi", **fields)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (moment(3, 5, 10, 30), moment(3, 6, 10, 30)),  # Thursday to Friday
        (moment(3, 6, 10, 30), moment(3, 7, 10, 30)),  # Friday to Saturday: still 24 hours
        (moment(4, 30, 16, 45), moment(5, 1, 16, 45)),  # into the Labour Day rest period
        (moment(3, 5, 23, 50), moment(3, 6, 23, 50)),
    ],
    ids=str,
)
def test_24_calendar_hours_through_nights_weekends_and_holidays(db, start, due):
    assert compute_due_at(policy_get("criminal.transfer"), start) == due


def test_a_start_moment_in_another_zone_is_the_same_moment(db):
    start = datetime(2026, 3, 5, 2, 30, tzinfo=UTC)  # 10:30 in Shanghai
    assert compute_due_at(policy_get("criminal.transfer"), start) == moment(3, 6, 10, 30)


def test_the_due_moment_needs_an_hour_policy_and_an_aware_moment(db):
    with pytest.raises(ValueError, match="not in hours"):
        compute_due_at(policy_get("criminal.approve"), moment(3, 5))
    with pytest.raises(ValueError, match="time zone"):
        compute_due_at(policy_get("criminal.transfer"), datetime(2026, 3, 5, 10, 30))


def test_from_a_day_alone_the_latest_day_it_can_fall_due(db):
    # The calculator and the API know a day, not a moment: 24 hours from any time of
    # Friday end on Saturday, not moved to a working day.
    result = compute_due(policy_get("criminal.transfer"), date(2026, 3, 6))
    assert (result.due, result.provisional) == (date(2026, 3, 7), False)


def test_opening_counts_from_now_and_keeps_the_local_dates(transfer):
    assert transfer.due_at == moment(3, 6, 10, 30)
    assert (transfer.start, transfer.due) == (date(2026, 3, 5), date(2026, 3, 6))
    assert transfer.provisional is False
    assert transfer.in_hours
    assert transfer.due_display == "2026-03-06 10:30"
    transfer.referral.refresh_from_db()
    assert transfer.referral.next_due <= date(2026, 3, 6)


def test_opening_from_a_given_moment_late_in_the_evening(staff, accepted):
    start_at = moment(3, 5, 22, 15)
    with travel(3, 6, 9):
        deadline = deadline_open(
            referral=accepted, policy_code="criminal.transfer", start_at=start_at
        )
    # 22:15 on 03-06 is 14:15 UTC: `due` is the local date, not the UTC one.
    assert deadline.due_at == moment(3, 6, 22, 15)
    assert (deadline.start, deadline.due) == (date(2026, 3, 5), date(2026, 3, 6))


def test_a_moment_past_midnight_utc_still_has_its_local_date(staff, accepted):
    # 07:00 in Shanghai is 23:00 UTC the day before.
    deadline = open_transfer(accepted, 3, 5, 7, 0)
    assert (deadline.start, deadline.due) == (date(2026, 3, 5), date(2026, 3, 6))


def test_opening_refuses_what_does_not_fit_the_unit(staff, accepted):
    with pytest.raises(ValueError, match="time zone"):
        deadline_open(
            referral=accepted, policy_code="criminal.transfer", start_at=datetime(2026, 3, 5)
        )
    with pytest.raises(ValueError, match="local date"):
        deadline_open(
            referral=accepted,
            policy_code="criminal.transfer",
            start=date(2026, 3, 4),
            start_at=moment(3, 5),
        )
    with pytest.raises(ValueError, match="in days"):
        deadline_open(
            referral=accepted,
            policy_code="criminal.answer",
            start=date(2026, 3, 5),
            start_at=moment(3, 5),
        )
    assert not Deadline.objects.filter(policy__code__startswith="criminal.").exists()


def test_a_limit_in_days_opens_as_before(staff, accepted):
    with travel(3, 6, 15):
        answer = deadline_open(
            referral=accepted, policy_code="criminal.answer", start=date(2026, 3, 6)
        )
    # 3 calendar days from Friday: Monday 03-09; no moment.
    assert (answer.due, answer.due_at) == (date(2026, 3, 9), None)
    assert answer.due_display == "2026-03-09"


# --- The chase ----------------------------------------------------------------------------


def test_one_reminder_when_four_hours_are_left_at_any_hour(transfer):
    assert counts(sweep(3, 5, 17)) == (0, 0, 0)
    assert counts(sweep(3, 6, 6, 25)) == (0, 0, 0)  # 4 h 5 min left
    assert counts(sweep(3, 6, 6, 30)) == (1, 0, 0)  # before office hours: 24 h run at night
    key = f"reminder:{transfer.pk}:hours_left:2026-03-06T10:30"
    assert keys("reminder:") == [(key, "officer"), (key, "window")]
    assert keys("reminder:", channel="email") == [(key, "officer"), (key, "window")]
    body = Notification.objects.filter(key=key).first().body
    assert "2026-03-06 10:30" in body and transfer.referral.case.ticket in body
    for hour, minute in ((6, 35), (8, 30), (10, 0), (10, 30)):
        assert sweep(3, 6, hour, minute).reminded == 0
    assert list(Reminder.objects.values_list("kind", "due")) == [
        (ReminderKind.HOURS_LEFT, date(2026, 3, 6))
    ]


def test_held_to_office_hours_the_reminder_waits_for_them(settings, transfer):
    settings.CHASE_HOUR_LIMITS_AROUND_THE_CLOCK = False
    assert counts(sweep(3, 6, 6, 30)) == (0, 0, 0)
    assert counts(sweep(3, 6, 8, 30)) == (1, 0, 0)


def test_overdue_minutes_after_the_moment_not_the_next_day(transfer):
    assert counts(sweep(3, 6, 10, 30)) == (1, 0, 0)  # the moment itself is still in time
    transfer.refresh_from_db()
    assert transfer.overdue_at is None
    report = sweep(3, 6, 10, 35)
    assert (report.marked_overdue, report.escalated) == (1, 1)
    transfer.refresh_from_db()
    assert transfer.overdue_at == moment(3, 6, 10, 35)
    event = transfer.referral.case.events.get(kind="deadline_overdue")
    assert event.payload["policy"] == "criminal.transfer"
    assert event.payload["due_at"] == moment(3, 6, 10, 30).isoformat()


def test_escalated_once_an_hour_however_often_the_sweep_runs(transfer):
    start = moment(3, 6, 10, 35)
    escalated = []
    for step in range(0, 24):  # every 5 minutes from 10:35 to 12:30
        now = start + timedelta(minutes=5 * step)
        with time_machine.travel(now, tick=False):
            report = chase_deadlines()
            chase_deadlines()  # a second sweeper at the same moment sends nothing
        if report.escalated:
            escalated.append(now.astimezone(SHANGHAI).strftime("%H:%M"))
    assert escalated == ["10:35", "11:30", "12:30"]
    hours = HourlyEscalation.objects.filter(deadline=transfer).values_list("hour", flat=True)
    assert sorted(hours) == [moment(3, 6, hour, 30) for hour in (10, 11, 12)]
    assert not Escalation.objects.exists()  # the daily records are for limits in days
    assert keys("escalation:") == sorted(
        (f"escalation:{transfer.pk}:2026-03-06T{hour}:30", name)
        for hour in (10, 11, 12)
        for name in ("boss", "officer", "window")
    )
    body = Notification.objects.get(
        key=f"escalation:{transfer.pk}:2026-03-06T11:30",
        recipient__username="boss",
        channel="inbox",
    ).body
    assert "2026-03-06 10:30" in body and "1 h 0 min" in body
    assert transfer.referral.case.events.filter(kind="deadline_overdue").count() == 1


def test_escalated_through_the_night_and_the_weekend(staff, accepted):
    deadline = open_transfer(accepted, 3, 6, 16, 0)  # Friday afternoon: due Saturday 16:00
    assert sweep(3, 7, 16, 5).escalated == 1
    assert sweep(3, 8, 3, 10).escalated == 1  # Sunday night
    assert sweep(3, 8, 3, 55).escalated == 0
    assert HourlyEscalation.objects.filter(deadline=deadline).count() == 2


def test_the_unique_constraint_guards_one_escalation_per_hour(transfer):
    hour = moment(3, 6, 10, 30)
    HourlyEscalation.objects.create(deadline=transfer, hour=hour, created_at=hour)
    with pytest.raises(IntegrityError), transaction.atomic():
        HourlyEscalation.objects.create(deadline=transfer, hour=hour, created_at=hour)
    HourlyEscalation.objects.create(
        deadline=transfer, hour=hour + timedelta(hours=1), created_at=hour
    )


def test_a_step_done_stops_the_chase(transfer):
    sweep(3, 6, 10, 35)
    with travel(3, 6, 11, 0):
        deadlines_close(referral=transfer.referral, reason=DeadlineEnd.MET, deadline_id=transfer.pk)
    sent = Notification.objects.count()
    for hour in (11, 12, 15):
        assert counts(sweep(3, 6, hour, 40)) == (0, 0, 0)
    assert Notification.objects.count() == sent
    assert HourlyEscalation.objects.count() == 1
    transfer.refresh_from_db()
    assert transfer.closed_reason == DeadlineEnd.MET
    assert not transfer.is_met_on_time  # it was marked late at 10:35


def test_closed_before_the_reminder_nothing_is_sent(transfer):
    with travel(3, 5, 15):
        deadlines_close(referral=transfer.referral, reason=DeadlineEnd.MET, deadline_id=transfer.pk)
    for day, hour in ((6, 7), (6, 11), (7, 10)):
        assert counts(sweep(3, day, hour)) == (0, 0, 0)
    assert not Notification.objects.filter(key__regex=r"^(reminder|escalation):").exists()
    transfer.refresh_from_db()
    assert transfer.is_met_on_time
    assert not Case.objects.filter(pk=transfer.referral.case_id).filter(case_was_late()).exists()


def test_the_case_ending_stops_the_chase(staff, routed):
    # Withdrawn before it is filed: the sweep closes what still runs on the ended case.
    transfer = open_transfer(routed, 3, 2, 10, 30)
    sweep(3, 3, 10, 35)
    with travel(3, 3, 10, 50):
        case_withdraw(case=transfer.referral.case, actor=staff["window"], reason="工资已付清")
    report = sweep(3, 3, 11, 35)
    assert (report.closed_for_ended_cases, report.escalated) == (1, 0)
    transfer.refresh_from_db()
    assert transfer.closed_reason == DeadlineEnd.CASE_ENDED
    assert HourlyEscalation.objects.count() == 1


def test_a_limit_in_days_beside_it_is_chased_by_the_day(staff, accepted):
    transfer = open_transfer(accepted)
    with travel(3, 6, 15):
        answer = deadline_open(
            referral=accepted, policy_code="criminal.answer", start=date(2026, 3, 6)
        )
    # Friday 03-06: two working days left on the answer (Monday 03-09).
    sweep(3, 6, 10, 35)
    assert HourlyEscalation.objects.filter(deadline=answer).count() == 0
    assert Reminder.objects.filter(deadline=answer).count() == 1  # two working days left
    assert sweep(3, 9, 9).reminded == 1  # due today (the daily reminder of the day rule)
    assert list(Reminder.objects.filter(deadline=answer).values_list("kind", flat=True)) == [
        ReminderKind.TWO_DAYS_LEFT,
        ReminderKind.DUE_TODAY,
    ]
    report = sweep(3, 10, 9)
    answer.refresh_from_db()
    assert answer.overdue_at == moment(3, 10, 9)  # the day after, not at a moment
    assert Escalation.objects.filter(deadline=answer, day=date(2026, 3, 10)).count() == 1
    assert sweep(3, 10, 10).escalated == 1  # the transfer's hour, not the answer again
    assert Escalation.objects.filter(deadline=answer).count() == 1
    assert report.escalated == 2  # both are late: the answer by the day, the transfer by the hour
    # The transfer's hours: 03-06 10:30, 03-09 08:30, 03-10 08:30 and 09:30.
    assert HourlyEscalation.objects.filter(deadline=transfer).count() == 4


# --- Neither paused nor extended ----------------------------------------------------------


def test_neither_paused_nor_extended(transfer, staff, supervising_officer):
    assert deadline_actions_for(user=supervising_officer, deadline=transfer) == set()
    with travel(3, 5, 15), pytest.raises(InvalidTransition, match="neither paused nor extended"):
        deadline_pause(deadline=transfer, actor=supervising_officer, reason="等待公安答复")
    with travel(3, 5, 15), pytest.raises(InvalidTransition, match="neither paused nor extended"):
        deadline_extend(deadline=transfer, approver=supervising_officer, reason="材料较多")
    transfer.refresh_from_db()
    assert (transfer.paused_on, transfer.due_at) == (None, moment(3, 6, 10, 30))


# --- Shown with its time ------------------------------------------------------------------


def test_the_pages_show_the_due_time(client, transfer, officer):
    client.force_login(officer)
    with travel(3, 5, 15):
        case_page = client.get(
            reverse("complaints:case_detail", args=[transfer.referral.case.ticket])
        )
        my_cases = client.get(reverse("dispatch:my_cases"))
    assert case_page.status_code == 200 and my_cases.status_code == 200
    assert "2026-03-06 10:30" in case_page.content.decode()
    assert "2026-03-06 10:30" in my_cases.content.decode()


def test_done_minutes_late_before_any_sweep_is_still_late(transfer):
    with travel(3, 6, 10, 32):
        deadlines_close(referral=transfer.referral, reason=DeadlineEnd.MET, deadline_id=transfer.pk)
    assert Case.objects.filter(pk=transfer.referral.case_id).filter(case_was_late()).exists()


def test_the_api_gives_the_due_moment(client, transfer, officer):
    client.force_login(officer)
    with travel(3, 5, 15):
        response = client.get(f"/api/v1/cases/{transfer.referral.case.ticket}/referrals/")
    assert response.status_code == 200
    deadlines = {d["policy"]: d for r in response.json() for d in r["deadlines"]}
    assert deadlines["criminal.transfer"]["due"] == "2026-03-06"
    assert deadlines["criminal.transfer"]["due_at"].startswith("2026-03-06T10:30:00")
    assert deadlines["inspection.investigate"]["due_at"] is None


def test_my_cases_marks_it_overdue_once_the_moment_has_passed(client, transfer, officer):
    client.force_login(officer)
    with travel(3, 6, 10, 0):
        before = client.get(reverse("dispatch:my_cases")).content.decode()
    with travel(3, 6, 10, 45):
        after = client.get(reverse("dispatch:my_cases")).content.decode()
    assert "mark-overdue" not in before and "Due today" in before
    assert "mark-overdue" in after and "Overdue by" not in after
