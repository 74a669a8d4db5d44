"""The case page's procedure panel: the steps taken with their documents and their service,
the periods running, the proposals awaiting the head, and the next lawful steps this user
may take (inspection.selectors.next_steps, the same rule the services enforce).

Registered in the case page's "work" slot (complaints/panels.py) after the desks and the
orders to pay. It reads the procedure with `procedure_state` (a fixed handful of queries,
whatever the number of steps) and only for a filed case; the credit panel after it shows
the same reading (`page_procedure_state`).
"""

from dataclasses import dataclass

from django.urls import reverse

from accounts.roles import Role
from complaints.models import Case, IssuedDocument
from complaints.panels import WORK, register_case_panel
from dispatch.models import Deadline
from inspection.credit_selectors import bases, case_credit_proposals
from inspection.forms.credit import CreditProposeForm
from inspection.forms.ending import DecideForm
from inspection.models import SERVED_KINDS, Service, Step, StepKind
from inspection.selectors import ProcedureState, next_steps, procedure_state
from inspection.services.steps import may_work

# The page of each step an inspector takes, by URL name (all take the case's ticket).
STEP_PAGES = {
    StepKind.INQUIRY_NOTICE: "inspection:inquiry_notice",
    StepKind.INQUIRY_RECORD: "inspection:inquiry_record",
    StepKind.SITE_RECORD: "inspection:site_record",
    StepKind.HANDLING_DECISION: "inspection:handling_decision",
    StepKind.PENALTY_NOTICE: "inspection:penalty_notice",
    StepKind.HEARING: "inspection:hearing",
    StepKind.PENALTY_DECISION: "inspection:penalty_decision",
    StepKind.TRANSFER_REPORT: "inspection:transfer_report_propose",
    StepKind.TRANSFER: "inspection:transfer_make",
    StepKind.POLICE_ANSWER: "inspection:police_answer",
    StepKind.CANCELLATION: "inspection:cancellation_propose",
    StepKind.CLOSING: "inspection:closing_propose",
}

# The time limits of the procedure shown with their due time on the panel.
PROCEDURE_POLICIES = (
    "inspection.investigate",
    "inspection.extend",
    "inspection.serve",
    "inspection.rectify",
    "penalty.serve",
    "criminal.approve",
    "criminal.transfer",
    "criminal.answer",
)


@dataclass(frozen=True)
class DocumentRow:
    """One document of the procedure on the panel, with its service when served."""

    label: str
    when: object
    document: IssuedDocument | None
    service: Service | None
    serve_url: str = ""
    step: Step | None = None
    corrected_by: str = ""  # the number of the document that corrects it


def _serve_url(state: ProcedureState, document, user, servable: bool) -> str:
    if not servable or document is None or state.service_of(document) is not None:
        return ""
    if document.pk in state.corrections:
        return ""
    if state.is_ended or not may_work(user=user, state=state):
        return ""
    return reverse("inspection:document_serve", args=[state.case.ticket, document.pk])


def _rows(state: ProcedureState, user) -> list[DocumentRow]:
    rows = [
        DocumentRow(
            label=str(StepKind(step.kind).label),
            when=step.decided_at or step.created_at,
            document=step.document,
            service=state.service_of(step.document),
            serve_url=_serve_url(
                state, step.document, user, step.document and step.document.kind in SERVED_KINDS
            ),
            step=step,
            corrected_by=state.corrections.get(step.document_id, ""),
        )
        for step in state.steps
    ]
    for order in state.orders:
        document = state.order_documents.get(order.pk)
        rows.append(
            DocumentRow(
                label=str(document.title if document else order.number),
                when=order.issued_at,
                document=document,
                service=state.service_of(document),
                serve_url=_serve_url(state, document, user, True),
                corrected_by=state.corrections.get(document.pk, "") if document else "",
            )
        )
    return sorted(rows, key=lambda row: row.when)


def _next_links(state: ProcedureState, user) -> list[tuple[str, str]]:
    if not state.case.is_open or not may_work(user=user, state=state):
        return []
    return [
        (str(StepKind(kind).label), reverse(STEP_PAGES[kind], args=[state.case.ticket]))
        for kind in next_steps(state)
        if kind in STEP_PAGES
    ]


def page_procedure_state(case: Case) -> ProcedureState:
    """The procedure as the case page shows it, read once for all its panels.

    The panels are rendered after every write of the request (a view that changed the case
    redirects), and `case` is the object read for this one request (case_get_for), so the
    reading kept on it is never older than the page.
    """
    state = getattr(case, "_page_procedure_state", None)
    if state is None:
        state = procedure_state(case)
        case._page_procedure_state = state
    return state


def procedure_panel_context(*, case: Case, user) -> dict:
    """The context of inspection/_procedure.html; empty for a case not filed."""
    if case.accepted_at is None:
        return {"procedure": None}
    state = page_procedure_state(case)
    running = []
    if state.referral is not None:
        running = list(
            Deadline.objects.filter(
                referral=state.referral,
                closed_at__isnull=True,
                policy__code__in=PROCEDURE_POLICIES,
            )
            .select_related("policy")
            .order_by("due", "id")
        )
    proposals = [step for step in state.steps if step.awaits_approval]
    return {
        "procedure": state,
        "procedure_rows": _rows(state, user),
        "procedure_running": running,
        "procedure_proposals": proposals,
        "may_decide": user.has_role(Role.INSPECTION_HEAD),
        "next_links": _next_links(state, user),
        "served_kinds": SERVED_KINDS,
    }


def register_procedure_panel() -> None:
    register_case_panel(
        slot=WORK, order=30, template="inspection/_procedure.html", context=procedure_panel_context
    )


# --- Credit consequences (inspection/services/credit.py) ------------------------------


def credit_panel_context(*, case: Case, user) -> dict:
    """The context of inspection/_credit.html: shown on a filed case that has proposals or
    a basis for one (a served order or decision), with the propose link for who may work
    the case and the decide links for the head."""
    if case.accepted_at is None:
        return {"credit_shown": False}
    state = page_procedure_state(case)
    proposals = case_credit_proposals(case)
    has_basis = bool(bases(state))
    may_propose = has_basis and state.is_filed and may_work(user=user, state=state)
    return {
        "credit_shown": bool(proposals) or has_basis,
        "credit_proposals": proposals,
        "credit_may_propose": may_propose,
        "credit_form": CreditProposeForm(bases=bases(state)) if may_propose else None,
        "credit_decide_form": DecideForm(auto_id="credit_%s"),
        "credit_may_decide": user.has_role(Role.INSPECTION_HEAD),
        "credit_user_id": user.pk,
    }


def register_credit_panel() -> None:
    register_case_panel(
        slot=WORK, order=35, template="inspection/_credit.html", context=credit_panel_context
    )
