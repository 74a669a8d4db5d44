"""Who may work on a referral: the rule under the referral and deadline actions."""

from accounts.roles import Role
from complaints.selectors.visibility import case_visible_to
from dispatch.models import Referral


def desk_members(desk) -> list:
    # Through `members.all()`, so the case page (which prefetched the members of its
    # referrals' desks) asks the database nothing more per referral.
    return list(desk.members.all())


def is_desk_member(user, desk) -> bool:
    return any(member.pk == user.pk for member in desk_members(desk))


def sees_referral(user, referral: Referral) -> bool:
    """The case is visible to the user, or the user is the referral's officer."""
    return case_visible_to(user=user, case=referral.case) or user.pk == referral.officer_id


def may_work_on(*, user, referral: Referral) -> bool:
    """The assigned officer, a member of the desk, or a supervisor (who sees the case)."""
    if user.pk == referral.officer_id or user.has_role(Role.SUPERVISOR):
        return True
    return is_desk_member(user, referral.desk)
