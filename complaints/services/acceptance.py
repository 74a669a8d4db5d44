"""The acceptance decision (受理) on a registered complaint: propose, approve or send back,
and the completed complaint after 告知补正.

An inspector (or a supervisor) proposes one of the grounds (complaints/models/acceptance.py);
the head of the inspection body approves it (立案审批) or sends it back, or decides at once.
Approval carries out the ground's consequence in the same transaction: the case is filed,
not accepted, redirected to arbitration, transferred, or stays registered waiting for the
completed complaint; the document the complainant is given takes the office's next number.
Apps above complaints do their part through `complaints.hooks` (dispatch meets the
inspection desk's 5-day clock with the decision).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import DocumentNumber
from accounts.roles import Role
from accounts.services import document_number_take
from complaints import events
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.handoffs import request_routing_after_commit
from complaints.hooks import ACCEPTANCE_DECIDED, COMPLAINT_COMPLETED, DECISION_PROPOSED, run_hooks
from complaints.models import (
    AcceptanceDecision,
    Case,
    DecisionStatus,
    EventKind,
    Ground,
    Outcome,
    Route,
    RoutingState,
    Status,
)
from complaints.selectors.visibility import case_lock_for
from complaints.services.transitions import apply_transition
from complaints.validators import required_text
from config import clock

PROPOSERS = (Role.INSPECTOR, Role.SUPERVISOR, Role.INSPECTION_HEAD)
APPROVERS = (Role.INSPECTION_HEAD,)
# Who records that the completed complaint came back: whoever receives the worker.
COMPLETION_RECORDERS = (Role.WINDOW, Role.INSPECTOR, Role.SUPERVISOR, Role.INSPECTION_HEAD)

# The outcome a case that is not accepted ends with, per ground.
OUTCOME_OF_GROUND = {
    Ground.OUT_OF_TIME: "not_accepted_time_limit",
    Ground.NOT_INSPECTION: "not_accepted_not_labor",
}
# The document each ground gives the complainant (none for acceptance: the case is filed).
DOCUMENT_OF_GROUND = {
    Ground.OUT_OF_TIME: DocumentNumber.Kind.NOT_ACCEPTED,
    Ground.NOT_INSPECTION: DocumentNumber.Kind.NOT_ACCEPTED,
    Ground.COMPLETE: DocumentNumber.Kind.COMPLETION,
    Ground.OTHER_OFFICE: DocumentNumber.Kind.INFORMED,
}


def two_years_before(day: date) -> date:
    """The same day two years earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - 2)
    except ValueError:
        return day.replace(year=day.year - 2, day=28)


def arrears_began_over_two_years_ago(arrears_from: date | None, today: date) -> bool:
    """Arrears that began more than two years ago may be out of the period in which a
    violation is investigated (劳动保障监察条例 Art. 20): a warning at intake and on the
    decision, never a refusal by itself (arrears that go on are not out of time)."""
    return arrears_from is not None and arrears_from < two_years_before(today)


@dataclass(frozen=True)
class Proposal:
    """What a proposer decides: the ground and what that ground needs."""

    ground: str
    reason: str = ""
    missing: str = ""
    route: str = ""
    refer_to_arbitration: bool = False
    to_office: object = None  # accounts.Office

    def checked(self, case: Case) -> "Proposal":
        """The proposal with its texts trimmed, or a ValidationError naming the field."""
        if self.ground not in Ground.values:
            raise ValidationError({"ground": _("Choose a ground.")})
        if self.ground in (Ground.OUT_OF_TIME, Ground.NOT_INSPECTION, Ground.OTHER_OFFICE):
            required_text(self.reason, field="reason", message=_("Give the reasons."))
        if self.ground == Ground.COMPLETE:
            required_text(
                self.missing, field="missing", message=_("Say what the complaint is missing.")
            )
        if self.ground == Ground.NOT_INSPECTION and self.route not in Route.values:
            raise ValidationError({"route": _("Name the route that applies.")})
        if self.refer_to_arbitration and self.route != Route.ARBITRATION:
            raise ValidationError(
                {"refer_to_arbitration": _("Only a matter for arbitration goes to its desk.")}
            )
        if self.ground == Ground.OTHER_OFFICE and (
            self.to_office is None or self.to_office.pk == case.responsible_office_id
        ):
            raise ValidationError({"to_office": _("Choose a different office.")})
        return Proposal(
            ground=self.ground,
            reason=(self.reason or "").strip(),
            missing=(self.missing or "").strip() if self.ground == Ground.COMPLETE else "",
            route=self.route if self.ground == Ground.NOT_INSPECTION else "",
            refer_to_arbitration=self.refer_to_arbitration,
            to_office=self.to_office if self.ground == Ground.OTHER_OFFICE else None,
        )


def _decisions(case: Case) -> list[AcceptanceDecision]:
    """The case's decisions, oldest first (through `case.acceptance_decisions.all()`, so a
    page that prefetched them asks nothing more)."""
    return sorted(case.acceptance_decisions.all(), key=lambda d: (d.proposed_at, d.pk))


