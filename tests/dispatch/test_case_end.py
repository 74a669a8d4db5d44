"""An ended case's desks stop work: at once when the ending is announced, and no desk
starts work on it in the meantime (the announcement is a task after commit; with the
broker down, the hourly sweep closes the work up to an hour later)."""

import pytest

from accounts.roles import Role
from complaints import services as complaints
from complaints.exceptions import InvalidTransition
from complaints.models import DeskKind
from dispatch import services
from dispatch.models import Deadline, Desk
from dispatch.services.case_end import close_work_of_ended_cases
from dispatch.services.referrals import deadline_actions_for, referral_actions_for


@pytest.fixture
def officer(district, user_factory):
    user = user_factory("officer", district, Role.INSPECTOR)
    desk, _ = Desk.objects.get_or_create(office=district, kind=DeskKind.INSPECTION)
    desk.members.add(user)
    return user


@pytest.fixture
def pending(register_case, officer):
    case = register_case()
    return services.case_route(case_id=case.pk)[0]


def test_a_desk_cannot_take_on_a_case_that_ended_before_its_work_was_closed(
    pending, officer, supervisor
):
    complaints.case_not_accept(
        case=pending.case,
        actor=supervisor,
        reason="超过投诉时效",
        notice_number="宜劳监不受字〔2026〕第001号",
    )
    pending.refresh_from_db()
    assert pending.is_open  # the announcement closing its work has not run yet
    assert referral_actions_for(user=officer, referral=pending) == set()
    deadline = Deadline.objects.get(referral=pending, closed_at__isnull=True)
    assert deadline_actions_for(user=officer, deadline=deadline) == set()
    with pytest.raises(InvalidTransition):
        services.referral_accept(referral=pending, actor=officer)
    assert not Deadline.objects.filter(referral=pending, policy__code="inspection.investigate")

    assert close_work_of_ended_cases() == 1
    pending.refresh_from_db()
    assert not pending.is_open
    assert not Deadline.objects.filter(referral=pending, closed_at__isnull=True).exists()
