"""The one rule for who may see which case (and which consultation).

A user sees a case when its responsible or registering office is their office or one
below it, or when they are its first responder (who stays accountable after a transfer).
Administrators and superusers see every case; a platform's API account only the cases it
registered. Every page, endpoint, export and service asks here.
"""

from django.db.models import Q, QuerySet

from accounts.models import Office
from accounts.roles import Role
from complaints.exceptions import CaseNotVisible
from complaints.models import Case, Consultation


def office_subtree_ids(user) -> frozenset[int]:
    """Ids of the user's office and every office below it (cached on the user)."""
    cached = getattr(user, "_office_subtree_ids", None)
    if cached is None:
        if user.office_id is None:
            cached = frozenset()
        else:
            office_path = Office.objects.values_list("path", flat=True).get(pk=user.office_id)
            cached = frozenset(
                Office.objects.filter(path__startswith=office_path).values_list("id", flat=True)
            )
        user._office_subtree_ids = cached
    return cached


def sees_everything(user) -> bool:
    return user.is_superuser or user.has_role(Role.ADMINISTRATOR)


def is_platform_account(user) -> bool:
    """A machine account of a platform (platform_channel set) holding no staff role."""
    return bool(getattr(user, "platform_channel", "")) and not user.has_role(*Role.values)


def cases_visible_to(*, user) -> QuerySet[Case]:
    cases = Case.objects.all()
    if sees_everything(user):
        return cases
    if is_platform_account(user):  # on the pages too, as in the API: only its own cases
        return cases.filter(first_responder=user)
    offices = office_subtree_ids(user)
    return cases.filter(
        Q(responsible_office_id__in=offices)
        | Q(registering_office_id__in=offices)
        | Q(first_responder=user)
    )


def case_visible_to(*, user, case: Case) -> bool:
    if sees_everything(user) or case.first_responder_id == user.pk:
        return True
    if is_platform_account(user):
        return False
    offices = office_subtree_ids(user)
    return case.responsible_office_id in offices or case.registering_office_id in offices


def case_lock_for(*, user, case_id: int) -> Case:
    """The case, its row locked for a change (inside the caller's transaction), or
    CaseNotVisible when `user` may not see it: lock first, so the check reads the row as
    the change will find it."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if not case_visible_to(user=user, case=case):
        raise CaseNotVisible()
    return case


def cases_visible_to_api(*, user) -> QuerySet[Case]:
    """`cases_visible_to`, narrowed for platform accounts to the cases they registered."""
    cases = cases_visible_to(user=user)
    if is_platform_account(user):
        cases = cases.filter(first_responder=user)
    return cases


def consultations_visible_to(*, user) -> QuerySet[Consultation]:
    consultations = Consultation.objects.select_related("answered_by", "office")
    if sees_everything(user):
        return consultations
    return consultations.filter(Q(office_id__in=office_subtree_ids(user)) | Q(answered_by=user))


def consultations_visible_to_api(*, user) -> QuerySet[Consultation]:
    consultations = consultations_visible_to(user=user)
    if is_platform_account(user):
        consultations = consultations.filter(answered_by=user)
    return consultations
