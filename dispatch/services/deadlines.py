"""Pausing, resuming and extending a deadline: each on the case's timeline.

A pause stops the clock (e.g. waiting for another authority's conclusion, 工伤保险条例
Art. 20); on resume the due date moves by the paused time, counted in the policy's own
unit. An extension needs a supervisor's approval and a reason (劳动保障监察条例 Art. 17,
劳动争议调解仲裁法 Art. 43) and is granted once per step.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.selectors import case_visible_to
from config import clock
from dispatch.calendar import add_calendar_days, add_working_days, working_days_between
from dispatch.due_dates import compute_due, policy_event_fields, policy_get
from dispatch.models import Deadline, DeadlineUnit, Referral
from dispatch.services.assignment import EXTENSION_POLICY
from dispatch.services.next_due import refresh_next_due
from dispatch.services.referrals import deadline_actions_for, may_work_on


def _locked(deadline: Deadline, actor) -> Deadline:
    # The referral first, then the deadline: the order of the referral services (which
    # lock a referral, then close its deadlines), so the two never wait on each other.
    list(Referral.objects.select_for_update().filter(pk=deadline.referral_id).values_list("pk"))
    locked = (
        Deadline.objects.select_for_update(of=("self",))
        .select_related("referral", "referral__case", "referral__desk", "policy")
        .get(pk=deadline.pk)
    )
    referral = locked.referral
    if not (case_visible_to(user=actor, case=referral.case) or actor.pk == referral.officer_id):
        raise CaseNotVisible()
    if not may_work_on(user=actor, referral=referral):
        raise ActionNotPermitted()
    if not locked.is_open:
        raise InvalidTransition(_("This deadline is no longer running."))
    return locked


def _offered(deadline: Deadline, actor, action: str) -> None:
    """After the checks that say why not: the case page's rule for its Clock buttons."""
    if action not in deadline_actions_for(user=actor, deadline=deadline):
        raise ActionNotPermitted()


def _reason(reason: str, message) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _record(deadline: Deadline, kind: str, actor, message: str = "", **payload) -> None:
    events.record(
        case=deadline.referral.case,
        kind=kind,
        actor=actor,
        message=message,
        payload={
            **policy_event_fields(deadline.policy),
            "due": deadline.due.isoformat(),
            **payload,
        },
    )


@transaction.atomic
def deadline_pause(*, deadline: Deadline, actor, reason: str) -> Deadline:
    reason = _reason(reason, _("Say why the clock stops."))
    locked = _locked(deadline, actor)
    if locked.paused_on is not None:
        raise InvalidTransition(_("This clock is already paused."))
    _offered(locked, actor, "pause")
    locked.paused_on = clock.today()
    locked.pause_reason = reason[:300]
    locked.save(update_fields=["paused_on", "pause_reason"])
    _record(locked, "deadline_paused", actor, message=reason)
    return locked


def shift_for_pause(deadline: Deadline, resumed_on) -> tuple:
    """The new due date after a pause from `paused_on` to `resumed_on`."""
    if deadline.policy.unit == DeadlineUnit.WORKING_DAYS:
        paused = working_days_between(deadline.paused_on, resumed_on)
        moved = add_working_days(deadline.due, paused)
    else:
        paused = (resumed_on - deadline.paused_on).days
        moved = add_calendar_days(deadline.due, paused)
    return paused, moved


@transaction.atomic
def deadline_resume(*, deadline: Deadline, actor) -> Deadline:
    locked = _locked(deadline, actor)
    if locked.paused_on is None:
        raise InvalidTransition(_("This clock is not paused."))
    _offered(locked, actor, "resume")
    paused, moved = shift_for_pause(locked, clock.today())
    previous_due = locked.due
    locked.due = moved.due
    locked.provisional = locked.provisional or moved.provisional
    locked.paused_on = None
    locked.save(update_fields=["due", "provisional", "paused_on"])
    refresh_next_due([locked.referral_id])
    _record(
        locked, "deadline_resumed", actor, paused_days=paused, previous_due=previous_due.isoformat()
    )
    return locked


@transaction.atomic
def deadline_extend(*, deadline: Deadline, approver, reason: str) -> Deadline:
    """Extend a step once, by its extension policy, with a supervisor's approval."""
    if not approver.has_role(Role.SUPERVISOR):
        raise ActionNotPermitted(_("Only a supervisor can approve an extension."))
    reason = _reason(reason, _("Give the reason for the extension."))
    locked = _locked(deadline, approver)
    extension_code = EXTENSION_POLICY.get(locked.policy.code)
    if extension_code is None:
        raise InvalidTransition(_("This time limit cannot be extended."))
    if locked.original_due is not None:
        raise InvalidTransition(_("This time limit was already extended."))
    _offered(locked, approver, "extend")
    extended = compute_due(policy_get(extension_code), locked.due)
    locked.original_due = locked.due
    locked.due = extended.due
    locked.provisional = locked.provisional or extended.provisional
    locked.extended_by = approver
    locked.extension_reason = reason
    # overdue_at stays: a step that ran late stays late in every statistic (DEADLINES.md);
    # the sweep stops escalating because the new due date is not passed.
    locked.save(
        update_fields=[
            "original_due",
            "due",
            "provisional",
            "extended_by",
            "extension_reason",
        ]
    )
    refresh_next_due([locked.referral_id])
    _record(
        locked,
        "deadline_extended",
        approver,
        message=reason,
        previous_due=locked.original_due.isoformat(),
        policy_extension=extension_code,
    )
    return locked
