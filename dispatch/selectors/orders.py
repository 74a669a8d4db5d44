"""Reads for the order to correct (限期改正指令书): who may sign it."""

from django.db.models import QuerySet

from accounts.models import Office, User
from accounts.roles import Role

# Who may sign an order as one of its two inspectors (劳动保障监察条例 Art. 16).
SIGNING_ROLES = (Role.INSPECTOR, Role.INSPECTION_HEAD, Role.SUPERVISOR)


def signing_inspectors(office: Office) -> QuerySet[User]:
    """The active users of `office` who may sign an order with the issuer."""
    return (
        User.objects.filter(office=office, is_active=True, groups__name__in=SIGNING_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
