"""How a filed case ends: the cancellation of its filing (撤销立案) and its closing (结案),
each proposed by the inspector and approved by the head only; the inspection referral of a
filed case is never done without the approved closing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import DocumentNumber
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import CaseEvent, IssuedDocument, Outcome, Status
from complaints.selectors.closing import close_initial
from complaints.services.payments import payment_record
from dispatch import services as dispatch_services
from dispatch.models import Deadline, DeadlineEnd, ReferralStatus
from dispatch.services.rectification import inspection_referral
from dispatch.services.referrals import referral_actions_for
from inspection.models import Step, StepKind, StepStatus
from inspection.selectors import procedure_state
from inspection.services.ending import (
    cancellation_approve,
    cancellation_propose,
    cancellation_refuse,
    closing_approve,
    closing_propose,
    closing_refuse,
)
from tests.inspection.conftest import at


def snapshot(case):
    return (
        list(Step.objects.filter(case=case).values_list("kind", "status")),
        IssuedDocument.objects.filter(case=case).count(),
        sorted(DocumentNumber.objects.values_list("kind", "last")),
        case_state(case),
    )


def case_state(case):
    case.refresh_from_db()
    return case.status, case.outcome_id


def propose_cancellation(case, officer):
    with at(3, 20):
        return cancellation_propose(case=case, actor=officer, reasons="情节轻微，已于3月18日改正")


def propose_closing(case, officer, code="paid_in_full"):
    with at(3, 20):
        return closing_propose(
            case=case,
            actor=officer,
            outcome=Outcome.objects.get(code=code),
            summary="经调查，拖欠工资属实，已责令支付并全额支付",
        )


# --- cancellation ------------------------------------------------------------------------


def test_an_approved_cancellation_ends_the_case(filed, officer, inspection_head):
    proposal = propose_cancellation(filed, officer)
    assert proposal.status == StepStatus.PROPOSED and proposal.document is None
    referral = proposal.referral

    with at(3, 21):
        approved = cancellation_approve(step=proposal, actor=inspection_head, note="同意")

    assert approved.status == StepStatus.APPROVED and approved.decided_by == inspection_head
    document = approved.document
    assert document.number == "west撤立字〔2026〕第1号"
    assert document.content["title"] == "撤销立案审批表"
    text = str(document.content["sections"])
    assert "情节轻微，已于3月18日改正" in text and "同意撤销立案" in text
    filed.refresh_from_db()
    assert filed.status == Status.WITHDRAWN
    assert filed.outcome.code == "filing_cancelled_by_bureau"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DONE
    assert not Deadline.objects.filter(referral=referral, closed_at__isnull=True).exists()
    assert CaseEvent.objects.filter(case=filed, kind="filing_cancelled").exists()


@pytest.mark.usefixtures("transfer")
def test_a_transferred_case_cannot_have_its_filing_cancelled(filed, officer):
    before = snapshot(filed)
    with pytest.raises(InvalidTransition) as refused:
        propose_cancellation(filed, officer)
    assert "transferred to the police cannot have its filing cancelled" in str(refused.value)
    assert snapshot(filed) == before


@pytest.mark.usefixtures("report")
def test_a_case_with_a_transfer_report_waiting_cannot_be_closed(filed, officer):
    before = snapshot(filed)
    with pytest.raises(InvalidTransition) as refused:
        propose_closing(filed, officer, code="transferred_to_police")
    assert "finish it before closing" in str(refused.value)
    assert snapshot(filed) == before


@pytest.mark.usefixtures("transfer")
def test_a_transfer_not_answered_yet_is_said_on_the_closing_form(filed, officer, inspection_head):
    proposal = propose_closing(filed, officer, code="transferred_to_police")
    with at(3, 21):
        approved = closing_approve(step=proposal, actor=inspection_head, note="")
    sections = {s["heading"]: s for s in approved.document.content["sections"]}
    assert "尚未收到公安机关答复" in str(sections["办理过程"]["paragraphs"])


def test_an_inspector_cannot_approve_a_cancellation(filed, officer):
    proposal = propose_cancellation(filed, officer)
    before = snapshot(filed)
    with at(3, 21), pytest.raises(ActionNotPermitted) as refused:
        cancellation_approve(step=proposal, actor=officer, note="")
    assert "Only the head" in str(refused.value)
    assert snapshot(filed) == before


def test_a_refusal_needs_a_reason(filed, officer, inspection_head):
    proposal = propose_cancellation(filed, officer)
    before = snapshot(filed)
    with at(3, 21), pytest.raises(InvalidTransition) as refused:
        cancellation_refuse(step=proposal, actor=inspection_head, note="  ")
    assert "reason for not approving" in str(refused.value)
    assert snapshot(filed) == before


def test_a_refused_cancellation_lets_the_investigation_go_on(filed, officer, inspection_head):
    proposal = propose_cancellation(filed, officer)
    with at(3, 21):
        refused = cancellation_refuse(step=proposal, actor=inspection_head, note="尚未改正")
    assert refused.status == StepStatus.REFUSED and refused.decision_note == "尚未改正"
    filed.refresh_from_db()
    assert filed.is_open and inspection_referral(filed) is not None
    assert IssuedDocument.objects.filter(case=filed, kind="cancellation").count() == 0


# --- closing -------------------------------------------------------------------------------


def test_the_inspection_referral_of_a_filed_case_is_not_done_by_the_plain_action(filed, officer):
    referral = inspection_referral(filed)
    assert "finish" not in referral_actions_for(user=officer, referral=referral)
    with at(3, 20), pytest.raises(InvalidTransition) as refused:
        dispatch_services.referral_finish(referral=referral, actor=officer, note="已支付")
    assert "closing approval form" in str(refused.value)
    referral.refresh_from_db()
    assert referral.status != ReferralStatus.DONE
    assert Deadline.objects.filter(referral=referral, closed_at__isnull=True).exists()


def test_closing_with_an_outcome_of_the_wrong_stage_is_refused(filed, officer):
    before = snapshot(filed)
    with pytest.raises(ValidationError) as refused:
        propose_closing(filed, officer, code="not_accepted_time_limit")
    assert "outcome of a filed case" in str(refused.value)
    assert snapshot(filed) == before


def test_closing_as_filing_cancelled_is_refused(filed, officer):
    with pytest.raises(ValidationError):
        propose_closing(filed, officer, code="filing_cancelled")
    assert not Step.objects.filter(case=filed, kind=StepKind.CLOSING).exists()


def test_an_inspector_cannot_approve_the_closing(filed, officer):
    proposal = propose_closing(filed, officer)
    before = snapshot(filed)
    with at(3, 21), pytest.raises(ActionNotPermitted):
        closing_approve(step=proposal, actor=officer, note="")
    assert snapshot(filed) == before
    assert inspection_referral(filed) is not None


def test_the_closing_refused_without_a_reason_changes_nothing(filed, officer, inspection_head):
    proposal = propose_closing(filed, officer)
    before = snapshot(filed)
    with at(3, 21), pytest.raises(InvalidTransition):
        closing_refuse(step=proposal, actor=inspection_head, note="")
    assert snapshot(filed) == before


def test_an_approved_closing_lists_the_steps_and_finishes_the_referral(
    filed, officer, inspection_head
):
    with at(3, 18):
        for person in filed.complainants.order_by("id"):
            payment_record(
                complainant=person,
                actor=officer,
                amount=person.owed_amount,
                paid_on=date(2026, 3, 18),
            )
    proposal = propose_closing(filed, officer)
    referral = proposal.referral

    with at(3, 21):
        approved = closing_approve(step=proposal, actor=inspection_head, note="同意结案")

    document = approved.document
    assert document.number == "west结字〔2026〕第1号"
    assert document.content["title"] == "结案审批表"
    sections = {s["heading"]: s for s in document.content["sections"]}
    steps = sections["办理过程"]["table"]["rows"]
    assert steps == [["批准立案", "2026-03-04", "west立字〔2026〕第1号"]]
    assert sections["办理结果"]["paragraphs"] == ["工资已全额支付"]
    assert sections["追回工资情况"]["table"]["footer"][-1] == "8,000.00"
    assert "同意结案" in str(sections["监察机构负责人审批意见"])
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DONE
    clocks = Deadline.objects.filter(referral=referral)
    assert clocks.exists() and all(c.closed_reason == DeadlineEnd.MET for c in clocks)
    filed.refresh_from_db()
    assert filed.status == Status.RESOLVED
    assert procedure_state(filed).is_ended


def test_a_second_closing_proposal_is_refused_while_one_waits(filed, officer):
    propose_closing(filed, officer)
    with pytest.raises(InvalidTransition):
        propose_closing(filed, officer)
    assert Step.objects.filter(case=filed, kind=StepKind.CLOSING).count() == 1


def test_the_penalty_decided_appears_on_the_closing_form(filed, officer, second, inspection_head):
    from inspection.models import PenaltyProvision
    from inspection.services.penalty import penalty_decision_issue, penalty_notice_issue
    from inspection.services.service import document_serve

    with at(3, 10):
        notice = penalty_notice_issue(
            case=filed,
            actor=officer,
            second_inspector=second,
            provision=PenaltyProvision.objects.get(code="obstruction"),
            amount=Decimal("5000"),
            facts="拒不提供资料",
            evidence="现场检查笔录",
        )
        document_serve(
            document=notice.document,
            actor=officer,
            method="in_person",
            served_on=date(2026, 3, 10),
            recipient="王经理",
        )
    with at(3, 16):
        penalty_decision_issue(
            case=filed, actor=officer, second_inspector=second, amount=Decimal("5000"), reasons="无"
        )
    proposal = propose_closing(filed, officer, code="penalty_imposed")
    with at(3, 21):
        approved = closing_approve(step=proposal, actor=inspection_head, note="")
    sections = {s["heading"]: s for s in approved.document.content["sections"]}
    numbers = [row[2] for row in sections["办理过程"]["table"]["rows"]]
    assert "west罚告字〔2026〕第1号" in numbers and "west罚决字〔2026〕第1号" in numbers
    assert "5,000.00" in str(sections["办理过程"]["paragraphs"])


def test_the_close_form_starts_with_the_outcome_the_head_approved(
    client, filed, officer, inspection_head
):
    """The closing approval form (结案审批表) settled the outcome: the case's final close
    form, on its page, offers it already chosen (the officer may still change it)."""
    proposal = propose_closing(filed, officer, code="ordered_by_decision")
    with at(3, 21):
        closing_approve(step=proposal, actor=inspection_head, note="同意结案")
    filed.refresh_from_db()
    assert filed.status == Status.RESOLVED
    decided = Outcome.objects.get(code="ordered_by_decision")
    client.force_login(officer)
    with at(3, 21, 10):
        page = client.get(reverse("complaints:case_detail", args=[filed.ticket]))
    html = page.content.decode()
    assert 'name="close-outcome"' in html
    assert f'<option value="{decided.pk}" selected>' in html


def test_a_refused_closing_chooses_no_outcome_for_the_close_form(filed, officer, inspection_head):
    proposal = propose_closing(filed, officer, code="ordered_by_decision")
    with at(3, 21):
        closing_refuse(step=proposal, actor=inspection_head, note="尚未支付完毕")
    assert close_initial(filed) == {}
