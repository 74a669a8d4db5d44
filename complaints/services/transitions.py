"""Named workflow actions: each locks the case, checks the table, writes one event."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from complaints import events
from complaints.exceptions import InvalidTransition
from complaints.handoffs import request_routing_after_commit
from complaints.models import (
    Case,
    EventKind,
    FollowupMethod,
    Outcome,
    OutcomeStage,
    RoutingState,
    Satisfaction,
    Status,
)
from complaints.selectors.outcomes import outcome_fits_stage
from complaints.selectors.visibility import case_lock_for
from complaints.validators import required_text, validate_amount
from complaints.workflow import (
    DECISION_ACTIONS,
    Transition,
    allowed_actions,
    check_transition,
    transition_for,
)
from config import clock


def _locked_case(case: Case, actor) -> Case:
    if actor is None:  # the system (a sweep, a task) acts on any case
        return Case.objects.select_for_update().get(pk=case.pk)
    return case_lock_for(user=actor, case_id=case.pk)


def apply_transition(
    *, case: Case, action: str, actor, changes=None, payload=None, message="", build=None
) -> Case:
    """The one guarded transition: lock, check, update, write one event.

    `build(locked)` may return (changes, payload) computed from the locked row, for
    checks that must see the current state rather than the caller's copy.
    """
    locked = _locked_case(case, actor)
    transition = check_transition(case=locked, action=action, actor=actor)
    if build is not None:
        changes, payload = build(locked)
    changes = dict(changes or {})
    if transition.target is not None:
        changes["status"] = transition.target
    for attribute, value in changes.items():
        setattr(locked, attribute, value)
    locked.save(update_fields=[*changes, "updated_at"])
    events.transitioned(case=locked, action=action, actor=actor, payload=payload, message=message)
    return locked


@transaction.atomic
def case_start(*, case: Case, actor) -> Case:
    return apply_transition(case=case, action="start", actor=actor)


def _open_referrals(case: Case) -> list:
    """The case's desk referrals still open, by id (through `case.referrals.all()`, so a
    page that prefetched them asks nothing more)."""
    return sorted((r for r in case.referrals.all() if r.is_open), key=lambda r: r.pk)


def case_actions_for(*, case: Case, user) -> list[Transition]:
    """The workflow actions a page offers `user` on `case` now: the table's, less "resolve"
    while desks work on it, which `case_resolve` refuses (`_refuse_while_desks_work`), and
    less the acceptance decision's, offered by `decision_actions_for` instead."""
    working = bool(_open_referrals(case))
    return [
        transition
        for transition in allowed_actions(case=case, user=user)
        if not (transition.action == "resolve" and working)
        and transition.action not in DECISION_ACTIONS
    ]


def _refuse_while_desks_work(locked: Case):
    """A case with open desk referrals is resolved by its desks, not by hand.

    The last desk to finish resolves it (the system transition `resolve_by_referrals`);
    marking it resolved before that would close work a desk is still doing.
    """
    open_desks = [str(referral.desk) for referral in _open_referrals(locked)]
    if open_desks:
        raise InvalidTransition(
            _(
                "Desks are still working on this case: %(desks)s. Each desk finishes its "
                "part (or returns the referral) first; the case is resolved when the last "
                "one is done."
            )
            % {"desks": "; ".join(open_desks)}
        )
    return {}, None


@transaction.atomic
def case_resolve(*, case: Case, actor, note: str = "") -> Case:
    """Resolve by hand a case no desk is working on (see `_refuse_while_desks_work`)."""
    return apply_transition(
        case=case,
        action="resolve",
        actor=actor,
        message=note.strip(),
        build=_refuse_while_desks_work,
    )


@transaction.atomic
def case_reopen(*, case: Case, actor, reason: str) -> Case:
    reason = required_text(reason, field="reason", message=_("Say why the case is reopened."))
    return apply_transition(case=case, action="reopen", actor=actor, message=reason)


@transaction.atomic
def case_reopen_closed(*, case: Case, actor, reason: str) -> Case:
    reason = required_text(reason, field="reason", message=_("Say why the case is reopened."))
    return apply_transition(
        case=case,
        action="reopen_closed",
        actor=actor,
        changes={"closed_at": None, "outcome": None, "outcome_amount": None},
        message=reason,
    )


def _check_closing_outcome(outcome: Outcome | None) -> None:
    """Only an outcome of a filed, investigated case closes it (complaints/selectors/
    outcomes.py): not a ground for not accepting, nor one that its own action records."""
    if outcome is None or not outcome.is_active:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if not outcome_fits_stage(outcome, OutcomeStage.FILED):
        message = _(
            "“%(outcome)s” does not end a filed case; choose how the investigated case ended."
        )
        raise ValidationError({"outcome": message % {"outcome": outcome}})


