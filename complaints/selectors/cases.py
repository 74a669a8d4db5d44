"""One case for its page, read through the visibility rule."""

from django.db.models import Prefetch

from complaints.exceptions import CaseNotVisible
from complaints.models import AcceptanceDecision, Case, CaseEvent, Complainant, MissingMaterial
from complaints.panels import case_panel_prefetches
from complaints.selectors.visibility import cases_visible_to, is_platform_account


def case_get_for(*, user, ticket: str) -> Case:
    """One case with what its page shows, or CaseNotVisible (also when it does not exist)."""
    case = (
        cases_visible_to(user=user)
        .select_related(
            "employer",
            "first_responder",
            "first_responder__office",
            "registering_office",
            "responsible_office",
            "merged_into",
            "outcome",
        )
        .prefetch_related(
            Prefetch(
                "complainants",
                queryset=Complainant.objects.order_by("id").prefetch_related("payments"),
            ),
            Prefetch("missing_materials", queryset=MissingMaterial.objects.order_by("id")),
            Prefetch(
                "acceptance_decisions",
                queryset=AcceptanceDecision.objects.select_related(
                    "proposed_by", "decided_by", "to_office", "office"
                ).order_by("proposed_at", "id"),
            ),
            "evidence__uploaded_by",
            Prefetch(
                "events",
                queryset=CaseEvent.objects.select_related("actor").order_by("created_at", "id"),
            ),
            # What the panels registered for the case page read (complaints/panels.py).
            *case_panel_prefetches(),
        )
        .filter(ticket=ticket)
        .first()
    )
    if case is None:
        raise CaseNotVisible()
    return case


def case_get_for_api(*, user, ticket: str) -> Case:
    """`case_get_for` with the platform narrowing; CaseNotVisible either way."""
    case = case_get_for(user=user, ticket=ticket)
    if is_platform_account(user) and case.first_responder_id != user.pk:
        raise CaseNotVisible()
    return case


def ledger_totals(complainants) -> dict:
    """Owed and recovered in total over already-loaded complainants (no query)."""
    return {
        "owed": sum((person.owed_amount or 0) for person in complainants),
        "recovered": sum(person.recovered_amount for person in complainants),
    }
