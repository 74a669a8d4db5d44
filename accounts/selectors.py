"""Reads of accounts data that other apps share."""

from collections.abc import Iterable

from accounts.models import User
from accounts.roles import Role


def supervisors_of_offices(
    office_ids: Iterable[int], *, role: str = Role.SUPERVISOR
) -> dict[int, list[User]]:
    """The active supervisors (or holders of `role`) of each office, by id: one query
    however many offices.

    Every office asked for has a list, empty when it has no active supervisor.
    """
    ids = {office_id for office_id in office_ids if office_id is not None}
    found: dict[int, list[User]] = {office_id: [] for office_id in ids}
    if not ids:
        return found
    supervisors = (
        User.objects.filter(office_id__in=ids, is_active=True, groups__name=role)
        .distinct()
        .order_by("id")
    )
    for user in supervisors:
        found[user.office_id].append(user)
    return found


def office_supervisors(office_id: int | None) -> list[User]:
    """The active supervisors of one office (those told of its escalations and requests)."""
    return supervisors_of_offices([office_id]).get(office_id, [])


def office_holders(office_id: int | None, role: str) -> list[User]:
    """The active users of one office who hold `role` (e.g. its heads of inspection)."""
    return supervisors_of_offices([office_id], role=role).get(office_id, [])
