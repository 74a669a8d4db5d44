"""Who hears of a step: complainants by SMS at key steps, the first responder always."""

import pytest

from accounts.roles import Role
from complaints import services as complaints
from complaints.models import CaseEvent
from complaints.services import ComplainantData
from dispatch import services
from dispatch.models import Notification
from dispatch.services.announcements import event_announce
from dispatch.services.notifications import notification_deliver
from dispatch.sms import MemoryBackend

ID_NUMBER = "11010519491231002X"


def announce_all(case):
    for event_id in CaseEvent.objects.filter(case=case).values_list("id", flat=True):
        event_announce(event_id=event_id)


@pytest.fixture
def group_case(register_case):
    return register_case(
        complainants=[
            ComplainantData(name="张三", phone="13800138000"),
            ComplainantData(name="李四", phone="13900139000"),
            ComplainantData(name="王五", phone="13800138000"),  # shares a phone
        ]
    )


def test_complainants_get_one_sms_per_phone_when_the_case_is_routed(group_case):
    services.case_route(case_id=group_case.pk)
    announce_all(group_case)
    announce_all(group_case)  # a redelivered task sends nothing twice
    sms = Notification.objects.filter(case=group_case, channel="sms")
    assert sorted(sms.values_list("phone", flat=True)) == ["13800138000", "13900139000"]
    assert all(group_case.ticket in text for text in sms.values_list("body", flat=True))


def test_an_sms_is_delivered_once_through_the_configured_backend(group_case, settings):
    settings.SMS_BACKEND = "dispatch.sms.MemoryBackend"
    MemoryBackend.outbox.clear()
    services.case_route(case_id=group_case.pk)
    announce_all(group_case)
    for notification in Notification.objects.filter(channel="sms"):
        assert notification_deliver(notification_id=notification.pk) is True
        assert notification_deliver(notification_id=notification.pk) is False
    assert len(MemoryBackend.outbox) == 2
    assert Notification.objects.filter(channel="sms", sent_at__isnull=True).count() == 0


def test_acceptance_and_closing_are_texted_but_notes_are_not(
    register_case, inspector, inspection_head
):
    case = register_case()
    complaints.case_accept(case=case, actor=inspection_head)
    complaints.case_add_note(case=case, actor=inspector, text="已电话联系用人单位")
    announce_all(case)
    kinds = [
        CaseEvent.objects.get(pk=int(key.split(":")[1])).kind
        for key in Notification.objects.filter(channel="sms").values_list("key", flat=True)
    ]
    assert kinds == ["accept"]


def test_the_first_responder_hears_of_every_step_after_a_transfer(
    register_case, inspector, other_district, window, user_factory
):
    east_head = user_factory("east", other_district, Role.INSPECTION_HEAD)
    case = register_case()
    complaints.case_transfer(
        case=case, actor=inspector, to_office=other_district, reason="用人单位在东区"
    )
    complaints.case_accept(case=case, actor=east_head)
    announce_all(case)
    told = Notification.objects.filter(recipient=window, channel="inbox")
    kinds = sorted(
        CaseEvent.objects.get(pk=int(key.split(":")[1])).kind
        for key in told.values_list("key", flat=True)
    )
    assert kinds == ["accept", "transfer"]


def test_a_look_at_a_full_id_number_is_recorded_but_nobody_is_told(
    register_case, inspector, other_district, window, user_factory
):
    east_supervisor = user_factory("east_boss", other_district, Role.SUPERVISOR)
    case = register_case(
        complainants=[ComplainantData(name="张三", phone="13800138000", id_number=ID_NUMBER)]
    )
    complaints.case_transfer(
        case=case, actor=inspector, to_office=other_district, reason="用人单位在东区"
    )
    case.refresh_from_db()  # now the other district's
    person = case.complainants.get()
    complaints.complainant_id_number_reveal(complainant=person, actor=east_supervisor)
    announce_all(case)
    told = Notification.objects.filter(recipient=window, channel="inbox")
    kinds = {
        CaseEvent.objects.get(pk=int(key.split(":")[1])).kind
        for key in told.values_list("key", flat=True)
    }
    assert kinds == {"transfer"}
    assert CaseEvent.objects.filter(case=case, kind="id_number_viewed").count() == 1


def test_steps_at_the_first_responders_own_office_are_not_announced_to_them(
    register_case, inspection_head, window
):
    case = register_case()
    complaints.case_accept(case=case, actor=inspection_head)
    announce_all(case)
    assert not Notification.objects.filter(recipient=window).exists()


def test_ending_a_case_closes_its_desks_work_once(register_case, window):
    from dispatch.models import Deadline, Referral
    from dispatch.services.case_end import close_work_of_ended_cases
    from dispatch.tasks import announce_event

    case = register_case()
    services.case_route(case_id=case.pk)
    complaints.case_withdraw(case=case, actor=window, reason="已自行协商解决")
    withdraw = CaseEvent.objects.get(case=case, kind="withdraw")
    announce_event.apply(args=[withdraw.pk])
    assert not Referral.objects.filter(case=case, status="pending").exists()
    assert Deadline.objects.get(referral__case=case).closed_reason == "case_ended"
    assert CaseEvent.objects.filter(case=case, kind="case_ended_work_closed").count() == 1
    announce_event.apply(args=[withdraw.pk])
    assert close_work_of_ended_cases() == 0
    assert CaseEvent.objects.filter(case=case, kind="case_ended_work_closed").count() == 1


def test_the_hourly_sweep_closes_work_when_the_announcement_was_lost(register_case, window):
    from dispatch.models import Deadline
    from dispatch.services.case_end import close_work_of_ended_cases

    case = register_case()
    services.case_route(case_id=case.pk)
    complaints.case_withdraw(case=case, actor=window, reason="撤回")
    assert close_work_of_ended_cases() == 1
    assert Deadline.objects.get(referral__case=case).closed_at is not None


def test_routing_tells_the_assigned_officer_and_the_first_responder(register_case, window, officer):
    case = register_case()
    services.case_route(case_id=case.pk)
    announce_all(case)
    assigned = Notification.objects.get(recipient=officer, channel="inbox")
    assert case.ticket in assigned.subject
    told = Notification.objects.get(recipient=window, channel="inbox")
    assert CaseEvent.objects.get(pk=int(told.key.split(":")[1])).kind == "routed"
