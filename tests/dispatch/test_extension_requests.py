"""Extension requests: the officer asks, the role the step's extension policy names approves
or refuses: the head of the department for an inspection (`inspection.extend`), the
arbitration committee's chair for an arbitration (`arbitration.extend`).

The case is routed on Monday 2026-03-02 and accepted on 03-04, so its investigation
(60 working days) is due 2026-06-01; the extension adds 30 working days.
"""

from datetime import date

import pytest
from dispatch_steps import at, inspection_desk
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.roles import Role
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import CaseEvent, DeskKind
from config import clock
from dispatch import services
from dispatch.models import (
    Deadline,
    ExtensionDecision,
    ExtensionRequest,
    Notification,
)


@pytest.fixture
def colleague(district, user_factory, officer):
    user = user_factory("colleague", district, Role.INSPECTOR)
    inspection_desk(district).members.add(user)
    return user


@pytest.fixture
def investigation(accepted) -> Deadline:
    deadline = Deadline.objects.get(referral=accepted, closed_at__isnull=True)
    assert deadline.policy.code == "inspection.investigate" and deadline.due == date(2026, 6, 1)
    return deadline


@pytest.fixture
def pending(investigation, officer, supervisor) -> ExtensionRequest:
    with at(5, 20):
        return services.extension_request(deadline=investigation, actor=officer, reason="案情复杂")


def test_the_officer_requests_and_the_supervisors_are_told(
    pending, investigation, officer, supervisor
):
    assert pending.decision == ExtensionDecision.PENDING and pending.requested_by == officer
    event = CaseEvent.objects.get(kind="extension_requested")
    assert event.message == "案情复杂" and event.payload["policy"] == "inspection.investigate"
    notes = Notification.objects.filter(key=f"extension-request:{pending.pk}", channel="inbox")
    assert [note.recipient for note in notes] == [supervisor]


def test_a_desk_member_may_request_but_not_the_window(investigation, colleague, window):
    with pytest.raises(ActionNotPermitted):
        services.extension_request(deadline=investigation, actor=window, reason="x")
    services.extension_request(deadline=investigation, actor=colleague, reason="x")
    assert ExtensionRequest.objects.count() == 1


def test_only_one_pending_request_per_deadline(pending, investigation, officer):
    with pytest.raises(InvalidTransition):
        services.extension_request(deadline=investigation, actor=officer, reason="again")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExtensionRequest.objects.create(
            deadline=investigation, requested_by=officer, reason="x", requested_at=clock.now()
        )


def test_a_reason_is_required(investigation, officer):
    with pytest.raises(ValidationError):
        services.extension_request(deadline=investigation, actor=officer, reason="  ")


def test_an_acceptance_limit_cannot_be_extended(register_case, officer):
    case = register_case()
    referral = services.case_route(case_id=case.pk)[0]
    accept = Deadline.objects.get(referral=referral)
    with pytest.raises(InvalidTransition):
        services.extension_request(deadline=accept, actor=officer, reason="x")


def test_approval_extends_the_deadline_and_tells_the_requester(
    pending, investigation, officer, department_head
):
    with at(5, 21):
        services.extension_approve(request=pending, actor=department_head)
    pending.refresh_from_db()
    investigation.refresh_from_db()
    assert pending.decision == ExtensionDecision.APPROVED
    assert pending.decided_by == department_head
    assert investigation.original_due == date(2026, 6, 1)
    assert investigation.due > date(2026, 7, 1)
    assert investigation.extended_by == department_head
    assert investigation.extension_reason == "案情复杂"
    event = CaseEvent.objects.get(kind="deadline_extended")
    assert event.actor == department_head and event.payload["approver_role"] == "department_head"
    note = Notification.objects.get(key=f"extension-decision:{pending.pk}", channel="inbox")
    assert note.recipient == officer
    with pytest.raises(InvalidTransition):  # decided already
        services.extension_approve(request=pending, actor=department_head)
    with pytest.raises(InvalidTransition):  # the step was extended once
        services.extension_request(deadline=investigation, actor=officer, reason="再延")


def test_refusal_needs_a_note_and_leaves_the_deadline(
    pending, investigation, officer, department_head
):
    with pytest.raises(ValidationError):
        services.extension_refuse(request=pending, actor=department_head, note="")
    services.extension_refuse(request=pending, actor=department_head, note="材料不足")
    pending.refresh_from_db()
    investigation.refresh_from_db()
    assert pending.decision == ExtensionDecision.REFUSED and pending.decision_note == "材料不足"
    assert investigation.due == date(2026, 6, 1) and investigation.original_due is None
    assert CaseEvent.objects.get(kind="extension_refused").message == "材料不足"
    assert Notification.objects.filter(key=f"extension-decision:{pending.pk}").exists()
    # A refused request does not block a new one.
    services.extension_request(deadline=investigation, actor=officer, reason="补充材料后再申请")


def test_an_officer_cannot_decide(pending, officer):
    for decide in (services.extension_approve, services.extension_refuse):
        with pytest.raises(ActionNotPermitted):
            decide(request=pending, actor=officer, note="x")
    pending.refresh_from_db()
    assert pending.is_pending


