"""Work on a referral: accept, start, finish, return, reassign; refer to another desk.

Each action locks the referral, checks who may do it, changes it and its deadlines, and
appends one timeline event to the case. When the last open referral of a case is done,
the case is resolved through the complaints service.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import Case, DeskKind
from complaints.selectors import case_visible_to
from complaints.services import case_resolve_by_referrals
from config import clock
from dispatch.models import (
    OPEN_REFERRAL_STATUSES,
    Deadline,
    DeadlineEnd,
    Desk,
    Referral,
    ReferralStatus,
)
from dispatch.services.assignment import (
    ACCEPT_POLICY,
    CONCLUDE_POLICY,
    EXTENSION_POLICY,
    least_loaded_officer,
    open_deadline,
)
from dispatch.services.next_due import refresh_next_due
from dispatch.services.notifications import notify_staff

R = ReferralStatus

TRANSITIONS = {
    "accept": ({R.PENDING}, R.ACCEPTED),
    "start": ({R.ACCEPTED}, R.IN_PROGRESS),
    "finish": ({R.ACCEPTED, R.IN_PROGRESS}, R.DONE),
    "return": ({R.PENDING, R.ACCEPTED, R.IN_PROGRESS}, R.RETURNED),
}
REFERRAL_ACTIONS = (*TRANSITIONS, "reassign", "take")
DEADLINE_ACTIONS = ("pause", "resume", "extend", "request_extension")


def _members(desk) -> list:
    # Through `members.all()`, so the case page (which prefetched the members of its
    # referrals' desks) asks the database nothing more per referral.
    return list(desk.members.all())


def _is_member(user, desk) -> bool:
    return any(member.pk == user.pk for member in _members(desk))


def _sees(user, referral: Referral) -> bool:
    return case_visible_to(user=user, case=referral.case) or user.pk == referral.officer_id


def may_work_on(*, user, referral: Referral) -> bool:
    """The assigned officer, a member of the desk, or a supervisor (who sees the case)."""
    if user.pk == referral.officer_id or user.has_role(Role.SUPERVISOR):
        return True
    return _is_member(user, referral.desk)


def referral_actions_for(*, user, referral: Referral) -> set[str]:
    """What `user` may do to `referral` now, of REFERRAL_ACTIONS.

    The one rule: the case page offers exactly these buttons, and every referral service
    refuses an action not in this set (the house rule "the UI offers only the allowed
    buttons, the server always re-checks", here with a single function for both).
    """
    # An ended case's work is closed (services/case_end.py); until that has run, too.
    if not referral.is_open or not referral.case.is_open or not _sees(user, referral):
        return set()
    actions = set()
    if may_work_on(user=user, referral=referral):
        actions |= {
            name for name, (sources, _to) in TRANSITIONS.items() if referral.status in sources
        }
        if user.has_role(Role.SUPERVISOR) and any(m.is_active for m in _members(referral.desk)):
            actions.add("reassign")
    if referral.officer_id is None and _is_member(user, referral.desk):
        actions.add("take")
    return actions


def deadline_actions_for(*, user, deadline: Deadline) -> set[str]:
    """What `user` may do to the clock of `deadline` now, of DEADLINE_ACTIONS.

    Those who work the referral pause and resume its running clocks; a supervisor extends
    a step that may be extended once (EXTENSION_POLICY), and the desk's own officers ask
    for that extension while no request of theirs is waiting. The case page offers these,
    the deadline and extension services refuse the rest.
    """
    referral = deadline.referral
    if not deadline.is_open or not referral.case.is_open or not _sees(user, referral):
        return set()
    actions = set()
    if may_work_on(user=user, referral=referral):
        actions.add("pause" if deadline.paused_on is None else "resume")
        extendable = deadline.original_due is None and deadline.policy.code in EXTENSION_POLICY
        if extendable and user.has_role(Role.SUPERVISOR):
            actions.add("extend")
        waiting = any(item.is_pending for item in deadline.extension_requests.all())
        own_desk = user.pk == referral.officer_id or _is_member(user, referral.desk)
        if extendable and own_desk and not waiting:
            actions.add("request_extension")
    return actions


def _refusal(referral: Referral, actor, action: str) -> Exception:
    """Why `action` is not in `referral_actions_for`: the error the user is shown."""
    if not _sees(actor, referral):
        return CaseNotVisible()
    if not referral.case.is_open:
        return InvalidTransition(_("This case has ended: its desks' work is closed."))
    if action in TRANSITIONS and referral.status not in TRANSITIONS[action][0]:
        return InvalidTransition(
            _("A referral that is “%(status)s” cannot be changed this way.")
            % {"status": referral.get_status_display()}
        )
    if action == "reassign" and not referral.is_open:
        return InvalidTransition(_("Only an open referral can be reassigned."))
    if action == "take":
        if not referral.is_open:
            return InvalidTransition(_("Only an open referral can be taken."))
        if not _is_member(actor, referral.desk):
            return ActionNotPermitted(_("Only a member of the desk can take its referrals."))
        if referral.officer_id is not None:
            return InvalidTransition(_("This referral is already assigned to an officer."))
    if action == "reassign" and actor.has_role(Role.SUPERVISOR):
        return ValidationError({"officer": _("Choose an officer of this desk.")})
    return ActionNotPermitted()


def _locked(referral: Referral, actor, action: str) -> Referral:
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "desk", "desk__office")
        .get(pk=referral.pk)
    )
    if action not in referral_actions_for(user=actor, referral=locked):
        raise _refusal(locked, actor, action)
    return locked


def _close_deadlines(referral: Referral, reason: str) -> None:
    referral.deadlines.filter(closed_at__isnull=True).update(
        closed_at=clock.now(), closed_reason=reason
    )
    refresh_next_due([referral.pk])


def _record(referral: Referral, kind: str, actor, message: str = "", **payload):
    events.record(
        case=referral.case,
        kind=kind,
        actor=actor,
        message=message,
        payload={"desk": referral.desk.kind, "office": referral.desk.office.name, **payload},
    )


def _move(referral: Referral, action: str, actor, **changes) -> Referral:
    referral.status = TRANSITIONS[action][1]
    for attribute, value in changes.items():
        setattr(referral, attribute, value)
    referral.save(update_fields=["status", *changes])
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, actor) -> Referral:
    """The desk takes the matter on: the acceptance limit is met, the next clock starts."""
    locked = _locked(referral, actor, "accept")
    _close_deadlines(locked, DeadlineEnd.MET)
    open_deadline(locked, CONCLUDE_POLICY[locked.desk.kind], clock.today())
    _move(locked, "accept", actor, officer=locked.officer or actor)
    _record(locked, "referral_accepted", actor)
    return locked


@transaction.atomic
def referral_start(*, referral: Referral, actor) -> Referral:
    locked = _locked(referral, actor, "start")
    _move(locked, "start", actor)
    _record(locked, "referral_started", actor)
    return locked


@transaction.atomic
def referral_finish(*, referral: Referral, actor, note: str = "") -> Referral:
    """The desk's part is done; the case is resolved when no referral is left open."""
    locked = _locked(referral, actor, "finish")
    _close_deadlines(locked, DeadlineEnd.MET)
    _move(locked, "finish", actor, closed_at=clock.now())
    _record(locked, "referral_done", actor, message=note.strip())
    case = locked.case
    still_open = case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exists()
    if not still_open:
        case_resolve_by_referrals(case=case)
    return locked


@transaction.atomic
def referral_return(*, referral: Referral, actor, reason: str) -> Referral:
    """Not this desk's matter: returned with a reason; the first responder is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the referral is returned.")})
    locked = _locked(referral, actor, "return")
    _close_deadlines(locked, DeadlineEnd.RETURNED)
    _move(locked, "return", actor, return_reason=reason, closed_at=clock.now())
    _record(locked, "referral_returned", actor, message=reason)
    notify_staff(
        recipients=[locked.case.first_responder],
        key=f"referral-returned:{locked.pk}",
        case=locked.case,
        subject=str(_("%(ticket)s: a desk returned the case") % {"ticket": locked.case.ticket}),
        body=reason,
    )
    return locked


@transaction.atomic
def referral_reassign(*, referral: Referral, officer, actor) -> Referral:
    """A supervisor gives the referral to another member of the desk."""
    locked = _locked(referral, actor, "reassign")
    if not locked.desk.members.filter(pk=officer.pk, is_active=True).exists():
        raise ValidationError({"officer": _("Choose an officer of this desk.")})
    previous = locked.officer
    locked.officer = officer
    locked.save(update_fields=["officer"])
    _record(
        locked,
        "referral_reassigned",
        actor,
        officer=officer.display_name,
        previous=previous.display_name if previous else "",
    )
    notify_staff(
        recipients=[officer],
        key=f"assigned:{locked.pk}:{officer.pk}",
        case=locked.case,
        subject=str(_("%(ticket)s was assigned to you") % {"ticket": locked.case.ticket}),
    )
    return locked


@transaction.atomic
def case_refer(*, case: Case, desk_kind: str, actor, reason: str) -> Referral:
    """Refer a case to one more desk at its responsible office."""
    reason = (reason or "").strip()
    if desk_kind not in DeskKind.values:
        raise ValidationError({"desk": _("Choose a desk.")})
    if not reason:
        raise ValidationError({"reason": _("Say why the case goes to this desk.")})
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not case_visible_to(user=actor, case=locked):
        raise CaseNotVisible()
    if not locked.is_open:
        raise InvalidTransition(_("Only an open case can be referred."))
    desk, _created = Desk.objects.get_or_create(office=locked.responsible_office, kind=desk_kind)
    if locked.referrals.filter(desk=desk, status__in=OPEN_REFERRAL_STATUSES).exists():
        raise InvalidTransition(_("This desk already has an open referral for the case."))
    referral = Referral.objects.create(
        case=locked,
        desk=desk,
        officer=least_loaded_officer(desk),
        reason=reason[:300],
        created_at=clock.now(),
    )
    open_deadline(referral, ACCEPT_POLICY[desk_kind], timezone.localdate(clock.now()))
    _record(referral, "referred", actor, message=reason)
    return referral


@transaction.atomic
def referral_take(*, referral: Referral, actor) -> Referral:
    """A member of the desk takes an open referral nobody is assigned to."""
    locked = _locked(referral, actor, "take")
    locked.officer = actor
    locked.save(update_fields=["officer"])
    _record(locked, "referral_taken", actor, officer=actor.display_name)
    return locked
