"""The transfer of a case to the police on suspicion of refusing to pay workers'
remuneration (拒不支付劳动报酬罪, 刑法 Art. 276-1).

行政执法机关移送涉嫌犯罪案件的规定 (国务院令第310号):
- Art. 5: two or more inspectors make a written transfer report to the head; the head
  approves or refuses within 3 days (policy criminal.approve); a refusal's reason is put on
  file; once approved, the case goes to the police of the same level within 24 hours
  (policy criminal.transfer, counted in hours from the approval).
- Art. 6: with the transfer letter (移送书) go the case's documents, the evidence list and
  the inspection records: the letter carries their index.
- Art. 8: the police decide within 3 days whether to file the case and answer in writing
  (policy criminal.answer, chased but not the bureau's statutory limit).

A transfer rests on an order to correct served on the party whose pay-by date passed with
the wages unpaid (最高法 法释〔2013〕3号 Art. 4): inspection.selectors.missing_for says so.
The documents' texts are in inspection/services/transfer_text.py.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Case, DocumentKind
from config import clock
from dispatch.models import DeadlineEnd, RectificationOrder, Referral
from dispatch.services.deadlines import deadline_open, deadlines_close
from dispatch.services.rectification import check_two_inspectors
from inspection.models import PoliceOutcome, Step, StepKind
from inspection.services import transfer_text
from inspection.services.steps import (
    locked_state,
    step_approve,
    step_propose,
    step_record,
    step_refuse,
)

APPROVE_POLICY = "criminal.approve"
TRANSFER_POLICY = "criminal.transfer"
ANSWER_POLICY = "criminal.answer"


def _meet(referral: Referral | None, policy_code: str) -> None:
    """The step of `policy_code` is done: its running clock on the referral is met."""
    if referral is None:
        return
    running = referral.deadlines.filter(closed_at__isnull=True, policy__code=policy_code)
    for deadline_id in running.values_list("pk", flat=True):
        deadlines_close(referral=referral, reason=DeadlineEnd.MET, deadline_id=deadline_id)


def _required(value: str, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


@transaction.atomic
def transfer_report_propose(
    *, case: Case, actor, second_inspector, order: RectificationOrder | None, reasons: str
) -> Step:
    """Two inspectors put the written transfer report to the head (Art. 5), resting on
    `order`, a served order whose pay-by date passed unpaid; the head has 3 days."""
    reasons = _required(reasons, "reasons", _("Write why the case should be transferred."))
    state = locked_state(case=case, actor=actor, kind=StepKind.TRANSFER_REPORT)
    check_two_inspectors(actor, second_inspector, state.referral.desk.office)
    unpaid = {candidate.pk: candidate for candidate in state.served_unpaid_orders}
    if order is None or order.pk not in unpaid:
        raise ValidationError(
            {"order": _("Choose a served order whose pay-by date passed with the wages unpaid.")}
        )
    order = unpaid[order.pk]
    step = step_propose(
        case=case,
        kind=StepKind.TRANSFER_REPORT,
        actor=actor,
        second_inspector=second_inspector,
        order=order,
        amount=order.amount_ordered,
        details={"reasons": reasons},
        compose=lambda step: transfer_text.report_content(step, state),
        state=state,
    )
    deadline_open(referral=state.referral, policy_code=APPROVE_POLICY, start=clock.today())
    return step


def _transfer_report(step: Step) -> Step:
    if step.kind != StepKind.TRANSFER_REPORT:
        raise ValueError(f"step {step.pk} is not a transfer report")
    return step


@transaction.atomic
def transfer_report_approve(*, step: Step, actor, note: str) -> Step:
    """The head approves the transfer (Art. 5): the 24 hours to transfer run from now."""
    approved = step_approve(step=_transfer_report(step), actor=actor, note=note)
    _meet(approved.referral, APPROVE_POLICY)
    deadline_open(
        referral=approved.referral, policy_code=TRANSFER_POLICY, start_at=approved.decided_at
    )
    return approved


@transaction.atomic
def transfer_report_refuse(*, step: Step, actor, note: str) -> Step:
    """The head refuses the transfer, the reason put on file (Art. 5)."""
    refused = step_refuse(step=_transfer_report(step), actor=actor, note=note)
    _meet(refused.referral, APPROVE_POLICY)
    return refused


@transaction.atomic
def transfer_make(*, case: Case, actor, second_inspector, police_body: str, note: str = "") -> Step:
    """Transfer the case to `police_body` following the approved report, with the transfer
    letter holding the index of the case file (Art. 6); the police's 3 days run."""
    police_body = _required(police_body, "police_body", _("Name the police body."))
    state = locked_state(case=case, actor=actor, kind=StepKind.TRANSFER)
    report = state.pending_transfer_report
    step = step_record(
        case=case,
        kind=StepKind.TRANSFER,
        actor=actor,
        second_inspector=second_inspector,
        follows=report,
        order=report.order,
        amount=report.amount,
        details={"police_body": police_body, "note": (note or "").strip()},
        compose=lambda step: transfer_text.letter_content(step, state),
        document_kind=DocumentKind.TRANSFER_LETTER,
        state=state,
    )
    _meet(state.referral, TRANSFER_POLICY)
    deadline_open(referral=state.referral, policy_code=ANSWER_POLICY, start=clock.today())
    return step


def _check_answer(outcome: str, answered_on: date | None) -> None:
    errors = {}
    if outcome not in PoliceOutcome.values:
        errors["outcome"] = _("Choose what the police answered.")
    if answered_on is None:
        errors["answered_on"] = _("Enter the day of the police's answer.")
    elif answered_on > clock.today():
        errors["answered_on"] = _("The day of the answer cannot be in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def police_answer_record(
    *,
    case: Case,
    actor,
    outcome: str,
    answered_on: date,
    reference: str = "",
    note: str = "",
) -> Step:
    """Record the police's written answer on the transferred case (Art. 8); their 3 days
    are met unless they only acknowledged receipt."""
    _check_answer(outcome, answered_on)
    state = locked_state(case=case, actor=actor, kind=StepKind.POLICE_ANSWER)
    transfer = state.taken(StepKind.TRANSFER)[-1]
    if answered_on < timezone.localdate(transfer.created_at):
        raise ValidationError(
            {"answered_on": _("The police cannot have answered before the case was transferred.")}
        )
    step = step_record(
        case=case,
        kind=StepKind.POLICE_ANSWER,
        actor=actor,
        follows=transfer,
        outcome=outcome,
        details={
            "answered_on": answered_on.isoformat(),
            "reference": (reference or "").strip(),
            "note": (note or "").strip(),
        },
        state=state,
    )
    if outcome != PoliceOutcome.RECEIVED:
        _meet(state.referral, ANSWER_POLICY)
    return step
