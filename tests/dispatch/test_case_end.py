"""An ended case's desks stop work: at once when the ending is announced, and no desk
starts work on it in the meantime (the announcement is a task after commit; with the
broker down, the hourly sweep closes the work up to an hour later)."""

import pytest

from complaints import services as complaints
from complaints.exceptions import InvalidTransition
from dispatch import services
from dispatch.models import Deadline
from dispatch.services.case_end import close_work_of_ended_cases
from dispatch.services.deadlines import deadline_actions_for
from dispatch.services.referrals import referral_actions_for


def test_a_desk_cannot_take_on_a_case_that_ended_before_its_work_was_closed(
    routed, officer, supervisor
):
    complaints.case_not_accept(
        case=routed.case,
        actor=supervisor,
        reason="超过投诉时效",
        notice_number="宜劳监不受字〔2026〕第001号",
    )
    routed.refresh_from_db()
    assert routed.is_open  # the announcement closing its work has not run yet
    assert referral_actions_for(user=officer, referral=routed) == set()
    deadline = Deadline.objects.get(referral=routed, closed_at__isnull=True)
    assert deadline_actions_for(user=officer, deadline=deadline) == set()
    with pytest.raises(InvalidTransition):
        services.referral_accept(referral=routed, actor=officer)
    assert not Deadline.objects.filter(referral=routed, policy__code="inspection.investigate")

    assert close_work_of_ended_cases() == 1
    routed.refresh_from_db()
    assert not routed.is_open
    assert not Deadline.objects.filter(referral=routed, closed_at__isnull=True).exists()