def pending_decision(case: Case) -> AcceptanceDecision | None:
    return next((d for d in _decisions(case) if d.status == DecisionStatus.PROPOSED), None)


def awaited_completion(case: Case) -> AcceptanceDecision | None:
    """The approved 告知补正 whose completed complaint has not come back, if any."""
    return next((d for d in _decisions(case) if d.awaits_completion), None)


def decision_actions_for(*, case: Case, user) -> set[str]:
    """What `user` may do about the acceptance of `case` now: "propose", "decide" (the
    head's proposal approved at once), "approve", "send_back" or "complete". The case page
    offers exactly these and every service below refuses the rest."""
    if case.status != Status.REGISTERED or user is None:
        return set()
    if awaited_completion(case) is not None:
        return {"complete"} if user.has_role(*COMPLETION_RECORDERS) else set()
    if pending_decision(case) is not None:
        return {"approve", "send_back"} if user.has_role(*APPROVERS) else set()
    actions = set()
    if user.has_role(*PROPOSERS):
        actions.add("propose")
    if user.has_role(*APPROVERS):
        actions.add("decide")
    return actions


def _locked_for(case: Case, actor, action: str) -> Case:
    locked = case_lock_for(user=actor, case_id=case.pk)
    if action not in decision_actions_for(case=locked, user=actor):
        if locked.status != Status.REGISTERED:
            raise InvalidTransition(_("Only a registered complaint awaits a decision."))
        raise ActionNotPermitted()
    return locked


@transaction.atomic
def decision_propose(*, case: Case, actor, proposal: Proposal) -> AcceptanceDecision:
    """An inspector's proposal, waiting for the head's approval."""
    locked = _locked_for(case, actor, "propose")
    proposal = proposal.checked(locked)
    decision = _create(locked, actor, proposal)
    events.record(
        case=locked,
        kind=EventKind.DECISION_PROPOSED,
        actor=actor,
        payload={"ground": proposal.ground},
        message=proposal.reason or proposal.missing,
    )
    run_hooks(DECISION_PROPOSED, decision=decision)
    return decision


def _create(case: Case, actor, proposal: Proposal) -> AcceptanceDecision:
    return AcceptanceDecision.objects.create(
        case=case,
        office=case.responsible_office,
        ground=proposal.ground,
        reason=proposal.reason,
        missing=proposal.missing,
        route=proposal.route,
        refer_to_arbitration=proposal.refer_to_arbitration,
        to_office=proposal.to_office,
        proposed_by=actor,
        proposed_at=clock.now(),
    )


@transaction.atomic
def decision_approve(*, decision: AcceptanceDecision, actor) -> AcceptanceDecision:
    """The head's approval (立案审批): the ground's consequence is carried out now."""
    locked = _locked_for(decision.case, actor, "approve")
    decision = AcceptanceDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.PROPOSED or decision.case_id != locked.pk:
        raise InvalidTransition(_("This decision is no longer awaiting approval."))
    return _carry_out(locked, decision, actor)


@transaction.atomic
def decision_decide(*, case: Case, actor, proposal: Proposal) -> AcceptanceDecision:
    """The head decides at once: proposed and approved by the same person."""
    locked = _locked_for(case, actor, "decide")
    decision = _create(locked, actor, proposal.checked(locked))
    return _carry_out(locked, decision, actor)


@transaction.atomic
def decision_send_back(*, decision: AcceptanceDecision, actor, reason: str) -> AcceptanceDecision:
    """The head does not approve: the proposer is asked to propose again."""
    reason = required_text(reason, field="reason", message=_("Say why it is sent back."))
    locked = _locked_for(decision.case, actor, "send_back")
    decision = AcceptanceDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.PROPOSED or decision.case_id != locked.pk:
        raise InvalidTransition(_("This decision is no longer awaiting approval."))
    decision.status = DecisionStatus.SENT_BACK
    decision.decided_by, decision.decided_at = actor, clock.now()
    decision.sent_back_reason = reason
    decision.save(update_fields=["status", "decided_by", "decided_at", "sent_back_reason"])
    events.record(
        case=locked,
        kind=EventKind.DECISION_SENT_BACK,
        actor=actor,
        payload={"ground": decision.ground},
        message=reason,
    )
    return decision


def _carry_out(case: Case, decision: AcceptanceDecision, actor) -> AcceptanceDecision:
    now = clock.now()
    kind = DOCUMENT_OF_GROUND.get(decision.ground)
    if kind is not None:
        decision.notice_number = document_number_take(
            office=decision.office, kind=kind, year=timezone.localtime(now).year
        )
    decision.status = DecisionStatus.APPROVED
    decision.decided_by, decision.decided_at = actor, now
    decision.save(update_fields=["status", "decided_by", "decided_at", "notice_number"])
    CONSEQUENCES[decision.ground](case, decision, actor)
    case.refresh_from_db()  # the consequence saved its own locked copy; `decision.case` is this
    run_hooks(ACCEPTANCE_DECIDED, decision=decision)
    return decision


