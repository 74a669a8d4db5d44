"""Group wage-arrears cases (群体性欠薪): the threshold, the alert at any hour, the 2-hour
report-upward period chased by the hour, the city bureau's supervision, the report upward
(docs/statutory-time-limits.md, "Group wage-arrears cases").

Dates: Sunday 2026-03-08 is a rest day; the cases are registered and routed at 22:00 that
evening (Asia/Shanghai), far outside office hours, so the report upward is due at 00:00 on
Monday 03-09.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.roles import Role
from complaints import services as complaints
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import Case, CaseEvent, EventKind
from complaints.services import ComplainantData
from dispatch import services
from dispatch.due_dates import policy_get
from dispatch.models import (
    DeadlineEnd,
    DeadlineUnit,
    GroupCase,
    GroupCaseSetting,
    GroupReason,
    HourlyEscalation,
    Notification,
    Reminder,
    ReminderKind,
    Supervision,
)
from dispatch.services.announcements import event_announce
from dispatch.services.chasing import chase_deadlines, may_send_at
from dispatch.services.group_cases import (
    group_case_check,
    group_case_declare,
    group_case_report_upward,
)
from dispatch.services.notifications import notification_deliver
from dispatch.sms import MemoryBackend

SHANGHAI = ZoneInfo("Asia/Shanghai")
SUNDAY_NIGHT = datetime(2026, 3, 8, 22, 0, tzinfo=SHANGHAI)


def travel(moment: datetime):
    return time_machine.travel(moment, tick=False)


NAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"


def workers(n: int) -> list[ComplainantData]:
    return [ComplainantData(name=f"{NAMES[i]}工", phone=f"1380013{i:04d}") for i in range(n)]


@pytest.fixture
def cast(officer, inspection_head, city_supervisor, supervisor, user_factory, city):
    """Who is told: the district's head of the inspection body and the city's supervisors
    (each with a work phone); the district's supervisor is not (the office has a head)."""
    inspection_head.phone = "13900000001"
    inspection_head.save(update_fields=["phone"])
    city_supervisor.phone = "13900000002"
    city_supervisor.save(update_fields=["phone"])
    second = user_factory("citysupervisor2", city, Role.SUPERVISOR, phone="13900000003")
    return {
        "officer": officer,
        "head": inspection_head,
        "city": [city_supervisor, second],
        "district_supervisor": supervisor,
    }


@pytest.fixture
def register_group(register_case, cast):
    """register(n, declared=None, risk=False, when=SUNDAY_NIGHT): a case of n complainants
    registered and routed at `when`; the mass-incident flag set as intake would set it."""

    def register(n=10, *, declared=None, risk=False, when=SUNDAY_NIGHT) -> Case:
        with travel(when):
            case = register_case(complainants=workers(n), workers_affected=declared)
            if risk:
                Case.objects.filter(pk=case.pk).update(mass_incident_risk=True)
            services.case_route(case_id=case.pk)
        return Case.objects.get(pk=case.pk)

    return register


def alerted(case, channel="inbox") -> list[str]:
    rows = Notification.objects.filter(key=f"group-case:{case.pk}", channel=channel)
    return sorted(rows.values_list("recipient__username", flat=True))


# --- The threshold ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("complainants", "declared", "risk", "expected"),
    [
        (9, None, False, None),
        (10, None, False, GroupReason.WORKERS),
        (2, 10, False, GroupReason.WORKERS),  # the workers declared count, not only those entered
        (2, 9, False, None),
        (2, None, True, GroupReason.MASS_INCIDENT_RISK),
    ],
    ids=["9 workers", "10 workers", "2 entered, 10 declared", "2 entered, 9 declared", "flag"],
)
def test_a_group_case_by_the_threshold_or_the_flag(
    register_group, complainants, declared, risk, expected
):
    case = register_group(complainants, declared=declared, risk=risk)
    group = GroupCase.objects.filter(case=case).first()
    assert (group.reason if group else None) == expected
    if group is not None:
        assert group.workers == max(complainants, declared or 0)
        assert group.threshold == 10