def test_a_supervisor_requests_but_only_the_head_of_department_decides(
    investigation, supervisor, department_head
):
    with at(5, 20):
        request = services.extension_request(
            deadline=investigation, actor=supervisor, reason="复杂"
        )
    told = Notification.objects.filter(key=f"extension-request:{request.pk}", channel="inbox")
    assert {note.recipient for note in told} == {supervisor, department_head}
    for decide in (services.extension_approve, services.extension_refuse):
        with pytest.raises(ActionNotPermitted, match="Head of department"):
            decide(request=request, actor=supervisor, note="x")
    request.refresh_from_db()
    assert request.is_pending
    services.extension_approve(request=request, actor=department_head)
    investigation.refresh_from_db()
    assert investigation.original_due == date(2026, 6, 1)
    assert investigation.extended_by == department_head


def test_the_arbitration_chair_decides_an_arbitrations_extension(
    routed, officer_of_every_desk, supervisor, department_head, arbitration_chair
):
    with at(3, 3):
        referral = services.case_refer(
            case=routed.case,
            desk_kind=DeskKind.ARBITRATION,
            actor=officer_of_every_desk,
            reason="申请仲裁",
        )
    with at(3, 4):
        services.referral_application_received(
            referral=referral, actor=officer_of_every_desk, received_on=date(2026, 3, 3)
        )
        services.referral_accept(referral=referral, actor=officer_of_every_desk)
    conclude = Deadline.objects.get(referral=referral, closed_at__isnull=True)
    assert conclude.policy.code == "arbitration.conclude"
    with at(5, 20):
        request = services.extension_request(
            deadline=conclude, actor=officer_of_every_desk, reason="案情复杂"
        )
    for outsider in (supervisor, department_head):
        with pytest.raises(ActionNotPermitted, match="Arbitration committee chair"):
            services.extension_approve(request=request, actor=outsider)
    services.extension_approve(request=request, actor=arbitration_chair)
    conclude.refresh_from_db()
    assert conclude.original_due is not None and conclude.extended_by == arbitration_chair
    event = CaseEvent.objects.get(kind="deadline_extended")
    assert event.payload["approver_role"] == "arbitration_chair"


def test_the_refusal_names_the_role_in_both_languages(pending, supervisor):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ActionNotPermitted) as english:
        services.extension_approve(request=pending, actor=supervisor)
    assert "Only a user with the role “Head of department” may approve" in str(english.value)
    with translation.override("zh-hans"), pytest.raises(ActionNotPermitted) as chinese:
        services.extension_approve(request=pending, actor=supervisor)
    assert "行政部门负责人" in str(chinese.value) and "批准此次延期" in str(chinese.value)


def test_another_offices_head_of_department_cannot_decide(pending, other_district, user_factory):
    outsider = user_factory("outsider", other_district, Role.DEPARTMENT_HEAD)
    with pytest.raises(CaseNotVisible):
        services.extension_approve(request=pending, actor=outsider)


# Pages ----------------------------------------------------------------------------------


def test_the_officer_requests_from_the_deadlines_table(client, investigation, officer):
    ticket = investigation.referral.case.ticket
    client.force_login(officer)
    page = client.get(f"/cases/{ticket}/").content.decode()
    assert "Request an extension" in page and "Approve" not in page.split("Request an")[1][:200]
    response = client.post(f"/extensions/{investigation.pk}/request/", {"reason": "证据调取中"})
    assert response.status_code == 302
    page = client.get(f"/cases/{ticket}/").content.decode()
    assert "Extension requested" in page and "证据调取中" in page
    assert "Request an extension" not in page


def test_the_head_of_department_approves_or_refuses_on_the_case_page(
    client, pending, investigation, supervisor, department_head
):
    ticket = investigation.referral.case.ticket
    client.force_login(supervisor)  # a supervisor is not offered the decision
    page = client.get(f"/cases/{ticket}/").content.decode()
    assert f"/extension-requests/{pending.pk}/approve/" not in page
    assert f"/extension-requests/{pending.pk}/refuse/" not in page
    client.force_login(department_head)
    page = client.get(f"/cases/{ticket}/").content.decode()
    assert f"/extension-requests/{pending.pk}/approve/" in page
    assert f"/extension-requests/{pending.pk}/refuse/" in page
    response = client.post(f"/extension-requests/{pending.pk}/refuse/", {"note": ""}, follow=True)
    assert "Say why the extension is refused." in response.content.decode()
    client.post(f"/extension-requests/{pending.pk}/approve/", {"note": ""})
    pending.refresh_from_db()
    assert pending.decision == ExtensionDecision.APPROVED


def test_a_forged_approval_by_the_officer_changes_nothing(client, pending, officer):
    client.force_login(officer)
    response = client.post(f"/extension-requests/{pending.pk}/approve/", {}, follow=True)
    assert "Only a user with the role “Head of department”" in response.content.decode()
    pending.refresh_from_db()
    assert pending.is_pending


def test_another_offices_supervisor_gets_404(
    client, pending, investigation, other_district, user_factory
):
    client.force_login(user_factory("outsider", other_district, Role.SUPERVISOR))
    assert client.post(f"/extension-requests/{pending.pk}/approve/").status_code == 404
    assert (
        client.post(f"/extensions/{investigation.pk}/request/", {"reason": "x"}).status_code == 404
    )
    pending.refresh_from_db()
    assert pending.is_pending


def test_the_case_page_offers_extend_only_to_the_approver(
    client, investigation, supervisor, department_head, arbitration_chair
):
    ticket = investigation.referral.case.ticket
    extend = f"/deadlines/{investigation.pk}/extend/"
    for user, offered in ((supervisor, False), (arbitration_chair, False), (department_head, True)):
        client.force_login(user)
        page = client.get(f"/cases/{ticket}/").content.decode()
        assert (extend in page) is offered, user.username