def _file(case: Case, decision: AcceptanceDecision, actor) -> None:
    apply_transition(
        case=case,
        action="accept",
        actor=actor,
        changes={"accepted_at": decision.decided_at},
        payload={"proposed_by": decision.proposed_by.display_name},
        message=decision.reason,
    )


def _not_accept(case: Case, decision: AcceptanceDecision, actor) -> None:
    if decision.refer_to_arbitration:
        # The inspection does not take it on; the arbitration desk helps the worker apply.
        apply_transition(
            case=case,
            action="redirect",
            actor=actor,
            payload={"notice": decision.notice_number, "route": decision.route},
            message=decision.reason,
        )
        return
    apply_transition(
        case=case,
        action="not_accept",
        actor=actor,
        changes={
            "not_accepted_reason": decision.reason,
            "not_accepted_notice": decision.notice_number,
            "closed_at": decision.decided_at,
            "outcome": Outcome.objects.get(code=OUTCOME_OF_GROUND[decision.ground]),
        },
        payload={"notice": decision.notice_number},
        message=decision.reason,
    )


def _ask_to_complete(case: Case, decision: AcceptanceDecision, actor) -> None:
    events.record(
        case=case,
        kind=EventKind.COMPLETION_REQUESTED,
        actor=actor,
        payload={"notice": decision.notice_number},
        message=decision.missing,
    )


def _transfer(case: Case, decision: AcceptanceDecision, actor) -> None:
    office = decision.to_office
    apply_transition(
        case=case,
        action="transfer",
        actor=actor,
        changes={
            "responsible_office": office,
            "office_fixed": True,
            "routing_state": RoutingState.PENDING,
            "routing_requested_at": decision.decided_at,
        },
        payload={
            "from_office": case.responsible_office.name,
            "to_office": office.name,
            "to_office_id": office.pk,
            "notice": decision.notice_number,
        },
        message=decision.reason,
    )
    request_routing_after_commit(case.pk)


CONSEQUENCES = {
    Ground.ACCEPT: _file,
    Ground.OUT_OF_TIME: _not_accept,
    Ground.NOT_INSPECTION: _not_accept,
    Ground.COMPLETE: _ask_to_complete,
    Ground.OTHER_OFFICE: _transfer,
}


@transaction.atomic
def complaint_completed(*, case: Case, actor, received_on: date) -> AcceptanceDecision:
    """The completed complaint came back after 告知补正: the 5 days run again from
    `received_on` (dispatch opens the clock through the hook)."""
    locked = _locked_for(case, actor, "complete")
    if received_on is None or received_on > clock.today():
        raise ValidationError({"received_on": _("Give the day it was received, not a later one.")})
    decision = AcceptanceDecision.objects.select_for_update().get(pk=awaited_completion(locked).pk)
    if received_on < timezone.localdate(decision.decided_at):
        raise ValidationError(
            {"received_on": _("It cannot have come back before the request was made.")}
        )
    decision.completed_on = received_on
    decision.save(update_fields=["completed_on"])
    events.record(
        case=locked,
        kind=EventKind.COMPLAINT_COMPLETED,
        actor=actor,
        payload={"received_on": received_on.isoformat()},
    )
    run_hooks(COMPLAINT_COMPLETED, decision=decision)
    return decision


# The head's decision at once, in the words of the workflow's two actions (the API's
# "accept" and "not_accept"): each records an approved decision like any other.
GROUND_OF_OUTCOME = {code: ground for ground, code in OUTCOME_OF_GROUND.items()}
NOT_ACCEPTED_OUTCOMES = tuple(GROUND_OF_OUTCOME)


@transaction.atomic
def case_accept(*, case: Case, actor, note: str = "") -> Case:
    """立案: the head accepts and files the complaint."""
    return decision_decide(
        case=case, actor=actor, proposal=Proposal(ground=Ground.ACCEPT, reason=note)
    ).case


@transaction.atomic
def case_not_accept(
    *, case: Case, actor, reason: str, ground: Outcome | None = None, route: str = ""
) -> Case:
    """不予受理 by the head, on a ground given as its outcome (out of time, or not a matter
    for inspection with the `route` named), with the written notice's next number."""
    if ground is None or ground.code not in GROUND_OF_OUTCOME:
        raise ValidationError({"ground": _("Choose a ground for not accepting.")})
    proposal = Proposal(ground=GROUND_OF_OUTCOME[ground.code], reason=reason, route=route)
    return decision_decide(case=case, actor=actor, proposal=proposal).case


def decision_due_noted(*, decision: AcceptanceDecision, due: date) -> None:
    """Keep on the decision the day it was due by the clock it met (dispatch calls this
    from its hook, in the decision's transaction): the statistics count it late after."""
    AcceptanceDecision.objects.filter(pk=decision.pk).update(due_on=due)
    decision.due_on = due
