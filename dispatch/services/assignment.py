"""Shared by routing and referral work: who gets a referral, and which clock starts."""

from datetime import date, datetime

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from complaints.models import DeskKind
from config import clock
from dispatch.due_dates import compute_due, policy_get
from dispatch.models import OPEN_REFERRAL_STATUSES, Deadline, Desk, Referral
from dispatch.services.next_due import refresh_next_due

# The first statutory step of each desk, started by the referral (DEADLINES.md).
ACCEPT_POLICY = {
    DeskKind.INSPECTION: "inspection.accept",
    DeskKind.ARBITRATION: "arbitration.accept",
    DeskKind.WORK_INJURY: "injury.accept",
    DeskKind.SOCIAL_INSURANCE: "social_insurance.accept",
    DeskKind.LEGAL_AID: "legal_aid.decide",
}
# The step each desk must finish once it has accepted.
CONCLUDE_POLICY = {
    DeskKind.INSPECTION: "inspection.investigate",
    DeskKind.ARBITRATION: "arbitration.conclude",
    DeskKind.WORK_INJURY: "injury.decide",
    DeskKind.SOCIAL_INSURANCE: "social_insurance.investigate",
    DeskKind.LEGAL_AID: "legal_aid.assign",
}
# Steps that may be extended once, with approval, and the policy of the extension.
EXTENSION_POLICY = {
    "inspection.investigate": "inspection.extend",
    "arbitration.conclude": "arbitration.extend",
    "social_insurance.investigate": "social_insurance.extend",
}

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


def open_deadline(referral: Referral, policy_code: str, start: date) -> Deadline:
    """Start the clock of `policy_code` on the referral, counted from `start`."""
    policy = policy_get(policy_code)
    due = compute_due(policy, start)
    deadline = Deadline.objects.create(
        referral=referral,
        policy=policy,
        start=start,
        due=due.due,
        provisional=due.provisional,
        created_at=clock.now(),
    )
    refresh_next_due([referral.pk])
    return deadline