@transaction.atomic
def case_close(
    *,
    case: Case,
    actor,
    outcome: Outcome,
    followup_at: datetime,
    followup_method: str,
    followup_result: str,
    satisfaction: str,
    outcome_amount: Decimal | None = None,
) -> Case:
    """Close with an outcome code and the follow-up with the complainant (回访)."""
    _check_closing_outcome(outcome)
    if outcome.requires_amount and outcome_amount is None:
        raise ValidationError({"outcome_amount": _("This outcome needs the amount.")})
    if outcome_amount is not None:
        validate_amount(outcome_amount)
    if followup_at is None or followup_at > clock.now():
        raise ValidationError({"followup_at": _("Give when the follow-up took place.")})
    followup_result = required_text(
        followup_result, field="followup_result", message=_("Record what the complainant said.")
    )
    if followup_method not in FollowupMethod.values:
        raise ValidationError({"followup_method": _("Choose how the follow-up was made.")})
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Record the complainant's satisfaction.")})
    return apply_transition(
        case=case,
        action="close",
        actor=actor,
        changes={
            "outcome": outcome,
            "outcome_amount": outcome_amount,
            "followup_at": followup_at,
            "followup_method": followup_method,
            "followup_result": followup_result,
            "followup_satisfaction": satisfaction,
            "closed_at": clock.now(),
        },
        payload={
            "outcome_code": outcome.code,
            "outcome_en": outcome.name_en,
            "outcome_zh": outcome.name_zh,
        },
        message=followup_result,
    )


@transaction.atomic
def case_withdraw(*, case: Case, actor, reason: str) -> Case:
    reason = required_text(reason, field="reason", message=_("Record what the complainant said."))
    return apply_transition(
        case=case,
        action="withdraw",
        actor=actor,
        changes={"closed_at": clock.now()},
        message=reason,
    )


@transaction.atomic
def case_merge(*, case: Case, actor, target: Case, reason: str = "") -> Case:
    """Merge a duplicate into the case that carries on; both timelines record it."""
    if target.pk == case.pk:
        raise InvalidTransition(_("A case cannot be merged into itself."))
    # Lock both rows in id order so two opposite merges cannot deadlock.
    first, second = sorted([case, target], key=lambda item: item.pk)
    _locked_case(first, actor), _locked_case(second, actor)
    target = Case.objects.get(pk=target.pk)
    if target.status not in (Status.REGISTERED, Status.ACCEPTED, Status.IN_PROGRESS):
        raise InvalidTransition(
            _(
                "The case to merge into must still be worked on (registered, accepted or in "
                "progress)."
            )
        )
    merged = apply_transition(
        case=case,
        action="merge",
        actor=actor,
        changes={"merged_into": target, "closed_at": clock.now()},
        payload={"target": target.ticket},
        message=reason.strip(),
    )
    events.record(
        case=target, kind=EventKind.MERGED_IN, actor=actor, payload={"source": case.ticket}
    )
    return merged


@transaction.atomic
def case_transfer(*, case: Case, actor, to_office, reason: str) -> Case:
    """一点受理、区域联动: another office becomes responsible; the first responder stays."""
    reason = required_text(reason, field="reason", message=_("Give the reason for the transfer."))

    def build(locked: Case):
        if to_office is None or to_office.pk == locked.responsible_office_id:
            raise ValidationError({"to_office": _("Choose a different office.")})
        payload = {
            "from_office": locked.responsible_office.name,
            "to_office": to_office.name,
            "to_office_id": to_office.pk,
        }
        # Routing runs again: dispatch returns the old office's referrals and refers the
        # case to the same desks at the new office (一点受理、区域联动).
        changes = {
            "responsible_office": to_office,
            "office_fixed": True,
            "routing_state": RoutingState.PENDING,
            "routing_requested_at": clock.now(),
        }
        return changes, payload

    transferred = apply_transition(
        case=case, action="transfer", actor=actor, build=build, message=reason
    )
    request_routing_after_commit(transferred.pk)
    return transferred


@transaction.atomic
def case_resolve_by_referrals(*, case: Case) -> Case | None:
    """Every desk referral is done: the case is resolved, awaiting the follow-up and close.

    Called by dispatch; does nothing to a case that is not accepted or in progress (a case
    not yet filed, or one already resolved, closed or withdrawn).
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not transition_for("resolve_by_referrals").allows(locked.status):
        return None
    return apply_transition(case=locked, action="resolve_by_referrals", actor=None)


@transaction.atomic
def case_mark_routed(*, case: Case, responsible_office, desks: list[str], reasons: list[str]):
    """Record that dispatch routed the case (called by dispatch, inside its transaction).

    The routing itself is dispatch's business; complaints records the outcome on the case
    and its timeline. Idempotent: a case that is no longer pending is left as it is.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.routing_state != RoutingState.PENDING:
        return locked
    payload = {"desks": desks, "reasons": reasons, "office": responsible_office.name}
    changes = ["routing_state", "updated_at"]
    locked.routing_state = RoutingState.ROUTED
    if responsible_office.pk != locked.responsible_office_id:
        payload["from_office"] = locked.responsible_office.name
        locked.responsible_office = responsible_office
        changes.append("responsible_office")
    locked.save(update_fields=changes)
    kind = EventKind.ROUTED if desks else EventKind.ROUTING_SKIPPED
    events.record(case=locked, kind=kind, actor=None, payload=payload)
    return locked
