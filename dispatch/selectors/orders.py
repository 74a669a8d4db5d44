"""Reads for the order to correct (限期改正指令书): who may sign it, its document."""

from django.db.models import QuerySet

from accounts.models import Office, User
from accounts.roles import Role
from complaints.models import DocumentKind, IssuedDocument
from dispatch.models import RectificationOrder

# Who may sign an order as one of its two inspectors (劳动保障监察条例 Art. 16).
SIGNING_ROLES = (Role.INSPECTOR, Role.INSPECTION_HEAD, Role.SUPERVISOR)


def signing_inspectors(office: Office) -> QuerySet[User]:
    """The active users of `office` who may sign an order with the issuer."""
    return (
        User.objects.filter(office=office, is_active=True, groups__name__in=SIGNING_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def order_awaiting_service(orders) -> RectificationOrder | None:
    """Of a case's orders (oldest first), the one waiting to be served, which may still be
    corrected: the newest not served and not complied with (an older one not served was
    replaced by a correction)."""
    waiting = [order for order in orders if order.deadline_id is None and not order.is_complied]
    newest = orders[-1] if orders else None
    return newest if waiting and waiting[-1] is newest else None


def order_document(order: RectificationOrder) -> IssuedDocument | None:
    """The issued document of the order (one number for both); None for an order issued
    before orders were kept as issued documents."""
    return IssuedDocument.objects.filter(
        case_id=order.case_id, kind=DocumentKind.RECTIFICATION, number=order.number
    ).first()
