"""An ended case's desks stop work: at once when the ending is announced, and no desk
starts work on it in the meantime (the announcement is a task after commit; with the
broker down, the hourly sweep closes the work up to an hour later)."""

import pytest

from complaints import services as complaints
from complaints.exceptions import InvalidTransition
from complaints.models import CaseEvent, Outcome
from dispatch import services
from dispatch.models import Deadline, DeadlineEnd
from dispatch.services.case_end import close_work_of_ended_cases
from dispatch.services.deadlines import deadline_actions_for
from dispatch.services.referrals import referral_actions_for


def test_a_desk_cannot_take_on_a_case_that_ended_before_its_work_was_closed(
    routed, officer, inspection_head
):
    complaints.case_not_accept(
        case=routed.case,
        actor=inspection_head,
        reason="超过投诉时效",
        ground=Outcome.objects.get(code="not_accepted_time_limit"),
    )
    routed.refresh_from_db()
    assert routed.is_open  # the announcement closing its work has not run yet
    assert referral_actions_for(user=officer, referral=routed) == set()
    # The decision itself met the 5-day clock (in its transaction); nothing else runs.
    deadline = Deadline.objects.get(referral=routed, policy__code="inspection.accept")
    assert deadline.closed_reason == DeadlineEnd.MET
    assert deadline_actions_for(user=officer, deadline=deadline) == set()
    with pytest.raises(InvalidTransition):
        services.referral_accept(referral=routed, actor=officer)
    assert not Deadline.objects.filter(referral=routed, policy__code="inspection.investigate")

    assert close_work_of_ended_cases() == 1
    routed.refresh_from_db()
    assert not routed.is_open
    assert not Deadline.objects.filter(referral=routed, closed_at__isnull=True).exists()


def test_cancelling_the_filing_ends_the_case_and_its_desks_work(accepted, window, inspection_head):
    """After filing a withdrawal ends the case only by the head's 撤销立案; that ending is
    announced like any other and closes the desks' open work."""
    from dispatch.tasks import announce_event

    case = accepted.case
    complaints.case_request_withdrawal(case=case, actor=window, reason="工资已结清，申请撤回")
    request = CaseEvent.objects.get(case=case, kind="withdrawal_requested")
    announce_event.apply(args=[request.pk])
    accepted.refresh_from_db()
    assert accepted.is_open  # a request alone ends nothing

    complaints.case_cancel_filing(case=case, actor=inspection_head, reason="情节轻微且已改正")
    announce_event.apply(args=[CaseEvent.objects.get(case=case, kind="filing_cancelled").pk])
    accepted.refresh_from_db()
    assert not accepted.is_open
    assert not Deadline.objects.filter(referral=accepted, closed_at__isnull=True).exists()
