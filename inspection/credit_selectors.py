"""Reads of the credit consequences (inspection/services/credit.py): which served orders or
decisions a proposal may rest on, the proposals awaiting the head, and the flags an
employer's page shows.

A proposal rests on what the transfer to the police rests on (ProcedureState
.served_unpaid_orders: an order served on the party whose pay-by date passed unpaid), or on
a served handling decision whose period to comply passed with the order still unpaid.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from complaints.models import Employer, IssuedDocument
from complaints.selectors.employers import employer_records
from config import clock
from dispatch.models import RectificationOrder
from inspection.models import CreditProposal, CreditStatus, Step, StepKind
from inspection.selectors import ProcedureState


@dataclass(frozen=True)
class Basis:
    """A served order or decision the employer did not comply with: the document, the order
    behind it (a decision rests on an order) and the day compliance was due."""

    document: IssuedDocument
    order: RectificationOrder
    due: date

    @property
    def label(self) -> str:
        return f"{self.document.title} {self.document.number} ({self.due.isoformat()})"


def _decision_due(state: ProcedureState, step: Step) -> date | None:
    service = state.service_of(step.document)
    if service is None:
        return None
    return service.served_on + timedelta(days=int(step.details.get("pay_within_days") or 0))


def bases(state: ProcedureState) -> list[Basis]:
    """Every served order or handling decision of the case, unpaid or not: `basis_missing`
    says whether one is a basis now."""
    found = []
    for order in state.served_orders:
        document = state.order_documents[order.pk]
        found.append(Basis(document=document, order=order, due=order.pay_by))
    orders = {order.pk: order for order in state.orders}
    for step in state.taken(StepKind.HANDLING_DECISION):
        due = _decision_due(state, step)
        if due is not None and step.order_id in orders:
            found.append(Basis(document=step.document, order=orders[step.order_id], due=due))
    return found


def basis_missing(state: ProcedureState, basis: Basis) -> str | None:
    """Why `basis` is no ground for a credit consequence yet, or None when it is one. An
    order is one when the transfer's rule holds (ProcedureState.served_unpaid_orders); a
    decision when its period to comply passed with the order still unpaid."""
    values = {"document": basis.document.number, "date": basis.due.isoformat()}
    if basis.order.is_complied:
        return _("%(document)s was complied with: the wages were paid.") % values
    is_order = basis.document.pk == getattr(state.order_documents.get(basis.order.pk), "pk", None)
    if is_order and basis.order in state.served_unpaid_orders:
        return None
    if not is_order and basis.due < clock.today():
        return None
    return (
        _("The time to pay under %(document)s runs until %(date)s: it has not passed yet.") % values
    )


def unpaid_bases(state: ProcedureState) -> list[Basis]:
    """The bases a proposal may rest on now."""
    return [basis for basis in bases(state) if basis_missing(state, basis) is None]


def credit_awaiting(*, cases):
    """Proposals awaiting the head on `cases` (a visibility-scoped queryset), oldest first."""
    return (
        CreditProposal.objects.filter(status=CreditStatus.PROPOSED, case__in=cases)
        .select_related("case", "employer", "proposed_by", "basis")
        .order_by("proposed_at", "id")
    )


def case_credit_proposals(case) -> list[CreditProposal]:
    return list(
        CreditProposal.objects.filter(case=case).select_related(
            "employer", "proposed_by", "decided_by", "basis"
        )
    )


def employer_credit_flags(*, employer: Employer, user) -> list[dict]:
    """The approved measures and pending proposals against the employer, newest first, for
    the employer's page (complaints/employer_flags.py), on every record of the same
    company as the page's totals are. The measures are the bureau's public acts, so every
    office's are shown; the case ticket is not."""
    proposals = CreditProposal.objects.filter(
        employer__in=employer_records(employer=employer),
        status__in=[CreditStatus.APPROVED, CreditStatus.PROPOSED],
    )
    return [
        {
            "measure": proposal.get_measure_display(),
            "approved": proposal.status == CreditStatus.APPROVED,
            "status": proposal.get_status_display(),
            "proposed_on": proposal.proposed_at,
            "decided_on": proposal.decided_at,
        }
        for proposal in proposals.order_by("-proposed_at", "-id")
    ]
