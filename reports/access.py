"""Who may see the dashboard, for which offices, and who sees personal data in exports."""

from django.db.models import QuerySet

from accounts.models import Office
from accounts.roles import Role
from complaints.pii import UNMASKED_ROLES, may_see_personal_data
from complaints.selectors.predicates import office_tree
from complaints.selectors.visibility import sees_everything

DASHBOARD_ROLES = (Role.SUPERVISOR, Role.ADMINISTRATOR)

# Exports are files that leave the system: ID numbers and phones are masked in them
# unless the user may see personal data, by the one rule of complaints/pii.py (the same
# rule lets a user see one full ID number on the case page, recorded on its timeline).
UNMASKED_EXPORT_ROLES = UNMASKED_ROLES


def may_see_dashboard(user) -> bool:
    return user.is_authenticated and user.has_role(*DASHBOARD_ROLES)


def offices_for(user) -> QuerySet[Office]:
    """The offices whose figures the user may see: their own and those below it."""
    if sees_everything(user):
        return Office.objects.all()
    if user.office_id is None:
        return Office.objects.none()
    return office_tree(user.office)


def may_see_personal_data_in_exports(user) -> bool:
    return may_see_personal_data(user)
