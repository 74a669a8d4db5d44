"""Working a referral: accept, finish, return, reassign, refer; pause, resume, extend."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from complaints import services as complaints
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import CaseEvent, Category, DeskKind, Status
from config import clock
from dispatch import services
from dispatch.models import (
    Deadline,
    DeadlineEnd,
    DeadlinePolicy,
    Desk,
    Notification,
    Referral,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10):
    return clock.frozen_at(datetime(year, month, day, hour, tzinfo=SHANGHAI))


def open_deadline(referral):
    return Deadline.objects.get(referral=referral, closed_at__isnull=True)


def test_accepting_meets_the_acceptance_limit_and_starts_the_investigation(
    routed, officer, inspection_head
):
    with at(2026, 3, 4):
        services.referral_accept(referral=routed, actor=officer)
        accept = Deadline.objects.get(referral=routed, policy__code="inspection.accept")
        assert accept.is_open, "the desk taking the work on does not decide on acceptance"
        # The head of the inspection body accepts and files the case (立案审批).
        complaints.case_accept(case=routed.case, actor=inspection_head)
    accept.refresh_from_db()
    assert accept.closed_reason == DeadlineEnd.MET
    investigate = open_deadline(routed)
    assert investigate.policy.code == "inspection.investigate"
    assert investigate.start == date(2026, 3, 4)
    # 60 working days after 2026-03-04, skipping Qingming (4/4-4/6) and Labor Day (5/1-5/5),
    # counting the make-up Saturday 2026-05-09.
    assert investigate.due == date(2026, 6, 1)
    assert CaseEvent.objects.filter(case=routed.case, kind="referral_accepted").count() == 1


def test_the_case_is_resolved_when_all_its_referrals_are_done(
    register_case, officer, inspection_head, district
):
    for kind in (DeskKind.WORK_INJURY, DeskKind.LEGAL_AID):
        Desk.objects.create(office=district, kind=kind).members.add(officer)
    case = register_case(category=Category.WORK_INJURY)
    first, second = services.case_route(case_id=case.pk)
    complaints.case_accept(case=case, actor=inspection_head)
    for referral in (first, second):
        # Both desks count from their own application (services/applications.py).
        services.referral_application_received(
            referral=referral, actor=officer, received_on=clock.today()
        )
        services.referral_accept(referral=referral, actor=officer)
    services.referral_finish(referral=first, actor=officer, note="已作出认定")
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED  # one desk still working
    services.referral_finish(referral=second, actor=officer)
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert not Deadline.objects.filter(referral__case=case, closed_at__isnull=True).exists()


def test_a_referral_cannot_be_finished_before_it_is_accepted(routed, officer):
    with pytest.raises(InvalidTransition):
        services.referral_finish(referral=routed, actor=officer)


def test_an_officer_of_another_desk_cannot_work_the_referral(routed, district, user_factory):
    stranger = user_factory("stranger", district, Role.DESK_OFFICER)
    with pytest.raises(ActionNotPermitted):
        services.referral_accept(referral=routed, actor=stranger)
    routed.refresh_from_db()
    assert routed.status == "pending"


def test_returning_needs_a_reason_and_tells_the_first_responder(routed, officer, window):
    with pytest.raises(ValidationError):
        services.referral_return(referral=routed, actor=officer, reason="  ")
    services.referral_return(referral=routed, actor=officer, reason="属于仲裁事项")
    routed.refresh_from_db()
    assert routed.status == "returned"
    assert routed.deadlines.get().closed_reason == DeadlineEnd.RETURNED
    assert Notification.objects.filter(recipient=window, channel="inbox").count() == 1


def test_only_a_supervisor_reassigns_and_only_to_a_desk_member(
    routed, officer, supervisor, district, user_factory
):
    colleague = user_factory("colleague", district, Role.INSPECTOR)
    with pytest.raises(ActionNotPermitted):
        services.referral_reassign(referral=routed, officer=colleague, actor=officer)
    with pytest.raises(ValidationError):
        services.referral_reassign(referral=routed, officer=colleague, actor=supervisor)
    routed.desk.members.add(colleague)
    services.referral_reassign(referral=routed, officer=colleague, actor=supervisor)
    routed.refresh_from_db()
    assert routed.officer == colleague
    assert Notification.objects.filter(recipient=colleague).exists()


def test_refer_to_another_desk_once(routed, officer):
    referral = services.case_refer(
        case=routed.case, desk_kind=DeskKind.ARBITRATION, actor=officer, reason="申请仲裁"
    )
    # Helping the worker apply: the bureau's reminder, no statutory clock until the
    # application is received (tests/dispatch/test_applications.py).
    assert referral.deadlines.get().policy.code == "arbitration.apply"
    with pytest.raises(InvalidTransition):
        services.case_refer(
            case=routed.case, desk_kind=DeskKind.ARBITRATION, actor=officer, reason="再次"
        )


def test_pause_and_resume_move_the_due_date_by_the_paused_working_days(
    routed, officer, inspection_head
):
    with at(2026, 3, 4):
        services.referral_accept(referral=routed, actor=officer)
        complaints.case_accept(case=routed.case, actor=inspection_head)
    deadline = open_deadline(routed)
    assert deadline.due == date(2026, 6, 1)
    with at(2026, 3, 9):  # Monday
        services.deadline_pause(deadline=deadline, actor=officer, reason="等待工伤认定结论")
    with pytest.raises(InvalidTransition), at(2026, 3, 10):
        services.deadline_pause(deadline=deadline, actor=officer, reason="again")
    with at(2026, 3, 16):  # the next Monday: 5 working days paused
        services.deadline_resume(deadline=deadline, actor=officer)
    deadline.refresh_from_db()
    assert deadline.paused_on is None
    assert deadline.due == date(2026, 6, 8)  # 5 working days after 2026-06-01
    kinds = list(CaseEvent.objects.filter(case=routed.case).values_list("kind", flat=True))
    assert "deadline_paused" in kinds and "deadline_resumed" in kinds


def test_extension_needs_the_head_of_department_and_a_reason_and_is_granted_once(
    routed, officer, supervisor, department_head, inspection_head
):
    with at(2026, 3, 4):
        services.referral_accept(referral=routed, actor=officer)
        complaints.case_accept(case=routed.case, actor=inspection_head)
    deadline = open_deadline(routed)
    # `inspection.extend` names the head of the department (劳动保障监察条例 Art. 17).
    for refused in (officer, supervisor):
        with pytest.raises(ActionNotPermitted, match="Head of department"):
            services.deadline_extend(deadline=deadline, approver=refused, reason="案情复杂")
    with pytest.raises(ValidationError):
        services.deadline_extend(deadline=deadline, approver=department_head, reason="")
    services.deadline_extend(deadline=deadline, approver=department_head, reason="案情复杂")
    deadline.refresh_from_db()
    assert deadline.original_due == date(2026, 6, 1)
    # +30 working days after 2026-06-01, skipping Dragon Boat (6/19 is a Friday rest day).
    assert deadline.due == date(2026, 7, 14)
    assert deadline.extended_by == department_head
    event = CaseEvent.objects.get(kind="deadline_extended")
    assert event.payload["approver_role"] == "department_head"
    with pytest.raises(InvalidTransition):
        services.deadline_extend(deadline=deadline, approver=department_head, reason="再延")


def test_a_blank_approver_role_falls_back_to_a_supervisor(
    routed, officer, supervisor, inspection_head
):
    DeadlinePolicy.objects.filter(code="inspection.extend").update(approver_role="")
    with at(2026, 3, 4):
        services.referral_accept(referral=routed, actor=officer)
        complaints.case_accept(case=routed.case, actor=inspection_head)
    deadline = open_deadline(routed)
    services.deadline_extend(deadline=deadline, approver=supervisor, reason="案情复杂")
    deadline.refresh_from_db()
    assert deadline.extended_by == supervisor


def test_an_acceptance_limit_cannot_be_extended(routed, supervisor):
    with pytest.raises(InvalidTransition):
        services.deadline_extend(deadline=open_deadline(routed), approver=supervisor, reason="无")


def test_transfer_reroutes_to_the_same_desks_at_the_other_office(
    routed, officer, inspector, other_district, window
):
    case = routed.case
    complaints.case_transfer(
        case=case, actor=inspector, to_office=other_district, reason="用人单位在东区"
    )
    new = services.case_route(case_id=case.pk)
    routed.refresh_from_db()
    assert routed.status == "returned"
    assert routed.deadlines.get().closed_reason == DeadlineEnd.TRANSFERRED
    assert [(r.desk.office, r.desk.kind) for r in new] == [(other_district, "inspection")]
    assert Referral.objects.filter(case=case, status="pending").count() == 1
    case.refresh_from_db()
    assert case.responsible_office == other_district
    assert case.first_responder == window


def test_a_desk_referred_by_hand_after_a_transfer_is_not_referred_twice(
    routed, inspector, other_district
):
    """Between the transfer and its routing, the new office may refer the case to the same
    desk by hand: routing then only returns the old office's referral."""
    case = routed.case
    complaints.case_transfer(
        case=case, actor=inspector, to_office=other_district, reason="用人单位在东区"
    )
    case.refresh_from_db()
    by_hand = services.case_refer(
        case=case, desk_kind=DeskKind.INSPECTION, actor=inspector, reason="东区先行立案"
    )
    assert services.case_route(case_id=case.pk) == []
    routed.refresh_from_db()
    assert routed.status == "returned"
    open_referrals = Referral.objects.filter(case=case, status="pending")
    assert list(open_referrals) == [by_hand]
