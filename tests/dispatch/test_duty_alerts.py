"""Urgent alerts reach the officer on duty at any hour; ordinary reminders keep office hours
(dispatch/services/group_cases.py, dispatch/services/chasing/hours.py, accounts/duty.py).

Dates: the city bureau's autumn-term peak period runs from 2026-08-25 to 2026-09-15. 孙夜
(an inspector of the West District, on no desk and no case) is on duty for the district
every night from 17:30 to 08:30 the next morning. The group case is registered and routed
at 02:00 on Wednesday 2026-09-02, far outside office hours, as the group-case tests
register theirs at 22:00 on a Sunday (tests/dispatch/test_group_cases.py).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import DutyShift, PeakPeriod
from accounts.roles import Role
from complaints.services import ComplainantData
from dispatch import services
from dispatch.models import Deadline, GroupCase, Notification
from dispatch.services.chasing import chase_deadlines, may_send_at
from dispatch.services.notifications import notification_deliver
from dispatch.sms import MemoryBackend

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHT = datetime(2026, 9, 2, 2, 0, tzinfo=SHANGHAI)
NAMES = "赵钱孙李周吴郑王冯陈褚卫"


def travel(moment: datetime):
    return time_machine.travel(moment, tick=False)


def workers(n: int) -> list[ComplainantData]:
    return [ComplainantData(name=f"{NAMES[i]}工", phone=f"1380013{i:04d}") for i in range(n)]


@pytest.fixture
def night_officer(city, district, user_factory):
    """The autumn term's peak period, and 孙夜 on duty for the district every night."""
    PeakPeriod.objects.create(
        office=city, name="2026年秋季开学", starts_on=date(2026, 8, 25), ends_on=date(2026, 9, 15)
    )
    user = user_factory(
        "nightofficer",
        district,
        Role.INSPECTOR,
        first_name="夜",
        last_name="孙",
        phone="13900000009",
    )
    for day in range(25, 31 + 15):
        evening = datetime(2026, 8, 1, 17, 30, tzinfo=SHANGHAI) + timedelta(days=day - 1)
        DutyShift.objects.create(
            office=district, user=user, starts_at=evening, ends_at=evening + timedelta(hours=15)
        )
    return user


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "dispatch.sms.MemoryBackend"
    MemoryBackend.outbox.clear()
    return MemoryBackend.outbox


def delivered(key: str) -> list[str]:
    """Send the SMS rows of `key` as the worker does; the phones they reached."""
    for row in Notification.objects.filter(key=key, channel="sms"):
        assert notification_deliver(notification_id=row.pk) is True
    return sorted(phone for phone, _text in MemoryBackend.outbox)


def addressees(key: str, channel: str) -> set[str]:
    rows = Notification.objects.filter(key=key, channel=channel)
    return set(rows.values_list("recipient__username", flat=True))


def test_a_group_case_at_two_in_the_morning_reaches_the_officer_on_duty(
    register_case, night_officer, inspection_head, city_supervisor, officer, sms
):
    assert not may_send_at(NIGHT)  # no office hours: the chase would wait
    with travel(NIGHT):
        case = register_case(complainants=workers(12))
        services.case_route(case_id=case.pk)
    assert GroupCase.objects.filter(case=case).exists()

    key = f"group-case:{case.pk}"
    expected = {"inspectionhead", "citysupervisor", "nightofficer"}
    assert addressees(key, "inbox") == expected
    assert addressees(key, "sms") == {"nightofficer"}  # the only one with a work phone here
    inbox = Notification.objects.get(key=key, channel="inbox", recipient=night_officer)
    assert inbox.created_at == NIGHT and case.ticket in inbox.subject  # at once
    assert delivered(key) == ["13900000009"]
    assert case.ticket in sms[0][1]


def test_the_two_hour_report_period_reaches_the_officer_on_duty_by_the_hour(
    register_case, night_officer, inspection_head, city_supervisor, officer, sms
):
    with travel(NIGHT):
        case = register_case(complainants=workers(12))
        services.case_route(case_id=case.pk)
    deadline = GroupCase.objects.get(case=case).deadline

    with travel(NIGHT + timedelta(minutes=5)):
        assert chase_deadlines().reminded == 1
    reminder = Notification.objects.get(key__startswith=f"reminder:{deadline.pk}:", channel="sms")
    assert reminder.recipient == night_officer
    assert night_officer.username in addressees(reminder.key, "inbox")
    # What a vendor gateway sends: the approved template's kind and its parameters.
    assert reminder.template == "hour_limit_due"
    assert reminder.params["ticket"] == case.ticket and reminder.params["due"]

    with travel(NIGHT + timedelta(hours=2, minutes=10)):  # 04:10, overdue
        assert chase_deadlines().escalated == 1
    escalation = f"escalation:{deadline.pk}:2026-09-02T04:00"
    assert night_officer.username in addressees(escalation, "inbox")
    assert addressees(escalation, "sms") == {"nightofficer"}
    assert "13900000009" in delivered(escalation)
    texted = Notification.objects.get(key=escalation, channel="sms")
    assert (texted.template, texted.params["ticket"]) == ("hour_limit_overdue", case.ticket)


def test_an_ordinary_reminder_at_two_in_the_morning_waits_for_office_hours(
    register_case, night_officer, officer, sms
):
    with travel(datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)):
        case = register_case()
        services.case_route(case_id=case.pk)
    deadline = Deadline.objects.get(referral__case=case, policy__code="inspection.accept")
    due_night = datetime.combine(deadline.due, datetime.min.time(), SHANGHAI) + timedelta(hours=2)
    assert DutyShift.objects.filter(starts_at__lte=due_night, ends_at__gt=due_night).exists()

    with travel(due_night):
        assert chase_deadlines().reminded == 0
    assert not Notification.objects.filter(key__startswith=f"reminder:{deadline.pk}:").exists()

    with travel(due_night + timedelta(hours=7)):  # 09:00, office hours
        assert chase_deadlines().reminded == 1
    key = f"reminder:{deadline.pk}:due_today:{deadline.due.isoformat()}"
    assert "officer" in addressees(key, "inbox")
    assert "nightofficer" not in addressees(key, "inbox")  # it can wait for the morning
    assert not Notification.objects.filter(key=key, channel="sms").exists()
