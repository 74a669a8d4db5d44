"""Who works a referral or a case now: those its reminders and instructions go to.

Read for many at once (the chase sweep handles a chunk of obligations in a fixed number
of statements); the one-case form is the same query.
"""

from collections.abc import Iterable

from dispatch.models import OPEN_REFERRAL_STATUSES, Desk, Referral


def desk_members_of(desk_ids: Iterable[int]) -> dict[int, list]:
    """The active members of each desk, by desk id, in one query."""
    ids = set(desk_ids)
    members: dict[int, list] = {desk_id: [] for desk_id in ids}
    if ids:
        memberships = (
            Desk.members.through.objects.filter(desk_id__in=ids, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
        )
        for membership in memberships:
            members[membership.desk_id].append(membership.user)
    return members


def has_working_officer(referral: Referral) -> bool:
    return referral.officer is not None and referral.officer.is_active


def referral_officers(referral: Referral, desk_members: dict[int, list]) -> list:
    """The referral's officer; with none (or one who left), its desk's active members.

    `desk_members` holds the members of the desk (see `desk_members_of`).
    """
    if has_working_officer(referral):
        return [referral.officer]
    return desk_members[referral.desk_id]


def officers_of_cases(case_ids: Iterable[int]) -> dict[int, list]:
    """Who works each case now: the officers of its open referrals, else their desks'
    members; by case id, in two queries at most."""
    ids = set(case_ids)
    if not ids:
        return {}
    referrals = list(
        Referral.objects.filter(case_id__in=ids, status__in=OPEN_REFERRAL_STATUSES)
        .select_related("officer")
        .order_by("id")
    )
    members = desk_members_of(r.desk_id for r in referrals if not has_working_officer(r))
    officers: dict[int, dict] = {case_id: {} for case_id in ids}
    for referral in referrals:
        for user in referral_officers(referral, members):
            officers[referral.case_id][user.pk] = user
    return {case_id: list(users.values()) for case_id, users in officers.items()}


def case_officers(case) -> list:
    """Who works the case now (see `officers_of_cases`)."""
    return officers_of_cases([case.pk])[case.pk]
