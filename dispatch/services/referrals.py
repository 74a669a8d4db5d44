"""Work on a referral: accept, start, finish, return, reassign; refer to another desk.

Each action locks the referral, checks who may do it, changes it and its deadlines, and
appends one timeline event to the case. When the last open referral of a case is done,
the case is resolved through the complaints service.
"""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import Case, DeskKind, EventKind
from complaints.selectors.visibility import case_lock_for
from complaints.services import case_resolve_by_referrals
from complaints.validators import required_text
from config import clock
from dispatch.models import (
    OPEN_REFERRAL_STATUSES,
    DeadlineEnd,
    Desk,
    Referral,
    ReferralStatus,
)
from dispatch.services.access import desk_members, is_desk_member, may_work_on, sees_referral
from dispatch.services.assignment import least_loaded_officer
from dispatch.services.deadlines import (
    APPLY_POLICY,
    CONCLUDE_POLICY,
    deadline_open,
    deadlines_close,
    first_clock_open,
)
from dispatch.services.notifications import notify_staff

R = ReferralStatus

TRANSITIONS = {
    "accept": ({R.PENDING}, R.ACCEPTED),
    "start": ({R.ACCEPTED}, R.IN_PROGRESS),
    "finish": ({R.ACCEPTED, R.IN_PROGRESS}, R.DONE),
    "return": ({R.PENDING, R.ACCEPTED, R.IN_PROGRESS}, R.RETURNED),
}
REFERRAL_ACTIONS = (*TRANSITIONS, "reassign", "take", "receive_application")


# A filed inspection case (立案) ends only on the head's approval of its closing (结案审批表,
# inspection/services/ending.py), never by its inspector marking the desk's part done.
CLOSING_APPROVAL_NEEDED = _(
    "This inspection case is filed: it is closed through the closing approval form (结案审批表) "
    "approved by the head of the inspection body, not by marking the desk's part done."
)


def needs_closing_approval(referral: Referral) -> bool:
    """The inspection desk's referral of a filed case: done only by the approved closing."""
    return referral.desk.kind == DeskKind.INSPECTION and referral.case.accepted_at is not None


# The closing approval is the inspection procedure's, an app above dispatch: it registers
# its function here at start-up (InspectionConfig.ready), for the callers below it that end a
# case whole (the demo seeding): fn(*, referral, proposer, head, summary).
_filed_closing: dict[str, object] = {}


def register_filed_closing(function) -> None:
    _filed_closing["close"] = function


def referral_close_filed(*, referral: Referral, proposer, head, summary: str) -> None:
    """Close the inspection referral of a filed case the lawful way: `proposer` proposes the
    closing with `summary`, `head` approves it (the registered function does both)."""
    if "close" not in _filed_closing:
        raise ImproperlyConfigured("the inspection app registers the closing of a filed case")
    _filed_closing["close"](referral=referral, proposer=proposer, head=head, summary=summary)


def awaits_application(referral: Referral) -> bool:
    """A desk that counts from its own application has not received it yet: it records the
    application (services/applications.py) before it may accept."""
    return referral.awaits_application


def referral_actions_for(*, user, referral: Referral) -> set[str]:
    """What `user` may do to `referral` now, of REFERRAL_ACTIONS.

    The one rule: the case page offers exactly these buttons, and every referral service
    refuses an action not in this set (the house rule "the UI offers only the allowed
    buttons, the server always re-checks", here with a single function for both).
    """
    # An ended case's work is closed (services/case_end.py); until that has run, too.
    if not referral.is_open or not referral.case.is_open or not sees_referral(user, referral):
        return set()
    actions = set()
    if may_work_on(user=user, referral=referral):
        actions |= {
            name for name, (sources, _to) in TRANSITIONS.items() if referral.status in sources
        }
        if needs_closing_approval(referral):
            actions.discard("finish")
        if awaits_application(referral):
            actions.discard("accept")
            if referral.status == R.PENDING:
                actions.add("receive_application")
        if user.has_role(Role.SUPERVISOR) and any(m.is_active for m in desk_members(referral.desk)):
            actions.add("reassign")
    if referral.officer_id is None and is_desk_member(user, referral.desk):
        actions.add("take")
    return actions


def _refusal(referral: Referral, actor, action: str) -> Exception:
    """Why `action` is not in `referral_actions_for`: the error the user is shown."""
    if not sees_referral(actor, referral):
        return CaseNotVisible()
    if not referral.case.is_open:
        return InvalidTransition(_("This case has ended: its desks' work is closed."))
    if action == "receive_application":
        return _application_refusal(referral)
    if action in TRANSITIONS and referral.status not in TRANSITIONS[action][0]:
        return _status_refusal(referral)
    if action == "finish" and needs_closing_approval(referral):
        return InvalidTransition(CLOSING_APPROVAL_NEEDED)
    if (
        action == "accept"
        and awaits_application(referral)
        and may_work_on(user=actor, referral=referral)
    ):
        return InvalidTransition(
            _("Record the application first: this desk's time limit counts from its receipt.")
        )
    if action == "reassign" and not referral.is_open:
        return InvalidTransition(_("Only an open referral can be reassigned."))
    if action == "take":
        if not referral.is_open:
            return InvalidTransition(_("Only an open referral can be taken."))
        if not is_desk_member(actor, referral.desk):
            return ActionNotPermitted(_("Only a member of the desk can take its referrals."))
        if referral.officer_id is not None:
            return InvalidTransition(_("This referral is already assigned to an officer."))
    if action == "reassign" and actor.has_role(Role.SUPERVISOR):
        return ValidationError({"officer": _("Choose an officer of this desk.")})
    return ActionNotPermitted()


