"""The acceptance decision on a complaint and the inspection desk's clocks.

The 5-working-day limit to decide (关于实施《劳动保障监察条例》若干规定 Art. 18) is met
only by the bureau's decision on the case, proposed by an inspector and approved by the
head of the inspection body; a desk officer accepting the referral only takes the work
on. Dates: registered and routed on Monday 2026-03-02, so the decision is due on Monday
2026-03-09 (5 working days).
"""

from datetime import date

import pytest
from dispatch_steps import at
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Office
from complaints.exceptions import ActionNotPermitted
from complaints.models import (
    AcceptanceDecision,
    CaseEvent,
    DecisionStatus,
    DeskKind,
    EventKind,
    Ground,
    Route,
    Status,
)
from complaints.services.acceptance import (
    Proposal,
    complaint_completed,
    decision_actions_for,
    decision_approve,
    decision_decide,
    decision_propose,
    decision_send_back,
)
from dispatch import services
from dispatch.models import Deadline, DeadlineEnd, Notification, ReferralStatus

pytestmark = pytest.mark.django_db


def _deadlines(referral, code):
    return list(Deadline.objects.filter(referral=referral, policy__code=code).order_by("id"))


def _closed_on(deadline) -> date:
    return timezone.localdate(deadline.closed_at)


def test_a_desk_accept_on_day_3_and_a_decision_on_day_7_is_late(
    routed, officer, inspector, inspection_head
):
    with at(3, 4):  # day 3
        services.referral_accept(referral=routed, actor=officer)
    (clock,) = _deadlines(routed, "inspection.accept")
    clock.refresh_from_db()
    assert clock.is_open, "taking the referral on does not meet the 5-day limit"
    assert not _deadlines(routed, "inspection.investigate")

    with at(3, 10):  # day 7
        decision = decision_propose(
            case=routed.case, actor=inspector, proposal=Proposal(ground=Ground.ACCEPT)
        )
    with at(3, 11):
        decision_approve(decision=decision, actor=inspection_head)

    clock.refresh_from_db()
    assert clock.closed_reason == DeadlineEnd.MET
    assert clock.due == date(2026, 3, 9)
    assert _closed_on(clock) > clock.due, "decided after the limit: late"
    decision.refresh_from_db()
    assert decision.due_on == date(2026, 3, 9), "the statistics count the decision late"
    (investigation,) = _deadlines(routed, "inspection.investigate")
    assert investigation.start == date(2026, 3, 11), "60 working days counted from filing"
    routed.case.refresh_from_db()
    assert routed.case.status == Status.ACCEPTED


def test_a_decision_within_the_5_days_meets_the_limit(routed, inspector, inspection_head):
    with at(3, 5):
        decision = decision_propose(
            case=routed.case, actor=inspector, proposal=Proposal(ground=Ground.ACCEPT)
        )
        decision_approve(decision=decision, actor=inspection_head)
    (clock,) = _deadlines(routed, "inspection.accept")
    assert clock.closed_reason == DeadlineEnd.MET and _closed_on(clock) <= clock.due
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    assert decision.decided_by == inspection_head and decision.proposed_by == inspector


def test_only_the_head_approves_and_the_proposer_is_not_enough(
    routed, inspector, supervisor, inspection_head
):
    with at(3, 3):
        decision = decision_propose(
            case=routed.case, actor=inspector, proposal=Proposal(ground=Ground.ACCEPT)
        )
        for someone in (inspector, supervisor):
            with pytest.raises(ActionNotPermitted):
                decision_approve(decision=decision, actor=someone)
    routed.case.refresh_from_db()
    assert routed.case.status == Status.REGISTERED
    assert decision_actions_for(case=routed.case, user=inspection_head) == {
        "approve",
        "send_back",
    }
    assert decision_actions_for(case=routed.case, user=inspector) == set()
    # The head was told a decision waits.
    assert Notification.objects.filter(
        recipient=inspection_head, key=f"decision-proposed:{decision.pk}"
    ).exists()


