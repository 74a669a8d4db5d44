"""How a filed inspection case ends: the cancellation of its filing (撤销立案) or its closing
(结案), each proposed by the inspector and approved by the head of the inspection body.

Cancellation (劳动保障监察条例 Art. 18 (3): a minor violation already corrected; or the facts
do not hold): the approval form (撤销立案审批表) is issued, and the case ends as complaints'
`case_cancel_filing_by_bureau` ends it (withdrawn, outcome "filing cancelled"), its desks'
referrals and clocks closed at once. A case transferred to the police cannot have its
filing cancelled (inspection.selectors: `_needs_no_transfer`).

Closing: the inspector proposes the outcome (one of a filed case, complaints.selectors.
outcomes) and a summary; the head's approval issues the closing approval form (结案审批表)
listing the steps taken with their documents, the outcome and the wages recovered, and only
then is the inspection referral done and its clocks met (dispatch's `referral_finish` with
`closing_approved`). A transfer the head is deciding or has approved but not carried out is
finished first; one the police have not answered yet does not hold the closing up, and the
form says so. The case itself is then closed through complaints' close, with the
follow-up (回访), when its last desk is done.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.documents.content import Section, Table
from complaints.models import Case, DocumentKind, Outcome, OutcomeStage, WagePayment
from complaints.selectors.outcomes import outcome_fits_stage
from complaints.services.withdrawal import case_cancel_filing_by_bureau
from complaints.validators import required_text
from dispatch.services.case_end import case_end_close_work
from dispatch.services.referrals import referral_finish
from inspection.documents import base_content
from inspection.models import Step, StepKind, StepStatus
from inspection.selectors import procedure_state
from inspection.services.steps import step_approve, step_propose, step_refuse


def _day(moment) -> str:
    return timezone.localdate(moment).isoformat()


def _approval_sections(step: Step, *, proposal: str, approval) -> list[Section]:
    return [
        Section(
            heading=_("Opinion of the officer in charge"),
            paragraphs=[
                proposal,
                _("Proposed by %(name)s on %(date)s.")
                % {"name": step.created_by.display_name, "date": _day(step.created_at)},
            ],
        ),
        Section(
            heading=_("Approval of the head of the inspection body"),
            paragraphs=[
                approval,
                *([step.decision_note] if step.decision_note else []),
                _("%(name)s, %(date)s.")
                % {"name": step.decided_by.display_name, "date": _day(step.decided_at)},
            ],
        ),
    ]


# --- 撤销立案 ---------------------------------------------------------------------------


@transaction.atomic
def cancellation_propose(*, case: Case, actor, reasons: str) -> Step:
    """Propose cancelling the filing, with the reasons (the violation was minor and has been
    corrected, or the facts do not hold: 劳动保障监察条例 Art. 18 (3))."""
    reasons = required_text(
        reasons, field="reasons", message=_("Give the reasons for cancelling the filing.")
    )
    return step_propose(
        case=case, kind=StepKind.CANCELLATION, actor=actor, details={"reasons": reasons}
    )


def _cancellation_content(step: Step):
    return base_content(
        case=step.case,
        office=step.referral.desk.office,
        title=_("Approval form for cancelling the filing"),
        sections=[
            Section(heading=_("Summary of the complaint"), paragraphs=[step.case.description]),
            *_approval_sections(
                step,
                proposal=step.details["reasons"],
                approval=_("Approved: cancel the filing."),
            ),
        ],
    )


@transaction.atomic
def cancellation_approve(*, step: Step, actor, note: str) -> Step:
    """The head approves: the form (撤销立案审批表, numbered 撤立字) is issued and the case
    ends with the outcome "filing cancelled"; its referrals and clocks close at once."""
    approved = step_approve(
        step=step,
        actor=actor,
        note=note,
        compose=_cancellation_content,
        document_kind=DocumentKind.CANCELLATION,
    )
    case_cancel_filing_by_bureau(
        case=approved.case, reason=approved.decision_note or approved.details["reasons"]
    )
    case_end_close_work(case_id=approved.case_id)
    return approved


def cancellation_refuse(*, step: Step, actor, note: str) -> Step:
    """The head does not approve; the reason is recorded and the investigation goes on."""
    return step_refuse(step=step, actor=actor, note=note)


# --- 结案 ---------------------------------------------------------------------------------


def _check_outcome(outcome: Outcome | None) -> None:
    """Only an outcome of a filed, investigated case (never "not accepted")."""
    if outcome is None or not outcome_fits_stage(outcome, OutcomeStage.FILED):
        raise ValidationError(
            {"outcome": _("Choose how the investigated case ended (an outcome of a filed case).")}
        )


@transaction.atomic
def closing_propose(*, case: Case, actor, outcome: Outcome, summary: str) -> Step:
    """Propose closing the filed case with `outcome` and a `summary` of what was found,
    ordered and decided, whether it was paid, and the penalties."""
    _check_outcome(outcome)
    summary = required_text(summary, field="summary", message=_("Summarise the case."))
    return step_propose(
        case=case,
        kind=StepKind.CLOSING,
        actor=actor,
        details={"outcome": outcome.code, "summary": summary},
    )


def _steps_table(step: Step) -> Table:
    """The steps taken before the closing, each with its date and document number."""
    state = procedure_state(step.case)
    rows = []
    for taken in state.steps:
        if taken.pk == step.pk or taken.status not in (StepStatus.RECORDED, StepStatus.APPROVED):
            continue
        document = taken.document
        rows.append(
            [
                str(StepKind(taken.kind).label),
                _day(taken.decided_at or taken.created_at),
                (document.number or str(document.title)) if document else "",
            ]
        )
    return Table(columns=[_("Step"), _("Date"), _("Document")], rows=rows)


def _payments_table(case: Case) -> Table:
    """The wages owed and recovered per worker (complaints' WagePayment ledger)."""
    paid = dict(
        WagePayment.objects.filter(complainant__case=case)
        .values_list("complainant")
        .annotate(total=Sum("amount"))
    )
    rows = []
    for person in case.complainants.order_by("id"):
        rows.append(
            [person.name, f"{person.owed_amount or 0:,.2f}", f"{paid.get(person.pk, 0):,.2f}"]
        )
    total = sum(paid.values(), start=0)
    return Table(
        columns=[_("Worker"), _("Owed (yuan)"), _("Recovered (yuan)")],
        rows=rows,
        footer=[_("Total"), "", f"{total:,.2f}"],
    )


def _closing_content(step: Step):
    outcome = Outcome.objects.get(code=step.details["outcome"])
    state = procedure_state(step.case)
    fines = [s.amount for s in state.taken(StepKind.PENALTY_DECISION)]
    done = [_steps_table(step)]
    notes = []
    if fines:
        notes.append(_("Fines decided: %(total)s yuan.") % {"total": f"{sum(fines):,.2f}"})
    if state.taken(StepKind.TRANSFER) and not state.taken(StepKind.POLICE_ANSWER):
        notes.append(_("The case was transferred to the police; no answer has been received yet."))
    return base_content(
        case=step.case,
        office=step.referral.desk.office,
        title=_("Closing approval form"),
        sections=[
            Section(heading=_("Summary of the case"), paragraphs=[step.details["summary"]]),
            Section(heading=_("Steps taken"), paragraphs=notes, table=done[0]),
            Section(heading=_("Outcome"), paragraphs=[outcome.name_zh]),
            Section(heading=_("Wages recovered"), table=_payments_table(step.case)),
            *_approval_sections(
                step,
                proposal=_("Proposed: close the case."),
                approval=_("Approved: close the case."),
            ),
        ],
    )


@transaction.atomic
def closing_approve(*, step: Step, actor, note: str) -> Step:
    """The head approves: the closing approval form (结案审批表, numbered 结字) is issued, and
    only now is the inspection referral done, its clocks met."""
    approved = step_approve(
        step=step,
        actor=actor,
        note=note,
        compose=_closing_content,
        document_kind=DocumentKind.CLOSING,
    )
    referral_finish(
        referral=approved.referral,
        actor=actor,
        note=str(_("Closing approved (%(number)s).") % {"number": approved.document.number}),
        closing_approved=True,
    )
    return approved


def closing_refuse(*, step: Step, actor, note: str) -> Step:
    """The head does not approve the closing; the reason is recorded and the work goes on."""
    return step_refuse(step=step, actor=actor, note=note)


# The outcome a closing proposed without one takes: the wages paid, the commonest end.
DEFAULT_OUTCOME = "paid_in_full"


@transaction.atomic
def close_filed_referral(*, referral, proposer, head, summary: str) -> Step:
    """Propose and approve the closing at once (`proposer`, then `head`), for the callers
    below inspection that end a filed case whole (dispatch's `referral_close_filed`: the
    demo seeding); the outcome is DEFAULT_OUTCOME."""
    proposal = closing_propose(
        case=referral.case,
        actor=proposer,
        outcome=Outcome.objects.get(code=DEFAULT_OUTCOME),
        summary=summary or str(_("Closed.")),
    )
    return closing_approve(step=proposal, actor=head, note="")


def approved_closing_initial(case: Case) -> dict:
    """The case's close form starts with the outcome the head approved in the closing
    approval form (结案审批表), when there is one (complaints/selectors/closing.py)."""
    approved = (
        Step.objects.filter(case=case, kind=StepKind.CLOSING, status=StepStatus.APPROVED)
        .order_by("-decided_at", "-id")
        .values_list("details", flat=True)
        .first()
    )
    if not approved:
        return {}
    outcome = Outcome.objects.filter(code=approved.get("outcome")).first()
    return {"outcome": outcome} if outcome is not None else {}