def _status_refusal(referral: Referral) -> InvalidTransition:
    return InvalidTransition(
        _("A referral that is “%(status)s” cannot be changed this way.")
        % {"status": referral.get_status_display()}
    )


def _application_refusal(referral: Referral) -> Exception:
    """Why "receive_application" is refused to one who sees the referral of an open case."""
    if referral.desk.kind not in APPLY_POLICY:
        return InvalidTransition(_("This desk does not take an application of its own."))
    if referral.application_received_on is not None:
        return InvalidTransition(_("The application was already recorded."))
    if referral.status != R.PENDING:
        return _status_refusal(referral)
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


def _record(referral: Referral, kind: EventKind, actor, message: str = "", **payload):
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
    """The desk takes the matter on: the acceptance limit is met, the next clock starts.

    Not on the inspection desk: there the 5-day limit is met by the case's acceptance
    decision and the investigation counts from filing (services/acceptance.py); an
    inspector accepting the referral only takes the work on.
    """
    locked = _locked(referral, actor, "accept")
    if locked.desk.kind != DeskKind.INSPECTION:
        deadlines_close(referral=locked, reason=DeadlineEnd.MET)
        deadline_open(
            referral=locked, policy_code=CONCLUDE_POLICY[locked.desk.kind], start=clock.today()
        )
    _move(locked, "accept", actor, officer=locked.officer or actor)
    _record(locked, EventKind.REFERRAL_ACCEPTED, actor)
    return locked


@transaction.atomic
def referral_start(*, referral: Referral, actor) -> Referral:
    locked = _locked(referral, actor, "start")
    _move(locked, "start", actor)
    _record(locked, EventKind.REFERRAL_STARTED, actor)
    return locked


def _locked_for_closing(referral: Referral) -> Referral:
    """The inspection referral of a filed case, to finish on the head's approved closing
    (the approval is the authority: the head need not be a member of the desk)."""
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "desk", "desk__office")
        .get(pk=referral.pk)
    )
    if not needs_closing_approval(locked):
        raise InvalidTransition(_("Only a filed inspection case is closed by the head's approval."))
    if not locked.case.is_open:
        raise InvalidTransition(_("This case has ended: its desks' work is closed."))
    if locked.status not in TRANSITIONS["finish"][0]:
        raise _status_refusal(locked)
    return locked


@transaction.atomic
def referral_finish(
    *, referral: Referral, actor, note: str = "", closing_approved: bool = False
) -> Referral:
    """The desk's part is done; the case is resolved when no referral is left open.

    The inspection referral of a filed case is done only with `closing_approved`, passed by
    the head's approval of the closing (CLOSING_APPROVAL_NEEDED); otherwise it is refused.
    """
    if closing_approved:
        locked = _locked_for_closing(referral)
    else:
        locked = _locked(referral, actor, "finish")
    deadlines_close(referral=locked, reason=DeadlineEnd.MET)
    _move(locked, "finish", actor, closed_at=clock.now())
    _record(locked, EventKind.REFERRAL_DONE, actor, message=note.strip())
    case = locked.case
    still_open = case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exists()
    if not still_open:
        case_resolve_by_referrals(case=case)
    return locked


@transaction.atomic
def referral_return(*, referral: Referral, actor, reason: str) -> Referral:
    """Not this desk's matter: returned with a reason; the first responder is told."""
    reason = required_text(reason, field="reason", message=_("Say why the referral is returned."))
    locked = _locked(referral, actor, "return")
    deadlines_close(referral=locked, reason=DeadlineEnd.RETURNED)
    _move(locked, "return", actor, return_reason=reason, closed_at=clock.now())
    _record(locked, EventKind.REFERRAL_RETURNED, actor, message=reason)
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
        EventKind.REFERRAL_REASSIGNED,
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
    if desk_kind not in DeskKind.values:
        raise ValidationError({"desk": _("Choose a desk.")})
    reason = required_text(reason, field="reason", message=_("Say why the case goes to this desk."))
    locked = case_lock_for(user=actor, case_id=case.pk)
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
    first_clock_open(referral=referral, received_on=timezone.localdate(clock.now()))
    _record(referral, EventKind.REFERRED, actor, message=reason)
    return referral


@transaction.atomic
def referral_take(*, referral: Referral, actor) -> Referral:
    """A member of the desk takes an open referral nobody is assigned to."""
    locked = _locked(referral, actor, "take")
    locked.officer = actor
    locked.save(update_fields=["officer"])
    _record(locked, EventKind.REFERRAL_TAKEN, actor, officer=actor.display_name)
    return locked