def test_a_decision_sent_back_lets_the_inspector_propose_again(routed, inspector, inspection_head):
    with at(3, 3):
        first = decision_propose(
            case=routed.case,
            actor=inspector,
            proposal=Proposal(ground=Ground.OUT_OF_TIME, reason="三年前的工资"),
        )
        decision_send_back(decision=first, actor=inspection_head, reason="欠薪持续至今，未超时效")
        assert decision_actions_for(case=routed.case, user=inspector) == {"propose"}
        second = decision_propose(
            case=routed.case, actor=inspector, proposal=Proposal(ground=Ground.ACCEPT)
        )
    first.refresh_from_db()
    assert first.status == DecisionStatus.SENT_BACK
    assert second.status == DecisionStatus.PROPOSED
    kinds = list(CaseEvent.objects.filter(case=routed.case).values_list("kind", flat=True))
    assert kinds.count(EventKind.DECISION_PROPOSED) == 2
    assert EventKind.DECISION_SENT_BACK in kinds


def test_asking_to_complete_keeps_the_case_and_restarts_the_5_days(
    routed, window, inspector, inspection_head
):
    with at(3, 4):
        decision = decision_decide(
            case=routed.case,
            actor=inspection_head,
            proposal=Proposal(ground=Ground.COMPLETE, missing="用人单位的名称和地址"),
        )
    routed.case.refresh_from_db()
    assert routed.case.status == Status.REGISTERED, "告知补正 is not a refusal"
    assert decision.notice_number  # the written request carries the office's number
    (first,) = _deadlines(routed, "inspection.accept")
    assert first.closed_reason == DeadlineEnd.MET
    (wait,) = _deadlines(routed, "inspection.complete")
    assert wait.is_open and wait.start == date(2026, 3, 4)
    # Nothing else may be decided while the worker is completing the complaint.
    assert decision_actions_for(case=routed.case, user=inspection_head) == {"complete"}

    with at(3, 16):
        complaint_completed(case=routed.case, actor=window, received_on=date(2026, 3, 16))
    wait.refresh_from_db()
    assert wait.closed_reason == DeadlineEnd.MET
    second = _deadlines(routed, "inspection.accept")[-1]
    assert second.is_open and second.start == date(2026, 3, 16)
    assert second.due == date(2026, 3, 23), "5 working days from the completed complaint"
    assert decision_actions_for(case=routed.case, user=inspector) == {"propose"}


def test_the_completed_complaint_cannot_be_dated_in_the_future(routed, window, inspection_head):
    with at(3, 4):
        decision_decide(
            case=routed.case,
            actor=inspection_head,
            proposal=Proposal(ground=Ground.COMPLETE, missing="工资条"),
        )
        with pytest.raises(ValidationError) as error:
            complaint_completed(case=routed.case, actor=window, received_on=date(2026, 3, 5))
    assert "received_on" in error.value.message_dict
    assert not AcceptanceDecision.objects.filter(completed_on__isnull=False).exists()


def test_out_of_time_ends_the_case_with_a_numbered_notice(routed, inspection_head):
    with at(3, 5):
        decision = decision_decide(
            case=routed.case,
            actor=inspection_head,
            proposal=Proposal(ground=Ground.OUT_OF_TIME, reason="欠薪发生于2023年"),
        )
    case = decision.case
    case.refresh_from_db()
    assert case.status == Status.NOT_ACCEPTED
    assert case.outcome.code == "not_accepted_time_limit"
    assert case.not_accepted_notice == decision.notice_number != ""
    (clock,) = _deadlines(routed, "inspection.accept")
    assert clock.closed_reason == DeadlineEnd.MET


