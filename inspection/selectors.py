"""Reads of the inspection procedure: where a case stands, and what may lawfully come next.

`procedure_state` loads a case's steps, orders and services in a few queries; `missing_for`
names what a step still needs (or None when it may be taken now). Both the services (which
refuse a step out of order with that message) and the case page (which offers only the
steps that may be taken) ask the same function, so the page and the server never disagree.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from complaints.models import Case, DocumentKind, IssuedDocument, Status
from config import clock
from dispatch.models import RectificationOrder, Referral
from dispatch.services.rectification import inspection_referral
from inspection.models import Service, Step, StepKind, StepStatus


@dataclass
class ProcedureState:
    case: Case
    referral: Referral | None
    steps: list[Step] = field(default_factory=list)
    orders: list[RectificationOrder] = field(default_factory=list)
    # Document id -> its service, for every served document of the case.
    services: dict[int, Service] = field(default_factory=dict)
    # Order id -> its issued document (the order's number is the document's).
    order_documents: dict[int, IssuedDocument] = field(default_factory=dict)
    # Document id -> the number (or title) of the document that corrects it.
    corrections: dict[int, str] = field(default_factory=dict)

    def taken(self, kind: str, *statuses: str) -> list[Step]:
        """The steps of `kind` (in `statuses`, default: recorded or approved), oldest first."""
        wanted = statuses or (StepStatus.RECORDED, StepStatus.APPROVED)
        return [s for s in self.steps if s.kind == kind and s.status in wanted]

    def proposed(self, kind: str) -> Step | None:
        found = self.taken(kind, StepStatus.PROPOSED)
        return found[0] if found else None

    def service_of(self, document: IssuedDocument | None) -> Service | None:
        return self.services.get(document.pk) if document is not None else None

    def order_service(self, order: RectificationOrder) -> Service | None:
        return self.service_of(self.order_documents.get(order.pk))

    @property
    def served_orders(self) -> list[RectificationOrder]:
        return [order for order in self.orders if self.order_service(order) is not None]

    @property
    def served_unpaid_orders(self) -> list[RectificationOrder]:
        """Served orders whose pay-by date has passed with no compliance recorded: the basis
        of a handling decision's 加付赔偿金 and of a transfer to the police (拒付解释 Art. 4)."""
        today = clock.today()
        return [
            order for order in self.served_orders if not order.is_complied and order.pay_by < today
        ]

    @property
    def is_filed(self) -> bool:
        return self.case.accepted_at is not None and self.referral is not None

    @property
    def is_ended(self) -> bool:
        """Closed or its filing cancelled: no further step."""
        return bool(
            self.taken(StepKind.CLOSING, StepStatus.APPROVED)
            or self.taken(StepKind.CANCELLATION, StepStatus.APPROVED)
        )

    @property
    def pending_transfer_report(self) -> Step | None:
        """An approved transfer report not yet carried out by a transfer."""
        transferred = {s.follows_id for s in self.taken(StepKind.TRANSFER)}
        for report in self.taken(StepKind.TRANSFER_REPORT, StepStatus.APPROVED):
            if report.pk not in transferred:
                return report
        return None


def procedure_state(case: Case) -> ProcedureState:
    """The case's procedure as it stands (read inside the caller's transaction)."""
    steps = list(
        Step.objects.filter(case=case).select_related("document").prefetch_related("inspectors")
    )
    orders = list(RectificationOrder.objects.filter(case=case).order_by("issued_at", "id"))
    documents = {
        doc.number: doc
        for doc in IssuedDocument.objects.filter(
            case=case, kind=DocumentKind.RECTIFICATION, number__in=[o.number for o in orders]
        )
    }
    services = {s.document_id: s for s in Service.objects.filter(document__case=case)}
    corrections = {
        corrected: number or title
        for corrected, number, title in IssuedDocument.objects.filter(
            case=case, corrects__isnull=False
        ).values_list("corrects_id", "number", "title")
    }
    return ProcedureState(
        case=case,
        referral=inspection_referral(case),
        steps=steps,
        orders=orders,
        services=services,
        corrections=corrections,
        order_documents={
            order.pk: documents[order.number] for order in orders if order.number in documents
        },
    )


def _needs_filed(state: ProcedureState) -> str | None:
    if state.case.status not in (Status.ACCEPTED, Status.IN_PROGRESS):
        return _("The case must be accepted and open.")
    if not state.is_filed:
        return _("The case must be filed (立案) and taken on by the inspection desk first.")
    if state.is_ended:
        return _("The inspection case is closed or its filing cancelled.")
    return None


def _needs_served_order(state: ProcedureState) -> str | None:
    if not state.served_orders:
        return _("An order to correct must have been served on the party first.")
    return None


def _needs_served_unpaid_order(state: ProcedureState) -> str | None:
    if not state.served_orders:
        return _(
            "An order to correct must have been served on the party before the case can be "
            "transferred."
        )
    if not state.served_unpaid_orders:
        return _("A served order's pay-by date must have passed with the wages still unpaid.")
    return None


def _needs_penalty_notice(state: ProcedureState) -> str | None:
    notices = state.taken(StepKind.PENALTY_NOTICE)
    if not notices:
        return _("The advance notice of the penalty must be issued first.")
    if state.service_of(notices[-1].document) is None:
        return _("The advance notice of the penalty must have been served first.")
    return None


