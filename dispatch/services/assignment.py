"""Shared by routing and referral work: who gets a referral.

Which clock a referral starts is in dispatch/services/deadlines.py.
"""

from datetime import datetime

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from dispatch.models import OPEN_REFERRAL_STATUSES, Desk, Referral

_NEVER = datetime(2000, 1, 1, tzinfo=timezone.get_fixed_timezone(0))


def least_loaded_officer(desk: Desk):
    """The active member with the fewest open referrals; ties go to the longest-idle one.

    Two small subqueries per member, each answered from an index (open referrals by
    officer; the officer's latest referral), never a scan of their whole history.
    """
    open_referrals = (
        Referral.objects.filter(officer=OuterRef("pk"), status__in=OPEN_REFERRAL_STATUSES)
        .values("officer")
        .annotate(count=Count("id"))
        .values("count")
    )
    latest = Referral.objects.filter(officer=OuterRef("pk")).order_by("-created_at")
    members = desk.members.filter(is_active=True).annotate(
        open_count=Coalesce(Subquery(open_referrals), 0),
        last_assigned=Subquery(latest.values("created_at")[:1]),
    )
    ranked = sorted(
        members, key=lambda user: (user.open_count, user.last_assigned or _NEVER, user.pk)
    )
    return ranked[0] if ranked else None
