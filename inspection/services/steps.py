"""The building blocks every step of the procedure is taken with.

`step_record` takes a step at once (an inquiry notice, a record, a decision, the transfer);
`step_propose`, `step_approve` and `step_refuse` take the steps the head of the inspection
body approves (APPROVED_STEPS). Each checks, under the case's lock, that the step may be
taken now (inspection.selectors.missing_for, whose message names what is missing) and who
takes it; investigating acts carry the actor and a second inspector, both with inspection
cards (劳动保障监察条例 Art. 16). The document a step issues is composed by the caller
(`compose(step) -> DocumentContent`) and issued in the same transaction.

Each part of the procedure wraps these in its own service (inspection/services/*.py) that
adds its checks and its consequences (a time limit opened or met, a referral closed).
"""

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.documents.content import DocumentContent, document_language
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import Case, EventKind
from complaints.selectors.visibility import case_lock_for
from complaints.services.documents import document_issue
from config import clock
from dispatch.services.rectification import check_two_inspectors
from inspection.models import APPROVED_STEPS, Step, StepKind, StepStatus
from inspection.selectors import ProcedureState, missing_for, procedure_state

Compose = Callable[[Step], DocumentContent]


def step_names(kind: str) -> dict:
    """The step's name in both languages, for the timeline (complaints/events.py)."""
    return events.in_both_languages("step", StepKind(kind).label)


def may_work(*, user, state: ProcedureState) -> bool:
    """The inspector of the inspection referral, a supervisor or the head."""
    if user.has_role(Role.SUPERVISOR, Role.INSPECTION_HEAD):
        return True
    return state.referral is not None and state.referral.officer_id == user.pk


def locked_state(*, case: Case, actor, kind: str) -> ProcedureState:
    """The case locked and its procedure read, when `actor` may take step `kind` now."""
    locked = case_lock_for(user=actor, case_id=case.pk)
    state = procedure_state(locked)
    if not may_work(user=actor, state=state):
        raise ActionNotPermitted(
            _("Only the inspector of this case, a supervisor or the head can do this.")
        )
    missing = missing_for(state, kind)
    if missing:
        raise InvalidTransition(missing)
    return state


def _issue(step: Step, *, kind: str, compose: Compose | None, actor, corrects=None) -> None:
    if compose is None:
        return
    with document_language():  # its sentences are filled in now, in the document's language
        content = compose(step)
    step.document = document_issue(
        case=step.case,
        office=step.referral.desk.office,
        kind=kind,
        content=content,
        actor=actor,
        corrects=corrects,
    )
    step.save(update_fields=["document"])


@transaction.atomic
def step_record(
    *,
    case: Case,
    kind: str,
    actor,
    second_inspector=None,
    compose: Compose | None = None,
    document_kind: str | None = None,
    status: str = StepStatus.RECORDED,
    follows: Step | None = None,
    order=None,
    amount: Decimal | None = None,
    rate: int | None = None,
    compensation: Decimal | None = None,
    outcome: str = "",
    details: dict | None = None,
    state: ProcedureState | None = None,
) -> Step:
    """Take step `kind` (checked unless the caller passes the `state` it already checked),
    with the actor and `second_inspector` as its inspectors when one is given, and issue
    its document when `compose` is given (of `document_kind`, default the step's kind)."""
    state = state or locked_state(case=case, actor=actor, kind=kind)
    inspectors = [actor]
    if second_inspector is not None or kind not in (StepKind.POLICE_ANSWER, *APPROVED_STEPS):
        check_two_inspectors(actor, second_inspector, state.referral.desk.office)
        inspectors.append(second_inspector)
    step = Step(
        case=state.case,
        referral=state.referral,
        kind=kind,
        status=status,
        follows=follows,
        order=order,
        amount=amount,
        rate=rate,
        compensation=compensation,
        outcome=outcome,
        details=details or {},
        created_by=actor,
        created_at=clock.now(),
    )
    step.full_clean()
    step.save(force_insert=True)
    step.inspectors.set(inspectors)
    _issue(step, kind=document_kind or kind, compose=compose, actor=actor)
    event = EventKind.STEP_PROPOSED if status == StepStatus.PROPOSED else EventKind.STEP_RECORDED
    events.record(case=state.case, kind=event, actor=actor, payload=step_names(kind))
    return step


def step_propose(*, case: Case, kind: str, actor, **fields) -> Step:
    """Put step `kind` (one of APPROVED_STEPS) to the head; `step_record`'s arguments."""
    if kind not in APPROVED_STEPS:
        raise ValueError(f"{kind} is not approved by the head")
    return step_record(case=case, kind=kind, actor=actor, status=StepStatus.PROPOSED, **fields)


def _locked_proposal(*, step: Step, actor) -> Step:
    case_lock_for(user=actor, case_id=step.case_id)
    # Only the step's row: the referral is a nullable join PostgreSQL will not lock.
    locked = (
        Step.objects.select_for_update(of=("self",))
        .select_related("case", "referral__desk")
        .get(pk=step.pk)
    )
    if not actor.has_role(Role.INSPECTION_HEAD):
        raise ActionNotPermitted(_("Only the head of the inspection body can decide this."))
    if locked.status != StepStatus.PROPOSED:
        raise InvalidTransition(_("This proposal was already decided."))
    return locked


def _decide(step: Step, *, actor, status: str, note: str) -> Step:
    step.status = status
    step.decided_by = actor
    step.decided_at = clock.now()
    step.decision_note = note
    step.full_clean()
    step.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    event = EventKind.STEP_APPROVED if status == StepStatus.APPROVED else EventKind.STEP_REFUSED
    events.record(
        case=step.case, kind=event, actor=actor, payload=step_names(step.kind), message=note
    )
    return step


@transaction.atomic
def step_approve(
    *,
    step: Step,
    actor,
    note: str = "",
    compose: Compose | None = None,
    document_kind: str | None = None,
) -> Step:
    """The head approves a proposed step; its document (an approval form) is issued now
    when `compose` is given."""
    locked = _locked_proposal(step=step, actor=actor)
    _decide(locked, actor=actor, status=StepStatus.APPROVED, note=(note or "").strip())
    _issue(locked, kind=document_kind or locked.kind, compose=compose, actor=actor)
    return locked


@transaction.atomic
def step_refuse(*, step: Step, actor, note: str) -> Step:
    """The head refuses a proposed step, with the reason recorded (移送规定 Art. 5: the
    reason for not approving a transfer is put on file)."""
    note = (note or "").strip()
    if not note:
        raise InvalidTransition(_("Write the reason for not approving."))
    locked = _locked_proposal(step=step, actor=actor)
    return _decide(locked, actor=actor, status=StepStatus.REFUSED, note=note)
