"""What each row of "My cases" waits on, for dispatch's workspace (registered at start-up by
InspectionConfig.ready, dispatch/selectors/workspace.py `register_waiting`).

`referrals_waiting` reads the procedure of all the page's filed inspection referrals at once
(`procedure_states`: the same few queries for 1 row as for 25) and asks each the rule the
case page asks (`awaited`, which shares `missing_for` / `next_steps`).

`waits_on_inspector` is the same rule as a condition on referrals, for the "waiting on me"
filter: the filter runs over every open referral of the officer (or of a supervisor's
offices) before the page is cut, so it must be a database condition, not Python over the
rows. Python rules cannot run in SQL, so each part of `owed_by_inspector` is restated here
as an EXISTS on the case's rows, one for one; the tests compare the filter's rows with the
marks at every stage of the procedure (tests/inspection/test_my_cases_waiting.py).
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from complaints.models import DeskKind, DocumentKind, IssuedDocument, Status
from dispatch.models import RectificationOrder, Referral, ReferralStatus
from dispatch.selectors.workspace import Waiting
from inspection.models import (
    APPROVED_STEPS,
    SERVED_KINDS,
    CreditMeasure,
    CreditProposal,
    CreditStatus,
    Service,
    Step,
    StepKind,
    StepStatus,
)
from inspection.selectors import Awaited, awaited, procedure_states

# The referral statuses of a procedure's referral (dispatch's `inspection_referral`).
WORKING = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
# The statuses of a step taken (ProcedureState.taken's default).
TAKEN = (StepStatus.RECORDED, StepStatus.APPROVED)


def in_procedure(referral: Referral) -> bool:
    """The referral whose procedure may have started: the inspection desk's, taken on, of a
    case filed (ProcedureState.is_filed)."""
    return (
        referral.desk.kind == DeskKind.INSPECTION
        and referral.status in WORKING
        and referral.case.accepted_at is not None
    )


def _words(found: Awaited) -> str:
    """The step waited on in a few words: the names the procedure panel gives them."""
    if found.document is not None:
        return f"{_('Record service')} · {found.document.number or found.document.title}"
    names = " / ".join(str(StepKind(kind).label) for kind in found.steps)
    if found.refused:
        return f"{names} · {StepStatus.REFUSED.label}"
    return names


def referrals_waiting(referrals: list[Referral]) -> dict[int, Waiting]:
    """{referral id: what it waits on} for the rows that wait on anything."""
    rows = [referral for referral in referrals if in_procedure(referral)]
    if not rows:
        return {}
    states = procedure_states({r.case_id: (r.case, r) for r in rows}, for_list=True)
    marks = {}
    for referral in rows:
        found = awaited(states[referral.case_id])
        if found is not None:
            marks[referral.pk] = Waiting(on_officer=not found.by_head, step=_words(found))
    return _with_credit_proposals(rows, marks)


def _with_credit_proposals(rows: list[Referral], marks: dict[int, Waiting]) -> dict:
    """A row waiting on nothing else waits on the head when a credit consequence proposed
    on its case awaits the decision (one query for the page)."""
    unmarked = {referral.case_id: referral for referral in rows if referral.pk not in marks}
    pending = CreditProposal.objects.filter(
        case__in=list(unmarked), status=CreditStatus.PROPOSED
    ).order_by("proposed_at", "id")
    for proposal in pending:
        referral = unmarked[proposal.case_id]
        if referral.pk not in marks:
            marks[referral.pk] = Waiting(
                on_officer=False, step=str(CreditMeasure(proposal.measure).label)
            )
    return marks


# --- The same rule as a database condition on referrals -------------------------------


def _steps(**lookups):
    return Step.objects.filter(case=OuterRef("case_id"), **lookups)


def _started() -> Q:
    """`in_procedure`, the case open (`_needs_filed`) and not closed or cancelled."""
    ended = _steps(kind__in=[StepKind.CLOSING, StepKind.CANCELLATION], status=StepStatus.APPROVED)
    return Q(
        desk__kind=DeskKind.INSPECTION,
        status__in=WORKING,
        case__accepted_at__isnull=False,
        case__status__in=[Status.ACCEPTED, Status.IN_PROGRESS],
    ) & ~Exists(ended)


def _transfer_owed() -> Exists:
    """ProcedureState.pending_transfer_report."""
    made = Step.objects.filter(follows=OuterRef("pk"), kind=StepKind.TRANSFER, status__in=TAKEN)
    return Exists(
        _steps(kind=StepKind.TRANSFER_REPORT, status=StepStatus.APPROVED).filter(~Exists(made))
    )


def _document_unserved() -> Exists:
    """selectors.unserved_documents."""
    paid_first = RectificationOrder.objects.filter(
        case=OuterRef("case_id"), number=OuterRef("number"), complied_at__isnull=False
    )
    unserved = IssuedDocument.objects.filter(
        case=OuterRef("case_id"),
        kind__in=SERVED_KINDS,
        service__isnull=True,
        correction__isnull=True,
    ).exclude(Q(kind=DocumentKind.RECTIFICATION) & Exists(paid_first))
    return Exists(unserved)


def _order_unhandled(today: date) -> Exists:
    """selectors.unhandled_unpaid_orders (ProcedureState.served_unpaid_orders)."""
    served = Service.objects.filter(
        document__case=OuterRef("case_id"),
        document__kind=DocumentKind.RECTIFICATION,
        document__number=OuterRef("number"),
    )
    resting = Step.objects.filter(order=OuterRef("pk")).filter(
        Q(kind=StepKind.HANDLING_DECISION, status__in=TAKEN)
        | (Q(kind=StepKind.TRANSFER_REPORT) & ~Q(status=StepStatus.REFUSED))
    )
    unpaid = RectificationOrder.objects.filter(
        case=OuterRef("case_id"), complied_at__isnull=True, pay_by__lt=today
    )
    return Exists(unpaid.filter(Exists(served)).filter(~Exists(resting)))


def _refused() -> Exists:
    """selectors.refused_steps."""
    since = Step.objects.filter(
        case=OuterRef("case_id"), kind=OuterRef("kind"), pk__gt=OuterRef("pk")
    )
    return Exists(_steps(kind__in=APPROVED_STEPS, status=StepStatus.REFUSED).filter(~Exists(since)))


def _not_begun() -> Q:
    """Nothing done since the filing (selectors._begun)."""
    orders = RectificationOrder.objects.filter(case=OuterRef("case_id"))
    return ~Exists(_steps().exclude(kind=StepKind.FILING)) & ~Exists(orders)


def waits_on_inspector(today: date) -> Q:
    """Referrals whose procedure waits on their inspector (`owed_by_inspector` is not None)."""
    return _started() & (
        _transfer_owed()
        | _document_unserved()
        | _order_unhandled(today)
        | _refused()
        | _not_begun()
    )