def test_the_threshold_is_the_administrators_setting(register_group):
    GroupCaseSetting.objects.filter(pk=1).update(worker_threshold=5)
    assert not GroupCase.objects.filter(case=register_group(4)).exists()
    assert GroupCase.objects.get(case=register_group(5)).threshold == 5


def test_the_setting_is_one_row_of_at_least_two_workers(db):
    assert GroupCaseSetting.objects.get().worker_threshold == 10  # seeded by the migration
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupCaseSetting.objects.create(pk=2, worker_threshold=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupCaseSetting.objects.filter(pk=1).update(worker_threshold=1)


def test_the_report_upward_policy_is_seeded_in_hours_and_not_statutory(db):
    policy = policy_get("group.report")
    assert (policy.limit, policy.unit, policy.desk) == (2, DeadlineUnit.HOURS, "general")
    assert policy.is_statutory is False
    assert policy.is_extension is False
    assert "保障农民工工资支付条例" in policy.basis


# --- The alert, at any hour -------------------------------------------------------------


def test_the_alert_reaches_the_head_and_the_city_by_inbox_and_sms_on_a_sunday_night(
    register_group, cast, settings
):
    settings.SMS_BACKEND = "dispatch.sms.MemoryBackend"
    MemoryBackend.outbox.clear()
    assert not may_send_at(SUNDAY_NIGHT)  # no office hours: the chase would wait
    case = register_group(12)

    expected = ["citysupervisor", "citysupervisor2", "inspectionhead"]
    assert alerted(case, "inbox") == expected
    assert alerted(case, "sms") == expected
    assert cast["district_supervisor"].username not in alerted(case)
    inbox = Notification.objects.filter(key=f"group-case:{case.pk}", channel="inbox")
    assert {row.created_at for row in inbox} == {SUNDAY_NIGHT}  # at once, not the next morning
    assert all(case.ticket in row.subject and row.sent_at for row in inbox)

    for sms in Notification.objects.filter(key=f"group-case:{case.pk}", channel="sms"):
        assert notification_deliver(notification_id=sms.pk) is True
    phones = sorted(phone for phone, _text in MemoryBackend.outbox)
    assert phones == ["13900000001", "13900000002", "13900000003"]
    assert all(case.ticket in text and "00:00" in text for _phone, text in MemoryBackend.outbox)


def test_without_a_head_the_offices_supervisors_are_alerted(
    register_case, city_supervisor, officer, supervisor
):
    with travel(SUNDAY_NIGHT):
        case = register_case(complainants=workers(10))
        services.case_route(case_id=case.pk)
    assert alerted(case) == ["citysupervisor", "supervisor"]


def test_the_alert_is_sent_exactly_once(register_group):
    case = register_group(10)
    before = Notification.objects.filter(key=f"group-case:{case.pk}").count()
    assert before == 6  # three people, inbox and SMS
    with travel(SUNDAY_NIGHT + timedelta(minutes=5)):
        assert services.case_route(case_id=case.pk) == []  # a redelivered routing task
        assert group_case_declare(case_id=case.pk) is None
        assert group_case_check(case_id=case.pk) is None
        for event_id in CaseEvent.objects.filter(case=case).values_list("id", flat=True):
            event_announce(event_id=event_id)
    assert Notification.objects.filter(key=f"group-case:{case.pk}").count() == before
    assert GroupCase.objects.filter(case=case).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupCase.objects.create(
            case=case, reason=GroupReason.WORKERS, workers=10, threshold=10,
            declared_at=SUNDAY_NIGHT,
        )  # fmt: skip


def test_a_case_that_becomes_a_group_case_later_is_alerted_then(register_group, cast):
    case = register_group(8)
    assert not GroupCase.objects.filter(case=case).exists()
    later = SUNDAY_NIGHT + timedelta(days=1, hours=1)  # Monday 23:00
    with travel(later):
        complaints.case_add_complainants(case=case, actor=cast["officer"], complainants=workers(2))
        event = CaseEvent.objects.filter(case=case, kind=EventKind.COMPLAINANTS_ADDED).get()
        event_announce(event_id=event.pk)
    group = GroupCase.objects.get(case=case)
    assert (group.workers, group.declared_at) == (10, later)
    assert group.deadline.due_at == later + timedelta(hours=2)
    assert alerted(case) == ["citysupervisor", "citysupervisor2", "inspectionhead"]


def test_the_flag_set_after_routing_makes_a_group_case_at_the_next_step(register_group, cast):
    case = register_group(2)
    Case.objects.filter(pk=case.pk).update(mass_incident_risk=True)
    with travel(SUNDAY_NIGHT + timedelta(minutes=30)):
        complaints.case_add_note(case=case, actor=cast["officer"], text="工人聚集在工地门口")
        event = CaseEvent.objects.filter(case=case, kind=EventKind.NOTE).get()
        event_announce(event_id=event.pk)
    assert GroupCase.objects.get(case=case).reason == GroupReason.MASS_INCIDENT_RISK


# --- The period, chased by the hour -----------------------------------------------------


def test_the_two_hours_are_opened_and_chased_by_the_hour(register_group, cast):
    case = register_group(10)
    deadline = GroupCase.objects.get(case=case).deadline
    assert deadline.policy.code == "group.report"
    assert deadline.due_at == SUNDAY_NIGHT + timedelta(hours=2)
    assert deadline.referral.desk.kind == "inspection"

    with travel(SUNDAY_NIGHT + timedelta(minutes=5)):
        report = chase_deadlines()
    assert (report.reminded, report.marked_overdue, report.escalated) == (1, 0, 0)
    assert Reminder.objects.get(deadline=deadline).kind == ReminderKind.HOURS_LEFT

    with travel(SUNDAY_NIGHT + timedelta(hours=2, minutes=10)):  # Monday 00:10
        report = chase_deadlines()
    assert (report.marked_overdue, report.escalated) == (1, 1)
    deadline.refresh_from_db()
    assert deadline.overdue_at == SUNDAY_NIGHT + timedelta(hours=2, minutes=10)
    with travel(SUNDAY_NIGHT + timedelta(hours=2, minutes=40)):
        assert chase_deadlines().escalated == 0  # the same hour of lateness
    with travel(SUNDAY_NIGHT + timedelta(hours=3, minutes=5)):
        assert chase_deadlines().escalated == 1  # the next hour
    assert HourlyEscalation.objects.filter(deadline=deadline).count() == 2
    escalated = Notification.objects.filter(key__startswith=f"escalation:{deadline.pk}:")
    assert cast["district_supervisor"].pk in set(escalated.values_list("recipient", flat=True))


# --- Supervision ------------------------------------------------------------------------


def test_the_case_is_put_under_the_city_bureaus_supervision(register_group, cast):
    case = register_group(10)
    supervision = Supervision.objects.get(case=case, lifted_at__isnull=True)
    assert supervision.created_by == cast["city"][0]
    assert str(supervision.report_by) == "2026-03-09"  # the next working day
    started = CaseEvent.objects.get(case=case, kind=EventKind.SUPERVISION_STARTED)
    assert started.actor is None  # the bureau's rule, not a person's decision


def test_a_case_already_under_supervision_keeps_it(register_case, cast):
    with travel(SUNDAY_NIGHT):
        case = register_case(complainants=workers(2))
        services.case_route(case_id=case.pk)
        first = services.supervision_start(
            case=case,
            actor=cast["district_supervisor"],
            instructions="请尽快调查",
            report_by=SUNDAY_NIGHT.date() + timedelta(days=5),
        )
    with travel(SUNDAY_NIGHT + timedelta(minutes=10)):
        complaints.case_add_complainants(case=case, actor=cast["officer"], complainants=workers(8))
        for event_id in CaseEvent.objects.filter(case=case).values_list("id", flat=True):
            event_announce(event_id=event_id)
    assert GroupCase.objects.filter(case=case).exists()
    assert list(Supervision.objects.filter(case=case)) == [first]


# --- The report upward ------------------------------------------------------------------


def test_the_report_upward_meets_the_period(register_group, cast):
    case = register_group(10)
    with travel(SUNDAY_NIGHT + timedelta(minutes=50)):
        group = group_case_report_upward(case=case, actor=cast["head"], note="已电话报告市局值班室")
    assert group.reported_by == cast["head"]
    group.deadline.refresh_from_db()
    assert group.deadline.closed_reason == DeadlineEnd.MET
    assert group.deadline.is_met_on_time
    event = CaseEvent.objects.filter(case=case, kind=EventKind.STEP_RECORDED).last()
    assert (event.actor, event.message) == (cast["head"], "已电话报告市局值班室")
    assert event.payload["step_en"] == "Group wage-arrears case reported upward"
    with pytest.raises(InvalidTransition):
        group_case_report_upward(case=case, actor=cast["city"][0], note="again")
    with travel(SUNDAY_NIGHT + timedelta(hours=3)):
        assert chase_deadlines().escalated == 0  # met: nothing is chased


@pytest.mark.parametrize("role", ["officer", "window"])
def test_the_report_upward_is_refused_to_other_roles(register_group, role, request):
    case = register_group(10)
    with pytest.raises(ActionNotPermitted):
        group_case_report_upward(case=case, actor=request.getfixturevalue(role), note="已报告")
    assert GroupCase.objects.get(case=case).reported_at is None


def test_the_report_upward_of_a_case_that_is_not_a_group_case_is_refused(register_group, cast):
    case = register_group(3)
    with pytest.raises(InvalidTransition):
        group_case_report_upward(case=case, actor=cast["head"], note="已报告")


def test_the_case_page_offers_the_report_upward_to_the_head_only(register_group, cast, client):
    case = register_group(10)
    url = reverse("dispatch:group_case_report", args=[case.ticket])
    client.force_login(cast["officer"])
    page = client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    assert 'id="group-case"' in page
    assert url not in page
    response = client.post(url, {"group-note": "已报告"})
    assert response.status_code == 302
    assert GroupCase.objects.get(case=case).reported_at is None

    client.force_login(cast["head"])
    assert url in client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    with travel(SUNDAY_NIGHT + timedelta(minutes=20)):
        assert client.post(url, {"group-note": "已报告市局"}).status_code == 302
    assert GroupCase.objects.get(case=case).report_note == "已报告市局"


def test_the_report_upward_needs_the_csrf_token(register_group, cast):
    from django.test import Client

    case = register_group(10)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["head"])
    url = reverse("dispatch:group_case_report", args=[case.ticket])
    assert client.post(url, {"group-note": "已报告"}).status_code == 403
    assert GroupCase.objects.get(case=case).reported_at is None


def test_a_user_who_may_not_see_the_case_gets_404(register_group, east_supervisor, client):
    case = register_group(10)
    client.force_login(east_supervisor)
    url = reverse("dispatch:group_case_report", args=[case.ticket])
    assert client.post(url, {"group-note": "已报告"}).status_code == 404


def test_a_transfer_keeps_the_period_running_at_the_new_office(
    register_group, cast, other_district
):
    case = register_group(10)
    first = GroupCase.objects.get(case=case).deadline
    with travel(SUNDAY_NIGHT + timedelta(minutes=30)):
        complaints.case_transfer(
            case=case, actor=cast["officer"], to_office=other_district, reason="用人单位在东区"
        )
        services.case_route(case_id=case.pk)
    first.refresh_from_db()
    assert first.closed_reason == DeadlineEnd.TRANSFERRED
    group = GroupCase.objects.get(case=case)
    assert group.deadline != first and group.deadline.is_open
    assert group.deadline.referral.desk.office == other_district
    assert group.deadline.due_at == first.due_at  # the same moment: a transfer buys no time
    assert Notification.objects.filter(key=f"group-case:{case.pk}", channel="inbox").count() == 3