# The time the advance notice gives the party to state its case and defend itself (陈述、
# 申辩, 行政处罚法 Art. 44, 45): the law names no period, the bureau's notice gives 3 days.
STATEMENT_DAYS = 3
# The time to request a hearing after being told of the right (行政处罚法 Art. 64 (1)).
HEARING_REQUEST_DAYS = 5


def defence_days(notice: Step) -> int:
    """The days the party has after service of `notice` to defend itself or ask a hearing."""
    return HEARING_REQUEST_DAYS if notice.details.get("hearing_right") else STATEMENT_DAYS


def _needs_defence_heard(state: ProcedureState) -> str | None:
    """The party was heard (a statement, a hearing, or a waiver recorded after the notice),
    or the time to defend itself or request a hearing has passed (行政处罚法 Art. 62, 64):
    a decision taken before that is void of the party's right."""
    notice = state.taken(StepKind.PENALTY_NOTICE)[-1]
    if any(s.follows_id == notice.pk for s in state.taken(StepKind.HEARING)):
        return None
    days = defence_days(notice)
    served_on = state.service_of(notice.document).served_on
    if (clock.today() - served_on).days > days:
        return None
    if notice.details.get("hearing_right"):
        message = _(
            "The party may request a hearing until %(date)s (5 days after service): record "
            "the hearing, the statement or the waiver first, or wait until then."
        )
    else:
        message = _(
            "The party may state its case until %(date)s (3 days after service): record the "
            "statement or the waiver first, or wait until then."
        )
    return message % {"date": (served_on + timedelta(days=days)).isoformat()}


def _needs_undecided_notice(state: ProcedureState) -> str | None:
    notice = state.taken(StepKind.PENALTY_NOTICE)[-1]
    if any(s.follows_id == notice.pk for s in state.taken(StepKind.PENALTY_DECISION)):
        return _("A penalty decision was already made on this advance notice.")
    return None


def _needs_no_pending_transfer(state: ProcedureState) -> str | None:
    """A transfer the head is deciding, or has approved and not yet carried out, is finished
    first (移送规定 Art. 5, 8). A transfer the police have not answered does not hold the
    closing up: the closing form says so."""
    if state.proposed(StepKind.TRANSFER_REPORT) or state.pending_transfer_report:
        return _(
            "A transfer to the police is awaiting the head or has not been carried out: finish "
            "it before closing."
        )
    return None


def _needs_approved_report(state: ProcedureState) -> str | None:
    if state.pending_transfer_report is None:
        return _("The head must have approved a transfer report first.")
    return None


def _needs_transfer(state: ProcedureState) -> str | None:
    if not state.taken(StepKind.TRANSFER):
        return _("The case must have been transferred to the police first.")
    return None


def _needs_no_proposal(kind: str):
    def check(state: ProcedureState) -> str | None:
        if state.proposed(kind) is not None:
            return _("This step already awaits the head's approval.")
        return None

    return check


def _needs_no_transfer(state: ProcedureState) -> str | None:
    if state.taken(StepKind.TRANSFER) or state.pending_transfer_report:
        return _("A case transferred to the police cannot have its filing cancelled.")
    return None


# What each step needs, in order: the first check that fails names what is missing.
REQUIREMENTS = {
    StepKind.INQUIRY_NOTICE: (_needs_filed,),
    StepKind.INQUIRY_RECORD: (_needs_filed,),
    StepKind.SITE_RECORD: (_needs_filed,),
    StepKind.HANDLING_DECISION: (_needs_filed, _needs_served_order),
    StepKind.PENALTY_NOTICE: (_needs_filed,),
    StepKind.HEARING: (_needs_filed, _needs_penalty_notice),
    StepKind.PENALTY_DECISION: (
        _needs_filed,
        _needs_penalty_notice,
        _needs_undecided_notice,
        _needs_defence_heard,
    ),
    StepKind.TRANSFER_REPORT: (
        _needs_filed,
        _needs_no_proposal(StepKind.TRANSFER_REPORT),
        _needs_served_unpaid_order,
    ),
    StepKind.TRANSFER: (_needs_filed, _needs_approved_report),
    StepKind.POLICE_ANSWER: (_needs_filed, _needs_transfer),
    StepKind.CANCELLATION: (
        _needs_filed,
        _needs_no_proposal(StepKind.CANCELLATION),
        _needs_no_transfer,
    ),
    StepKind.CLOSING: (
        _needs_filed,
        _needs_no_proposal(StepKind.CLOSING),
        _needs_no_pending_transfer,
    ),
}


def missing_for(state: ProcedureState, kind: str) -> str | None:
    """What step `kind` still needs on this case, or None when it may be taken now."""
    for check in REQUIREMENTS.get(kind, (_needs_filed,)):
        missing = check(state)
        if missing:
            return missing
    return None


def next_steps(state: ProcedureState) -> list[str]:
    """The steps that may lawfully be taken now, in the procedure's order."""
    return [kind for kind in REQUIREMENTS if missing_for(state, kind) is None]


def steps_awaiting_approval(*, cases):
    """Proposals awaiting the head on `cases` (a visibility-scoped queryset), oldest first."""
    return (
        Step.objects.filter(status=StepStatus.PROPOSED, case__in=cases)
        .select_related("case__employer", "created_by", "document")
        .order_by("created_at", "id")
    )
