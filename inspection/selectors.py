"""Reads of the inspection procedure: where a case stands, and what may lawfully come next.

`procedure_state` loads a case's steps, orders and services in a few queries; `missing_for`
names what a step still needs (or None when it may be taken now). Both the services (which
refuse a step out of order with that message) and the case page (which offers only the
steps that may be taken) ask the same function, so the page and the server never disagree.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from complaints.models import Case, DocumentKind, IssuedDocument, Status
from config import clock
from dispatch.models import RectificationOrder, Referral
from dispatch.services.rectification import inspection_referral
from inspection.models import APPROVED_STEPS, SERVED_KINDS, Service, Step, StepKind, StepStatus


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
    return procedure_states({case.pk: (case, inspection_referral(case))})[case.pk]


def procedure_states(
    cases: dict[int, tuple[Case, Referral | None]], *, for_list: bool = False
) -> dict[int, ProcedureState]:
    """The procedure of each case ({case id: (case, its inspection referral)}), read in the
    same few queries whatever the number of cases, so a list (My cases) asks the same rules
    of each row as the case page asks of one case. `for_list` reads neither the steps' two
    inspectors nor the documents' content, which a list does not show."""
    ids = list(cases)
    states = {
        pk: ProcedureState(case=case, referral=referral) for pk, (case, referral) in cases.items()
    }
    steps = Step.objects.filter(case__in=ids).select_related("document")
    steps = steps.defer("document__content") if for_list else steps.prefetch_related("inspectors")
    for step in steps:
        states[step.case_id].steps.append(step)
    orders = list(RectificationOrder.objects.filter(case__in=ids).order_by("issued_at", "id"))
    documents = IssuedDocument.objects.filter(
        case__in=ids, kind=DocumentKind.RECTIFICATION, number__in=[o.number for o in orders]
    )
    by_number = {doc.number: doc for doc in (documents.defer("content") if for_list else documents)}
    for order in orders:
        states[order.case_id].orders.append(order)
        if order.number in by_number:
            states[order.case_id].order_documents[order.pk] = by_number[order.number]
    services = Service.objects.filter(document__case__in=ids).annotate(
        case_of_document=F("document__case_id")
    )
    for service in services:
        states[service.case_of_document].services[service.document_id] = service
    corrections = IssuedDocument.objects.filter(case__in=ids, corrects__isnull=False)
    for case_id, corrected, number, title in corrections.values_list(
        "case_id", "corrects_id", "number", "title"
    ):
        states[case_id].corrections[corrected] = number or title
    return states


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


# --- What a filed case waits on (the inspector's "My cases" marks it) -------------------


@dataclass(frozen=True)
class Awaited:
    """What a filed case waits on: a step its inspector must take now, or (`by_head`) the
    head's decision on a proposal. `steps` names the steps (their kinds), `document` a
    document to serve, `refused` that the head refused the step named."""

    by_head: bool
    steps: tuple[str, ...] = ()
    document: IssuedDocument | None = None
    refused: bool = False


def unserved_documents(state: ProcedureState) -> list[IssuedDocument]:
    """Documents for the party (SERVED_KINDS) issued and not served yet: not one a correction
    replaced (it is never served), nor an order the party paid before it was served."""
    paid_first = {
        state.order_documents[order.pk].pk
        for order in state.orders
        if order.is_complied and order.pk in state.order_documents
    }
    issued = [s.document for s in state.steps if s.document is not None]
    return [
        document
        for document in [*issued, *state.order_documents.values()]
        if document.kind in SERVED_KINDS
        and document.pk not in state.services
        and document.pk not in state.corrections
        and document.pk not in paid_first
    ]


def unhandled_unpaid_orders(state: ProcedureState) -> list[RectificationOrder]:
    """Served orders unpaid past their pay-by date on which neither a handling decision nor
    a transfer report (unless refused) rests yet: one of the two is owed (拒付解释 Art. 4;
    劳动合同法 Art. 85)."""
    handled = {s.order_id for s in state.taken(StepKind.HANDLING_DECISION)} | {
        s.order_id
        for s in state.steps
        if s.kind == StepKind.TRANSFER_REPORT and s.status != StepStatus.REFUSED
    }
    return [order for order in state.served_unpaid_orders if order.pk not in handled]


def refused_steps(state: ProcedureState) -> list[Step]:
    """Proposals the head refused with none of their kind proposed since: the inspector takes
    the case up again (redoes the step, or goes on another way)."""
    latest: dict[str, Step] = {}
    for step in state.steps:
        if step.kind in APPROVED_STEPS and (
            step.kind not in latest or step.pk > latest[step.kind].pk
        ):
            latest[step.kind] = step
    return [step for step in latest.values() if step.status == StepStatus.REFUSED]


def _begun(state: ProcedureState) -> bool:
    """Anything done since the filing: a step or an order."""
    return bool(state.orders) or any(s.kind != StepKind.FILING for s in state.steps)


def owed_by_inspector(state: ProcedureState) -> Awaited | None:
    """The step the inspector owes now on a filed case, the most pressing first: the
    transfer the head approved (24 hours), a document to serve, a decision on an unpaid
    order, a refused proposal, the investigation's first step. inspection/waiting.py puts
    the same rule as a database condition; change both together."""
    if state.pending_transfer_report is not None:
        return Awaited(by_head=False, steps=(StepKind.TRANSFER,))
    unserved = unserved_documents(state)
    if unserved:
        return Awaited(by_head=False, document=unserved[0])
    if unhandled_unpaid_orders(state):
        either = (StepKind.HANDLING_DECISION, StepKind.TRANSFER_REPORT)
        allowed = tuple(kind for kind in either if missing_for(state, kind) is None)
        return Awaited(by_head=False, steps=allowed or either[:1])
    refused = refused_steps(state)
    if refused:
        return Awaited(by_head=False, steps=(refused[0].kind,), refused=True)
    if not _begun(state) and StepKind.INQUIRY_NOTICE in next_steps(state):
        return Awaited(by_head=False, steps=(StepKind.INQUIRY_NOTICE,))
    return None


def awaited(state: ProcedureState) -> Awaited | None:
    """What the case waits on: its inspector first, else the head's approval; None when the
    procedure has not started (not filed) or has ended."""
    if _needs_filed(state) is not None:
        return None
    owed = owed_by_inspector(state)
    if owed is not None:
        return owed
    proposals = tuple(step.kind for step in state.steps if step.awaits_approval)
    return Awaited(by_head=True, steps=proposals) if proposals else None


def steps_awaiting_approval(*, cases):
    """Proposals awaiting the head on `cases` (a visibility-scoped queryset), oldest first."""
    return (
        Step.objects.filter(status=StepStatus.PROPOSED, case__in=cases)
        .select_related("case__employer", "created_by", "document")
        .order_by("created_at", "id")
    )
