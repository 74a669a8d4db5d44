"""Who may see the dashboard, for which offices, and who sees personal data in exports."""

from django.db.models import QuerySet

from accounts.models import Office
from accounts.roles import Role
from complaints.selectors import office_tree, sees_everything

DASHBOARD_ROLES = (Role.SUPERVISOR, Role.ADMINISTRATOR)

# Exports are files that leave the system: ID numbers and phones are masked in them
# unless the user holds one of these roles (checked on the groups, so a superuser without
# the role gets masked data too). Supervisors answer for their office's cases and call
# workers back; window staff, officers and administrators get the masked forms.
UNMASKED_EXPORT_ROLES = frozenset({Role.SUPERVISOR})


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
    return bool(user.role_names & UNMASKED_EXPORT_ROLES)
