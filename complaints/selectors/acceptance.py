"""Reads of acceptance decisions: what waits for the head's approval."""

from django.db.models import QuerySet

from complaints.models import AcceptanceDecision, DecisionStatus
from complaints.selectors.visibility import cases_visible_to


def decisions_awaiting_approval(*, user) -> QuerySet[AcceptanceDecision]:
    """The proposals waiting for approval on cases `user` may see, oldest first."""
    return (
        AcceptanceDecision.objects.filter(
            status=DecisionStatus.PROPOSED, case__in=cases_visible_to(user=user)
        )
        .select_related("case", "case__employer", "proposed_by", "office")
        .order_by("proposed_at", "id")
    )