def test_not_for_inspection_with_arbitration_goes_on_at_the_arbitration_desk(
    routed, inspection_head
):
    with at(3, 5):
        decision = decision_decide(
            case=routed.case,
            actor=inspection_head,
            proposal=Proposal(
                ground=Ground.NOT_INSPECTION,
                reason="双方对加班费计算有争议，属劳动争议",
                route=Route.ARBITRATION,
                refer_to_arbitration=True,
            ),
        )
    case = decision.case
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS, "the ticket is followed to its end"
    routed.refresh_from_db()
    assert routed.status == ReferralStatus.RETURNED
    arbitration = case.referrals.get(desk__kind=DeskKind.ARBITRATION)
    assert arbitration.is_open
    assert decision.notice_number


def test_not_for_inspection_needs_the_route(routed, inspection_head):
    with at(3, 5), pytest.raises(ValidationError) as error:
        decision_decide(
            case=routed.case,
            actor=inspection_head,
            proposal=Proposal(ground=Ground.NOT_INSPECTION, reason="劳动争议"),
        )
    assert "route" in error.value.message_dict
    assert not AcceptanceDecision.objects.exists()


def test_another_office_s_territory_transfers_the_case(routed, inspection_head, other_district):
    with at(3, 5):
        decision = decision_decide(
            case=routed.case,
            actor=inspection_head,
            proposal=Proposal(
                ground=Ground.OTHER_OFFICE, reason="用工地点在东区", to_office=other_district
            ),
        )
    case = decision.case
    case.refresh_from_db()
    assert case.responsible_office == other_district
    assert case.status == Status.REGISTERED, "the other office decides on acceptance"
    assert decision.notice_number
    (clock,) = _deadlines(routed, "inspection.accept")
    assert clock.closed_reason == DeadlineEnd.MET


def test_the_same_office_is_not_another_office(routed, inspection_head, district):
    with pytest.raises(ValidationError):
        decision_decide(
            case=routed.case,
            actor=inspection_head,
            proposal=Proposal(ground=Ground.OTHER_OFFICE, reason="x", to_office=district),
        )
    assert Office.objects.count() >= 2


def test_the_office_a_complaint_is_sent_to_counts_its_5_days_from_the_transfer(
    routed, inspection_head, other_district
):
    with at(3, 6):
        decision_decide(
            case=routed.case,
            actor=inspection_head,
            proposal=Proposal(ground=Ground.OTHER_OFFICE, reason="东区", to_office=other_district),
        )
        services.case_route(case_id=routed.case.pk)
    east = routed.case.referrals.get(desk__office=other_district, desk__kind=DeskKind.INSPECTION)
    (clock,) = _deadlines(east, "inspection.accept")
    assert clock.start == date(2026, 3, 6) and clock.due == date(2026, 3, 13)


def test_a_filed_case_transferred_goes_on_with_its_investigation(
    accepted, supervisor, other_district
):
    from complaints import services as complaints

    with at(3, 9):
        complaints.case_transfer(
            case=accepted.case, actor=supervisor, to_office=other_district, reason="东区"
        )
        services.case_route(case_id=accepted.case.pk)
    east = accepted.case.referrals.get(desk__office=other_district)
    assert not _deadlines(east, "inspection.accept"), "nobody decides on acceptance again"
    (investigation,) = _deadlines(east, "inspection.investigate")
    assert investigation.start == date(2026, 3, 4), "still counted from the filing"


def test_an_overdue_wait_for_the_completed_complaint_is_chased_but_never_late(
    routed, window, inspection_head
):
    from dispatch_steps import sweep

    from complaints.models import Case
    from dispatch.selectors.cases import case_was_late

    with at(3, 4):
        decision_decide(
            case=routed.case,
            actor=inspection_head,
            proposal=Proposal(ground=Ground.COMPLETE, missing="工资条"),
        )
    sweep(3, 20)  # the 10 working days of the wait ran out on 03-18
    (wait,) = _deadlines(routed, "inspection.complete")
    assert wait.overdue_at is not None, "the window is chased"
    assert not Case.objects.filter(pk=routed.case.pk).filter(case_was_late()).exists()
