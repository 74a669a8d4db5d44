"""Credit consequences for an employer who did not pay after a served order: the
inspector's proposal and each refusal naming what is missing, the head's approval or
refusal, the head's queue, the case panel and the employer's page, who may do what."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from complaints.events import describe
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import CaseEvent, CaseParty, Employer, EventKind, PartyRole
from dispatch import services as dispatch_services
from dispatch.models import OrderAddressee, Referral
from inspection.models import CreditMeasure, CreditProposal, CreditStatus
from inspection.services.credit import credit_approve, credit_propose, credit_refuse
from inspection.services.handling import handling_decision_issue
from inspection.services.service import document_serve
from inspection.waiting import referrals_waiting
from tests.builders import serve_order
from tests.inspection.conftest import at

JOINT = CreditMeasure.JOINT_PUNISHMENT
GROUNDS = "指令书送达后逾期仍未支付工资"
CONTRACTOR_CODE = "91420500MA4FGHJK2R"


def propose(case, actor, basis, *, when=(3, 16), measure=JOINT):
    with at(*when):
        return credit_propose(case=case, actor=actor, measure=measure, basis=basis, grounds=GROUNDS)


def order_document(order):
    return order.case.documents.get(kind="rectification", number=order.number)


def refused_with(case, actor, basis, when, words):
    with pytest.raises(InvalidTransition) as refusal:
        propose(case, actor, basis, when=when)
    assert words in str(refusal.value.message)
    assert not CreditProposal.objects.filter(case=case).exists()
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.CREDIT_PROPOSED).exists()


def test_no_served_order_is_refused(filed, order, officer):
    refused_with(filed, officer, order_document(order), (3, 16), "served")


def test_pay_by_not_passed_is_refused(filed, served, officer):
    # The order is to pay by 03-13: on that day the time has not passed yet.
    refused_with(filed, officer, order_document(served), (3, 13), "2026-03-13")


def test_an_order_already_paid_is_refused(filed, served, officer):
    with at(3, 12):
        dispatch_services.rectification_complied(order=served, actor=officer)
    refused_with(filed, officer, order_document(served), (3, 16), "were paid")


def test_a_second_proposal_of_the_same_measure_is_refused(filed, served, officer):
    first = propose(filed, officer, order_document(served))
    with pytest.raises(InvalidTransition, match="already awaits"), at(3, 17):
        credit_propose(
            case=filed, actor=officer, measure=JOINT, basis=order_document(served), grounds="再次"
        )
    assert list(CreditProposal.objects.filter(case=filed)) == [first]


def test_proposal_names_the_employer_and_is_recorded(filed, served, officer):
    proposal = propose(filed, officer, order_document(served))
    assert proposal.status == CreditStatus.PROPOSED
    assert proposal.employer == filed.employer and proposal.basis == order_document(served)
    event = CaseEvent.objects.get(case=filed, kind=EventKind.CREDIT_PROPOSED)
    assert event.message == GROUNDS


def test_the_head_approves(filed, served, officer, inspection_head):
    proposal = propose(filed, officer, order_document(served))
    with at(3, 18):
        credit_approve(proposal=proposal, actor=inspection_head, note="同意")
    proposal.refresh_from_db()
    assert proposal.status == CreditStatus.APPROVED and proposal.decided_by == inspection_head
    assert proposal.decided_at.date().isoformat() == "2026-03-18"
    assert CaseEvent.objects.filter(case=filed, kind=EventKind.CREDIT_DECIDED).exists()


def test_the_head_refuses_with_reasons(filed, served, officer, inspection_head):
    proposal = propose(filed, officer, order_document(served))
    with pytest.raises(InvalidTransition), at(3, 18):
        credit_refuse(proposal=proposal, actor=inspection_head, note=" ")
    proposal.refresh_from_db()
    assert proposal.status == CreditStatus.PROPOSED
    with at(3, 18):
        credit_refuse(proposal=proposal, actor=inspection_head, note="情节轻微")
    proposal.refresh_from_db()
    assert proposal.status == CreditStatus.REFUSED and proposal.decision_note == "情节轻微"


def test_an_inspector_cannot_approve_nor_the_head_their_own(
    filed, served, officer, inspection_head
):
    proposal = propose(filed, officer, order_document(served))
    with pytest.raises(ActionNotPermitted), at(3, 18):
        credit_approve(proposal=proposal, actor=officer, note="")
    own = propose(filed, inspection_head, order_document(served), measure=CreditMeasure.PUBLICATION)
    with pytest.raises(ActionNotPermitted), at(3, 18):
        credit_approve(proposal=own, actor=inspection_head, note="")
    statuses = set(CreditProposal.objects.values_list("status", flat=True))
    assert statuses == {CreditStatus.PROPOSED}


def test_window_staff_cannot_propose(client, filed, served, window):
    client.force_login(window)
    with at(3, 16):
        response = client.post(
            reverse("inspection:credit_propose", args=[filed.ticket]),
            {"measure": JOINT, "basis": order_document(served).pk, "grounds": GROUNDS},
        )
    assert response.status_code == 400
    assert "Only the inspector of this case" in response.content.decode()
    assert not CreditProposal.objects.exists()


def test_through_the_pages_queue_and_employer_page(client, filed, served, officer, inspection_head):
    ticket = filed.ticket
    client.force_login(officer)
    with at(3, 16):
        case_page = client.get(reverse("complaints:case_detail", args=[ticket])).content.decode()
        assert reverse("inspection:credit_propose", args=[ticket]) in case_page
        response = client.post(
            reverse("inspection:credit_propose", args=[ticket]),
            {"measure": JOINT, "basis": order_document(served).pk, "grounds": GROUNDS},
        )
    assert response.status_code == 302
    proposal = CreditProposal.objects.get(case=filed)

    client.force_login(inspection_head)
    with at(3, 17):
        queue = client.get(reverse("inspection:approval_queue")).content.decode()
        decide = reverse("inspection:credit_decide", args=[ticket, proposal.pk])
        assert decide in queue
        case_page = client.get(reverse("complaints:case_detail", args=[ticket])).content.decode()
        assert decide in case_page and GROUNDS in case_page
        employer = reverse("complaints:employer_detail", args=[filed.employer_id])
        assert "Awaiting the head" in client.get(employer).content.decode()
        response = client.post(decide, {"decision": "approve", "note": "同意"})
    assert response.status_code == 302
    with at(3, 18):
        queue = client.get(reverse("inspection:approval_queue")).content.decode()
        assert decide not in queue
        english = client.get(employer).content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        chinese = client.get(employer).content.decode()
    assert "Joint-punishment list for wage arrears" in english and "2026-03-17" in english
    assert "2026-03-16" in english
    assert "拖欠农民工工资失信联合惩戒对象名单" in chinese and "批准于" in chinese
    assert "2026-03-17" in chinese


def test_a_refusal_on_the_page_changes_nothing(client, filed, order, officer):
    client.force_login(officer)
    with at(3, 16):
        response = client.post(
            reverse("inspection:credit_propose", args=[filed.ticket]),
            {"measure": JOINT, "basis": "", "grounds": GROUNDS},
        )
    assert response.status_code == 400
    assert not CreditProposal.objects.exists()


def test_a_served_decision_not_complied_with_is_a_basis(filed, served, officer, second):
    """Decided 03-16 to pay within 15 days, served 03-17: due 04-01, a basis from 04-02."""
    with at(3, 16):
        step = handling_decision_issue(
            case=filed,
            actor=officer,
            second_inspector=second,
            order=served,
            rate=50,
            pay_within_days=15,
            facts="逾期未支付",
            evidence="指令书及送达回证",
        )
    with at(3, 17):
        document_serve(
            document=step.document,
            actor=officer,
            served_on=date(2026, 3, 17),
            method="in_person",
            recipient="王五（法定代表人）",
            place="用人单位办公室",
        )
    refused_with(filed, officer, step.document, (4, 1), "2026-04-01")
    proposal = propose(filed, officer, step.document, when=(4, 2))
    assert proposal.basis == step.document and proposal.employer == filed.employer


def test_an_order_to_a_chain_organisation_flags_that_organisation(
    filed, officer, second, inspection_head
):
    contractor = Employer.objects.create(name="宜昌某某总承包公司", credit_code=CONTRACTOR_CODE)
    CaseParty.objects.create(case=filed, role=PartyRole.GENERAL_CONTRACTOR, employer=contractor)
    zhang = filed.complainants.order_by("pk").first()
    with at(3, 5):
        order = dispatch_services.rectification_order(
            case=filed,
            actor=officer,
            findings="总承包单位未按规定支付",
            amount_found=Decimal("5000"),
            pay_by=date(2026, 3, 13),
            second_inspector=second,
            lines={zhang.pk: Decimal("5000")},
            addressee_role=OrderAddressee.GENERAL_CONTRACTOR,
            addressee_name="宜昌某某总承包公司",
            addressee_credit_code=CONTRACTOR_CODE,
        )
        serve_order(order, officer, served_on=date(2026, 3, 5))
    proposal = propose(filed, officer, order_document(order))
    assert proposal.employer == contractor


def test_my_cases_marks_the_case_as_awaiting_the_head(filed, served, officer):
    referral = Referral.objects.get(case=filed, officer=officer)
    propose(filed, officer, order_document(served))
    with at(3, 16):
        dispatch_services.rectification_complied(order=served, actor=officer)
        marks = referrals_waiting(
            [Referral.objects.select_related("case", "desk").get(pk=referral.pk)]
        )
    assert marks[referral.pk].on_officer is False
    assert marks[referral.pk].step == str(CreditMeasure.JOINT_PUNISHMENT.label)


def test_approval_is_refused_once_the_wages_were_paid(filed, served, officer, inspection_head):
    proposal = propose(filed, officer, order_document(served))
    with at(3, 17):
        dispatch_services.rectification_complied(order=served, actor=officer)
    with pytest.raises(InvalidTransition, match="were paid"), at(3, 18):
        credit_approve(proposal=proposal, actor=inspection_head, note="同意")
    proposal.refresh_from_db()
    assert proposal.status == CreditStatus.PROPOSED
    assert not CaseEvent.objects.filter(case=filed, kind=EventKind.CREDIT_DECIDED).exists()


def test_the_timeline_tells_the_proposal_in_both_languages(filed, served, officer):
    propose(filed, officer, order_document(served))
    event = CaseEvent.objects.get(case=filed, kind=EventKind.CREDIT_PROPOSED)
    with translation.override("en"):
        assert "Joint-punishment list for wage arrears" in describe(event)
    with translation.override("zh-hans"):
        assert "提请负责人审批" in describe(event) and "失信联合惩戒" in describe(event)
