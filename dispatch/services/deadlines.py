"""A referral's deadlines: which clock each step starts, opening and closing them, and
pausing, resuming and extending one, each on the case's timeline.

Every deadline is opened here (`deadline_open`), its due date computed from its policy
by `dispatch/due_dates.py`; the policy of each step is in the tables below.

A pause stops the clock (e.g. waiting for another authority's conclusion, 工伤保险条例
Art. 20); on resume the due date moves by the paused time, counted in the policy's own
unit. An extension needs a reason and the approval of the role its extension policy names
(`DeadlinePolicy.approver_role`: the head of the department, 劳动保障监察条例 Art. 17; the
arbitration committee's chair, 劳动争议调解仲裁法 Art. 43; a supervisor where none is
named) and is granted once per step.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import DeskKind, EventKind
from complaints.validators import required_text
from config import clock
from dispatch.calendar import add_calendar_days, add_working_days, working_days_between
from dispatch.due_dates import compute_due, compute_due_at, policy_event_fields, policy_get
from dispatch.models import Deadline, DeadlinePolicy, DeadlineUnit, Referral
from dispatch.services.access import is_desk_member, may_work_on, sees_referral
from dispatch.services.next_due import refresh_next_due

# The first statutory step of each desk (docs/statutory-time-limits.md, "Where each clock
# starts and ends"): started by the referral, or, at a desk of APPLY_POLICY, by the receipt
# of its own application (dispatch/services/applications.py).
ACCEPT_POLICY = {
    DeskKind.INSPECTION: "inspection.accept",
    DeskKind.ARBITRATION: "arbitration.accept",
    DeskKind.WORK_INJURY: "injury.accept",
    DeskKind.SOCIAL_INSURANCE: "social_insurance.accept",
    DeskKind.LEGAL_AID: "legal_aid.decide",
}
# Desks that count from their own application (劳动争议调解仲裁法 Art. 29, 工伤认定办法
# Art. 8, 法律援助法 Art. 43): a referral there starts the bureau's own service reminder to
# help the worker apply, not a statutory clock.
APPLY_POLICY = {
    DeskKind.ARBITRATION: "arbitration.apply",
    DeskKind.WORK_INJURY: "injury.apply",
    DeskKind.LEGAL_AID: "legal_aid.apply",
}
# The step each desk must finish once it has accepted.
CONCLUDE_POLICY = {
    DeskKind.INSPECTION: "inspection.investigate",
    DeskKind.ARBITRATION: "arbitration.conclude",
    DeskKind.WORK_INJURY: "injury.decide",
    DeskKind.SOCIAL_INSURANCE: "social_insurance.investigate",
    DeskKind.LEGAL_AID: "legal_aid.assign",
}
# Steps that may be extended once, with approval, and the policy of the extension.
EXTENSION_POLICY = {
    "inspection.investigate": "inspection.extend",
    "arbitration.conclude": "arbitration.extend",
    "social_insurance.investigate": "social_insurance.extend",
}
# 告知补正: waiting for the completed complaint; the bureau's own reminder to the window.
COMPLETION_POLICY = "inspection.complete"
# An order to pay (责令改正): due on the order's own pay-by date, not computed.
RECTIFY_POLICY = "inspection.rectify"

DEADLINE_ACTIONS = ("pause", "resume", "extend", "request_extension")
# A limit in hours (24 hours to transfer a case to the police) is neither paused nor
# extended: the law stops no such clock, and a pause recorded by the day could not give
# back the hours (docs/statutory-time-limits.md, "Limits in hours").
HOURS_REFUSED = _(
    "A time limit counted in hours can be neither paused nor extended: it runs until the "
    "step is done."
)


def extension_approver(user, policy_code: str) -> str:
    """The role that approves extending the step `policy_code` times: its extension
    policy's `approver_role`, a supervisor where that is blank.

    The extension policies' roles are read once per user object (one query for a case
    page's deadlines); an administrator's change applies from the next request.
    """
    approvers = getattr(user, "_extension_approvers", None)
    if approvers is None:
        approvers = dict(
            DeadlinePolicy.objects.filter(code__in=EXTENSION_POLICY.values()).values_list(
                "code", "approver_role"
            )
        )
        user._extension_approvers = approvers
    return approvers.get(EXTENSION_POLICY.get(policy_code, ""), "") or Role.SUPERVISOR


def may_approve_extension(user, policy_code: str) -> bool:
    return user.has_role(extension_approver(user, policy_code))


def approval_refused(user, policy_code: str) -> ActionNotPermitted:
    """The refusal naming the role that approves this step's extension."""
    role = Role(extension_approver(user, policy_code))
    return ActionNotPermitted(
        _("Only a user with the role “%(role)s” may approve this extension.") % {"role": role.label}
    )


def deadline_open(
    *,
    referral: Referral,
    policy_code: str,
    start: date | None = None,
    due: date | None = None,
    start_at: datetime | None = None,
) -> Deadline:
    """Start the clock of `policy_code` on the referral, counted from `start`.

    The due date is the policy's (`compute_due`), unless `due` is given (a date an officer
    set, such as an order's pay-by date).

    A limit in hours (DeadlineUnit.HOURS) counts from a moment, `start_at` (aware; now if
    not given), to the moment `due_at` (`compute_due_at`); `start` and `due` are then its
    local dates. A `start` given with it must be the local date of `start_at`.
    """
    policy = policy_get(policy_code)
    if policy.unit == DeadlineUnit.HOURS:
        return _hours_open(
            referral=referral, policy=policy, start=start, due=due, start_at=start_at
        )
    if start is None:
        raise ValueError(f"deadline policy {policy_code!r} counts from a date: give `start`")
    if start_at is not None:
        raise ValueError(
            f"deadline policy {policy_code!r} is counted in days: give `start`, not `start_at`"
        )
    computed = compute_due(policy, start) if due is None else None
    deadline = Deadline.objects.create(
        referral=referral,
        policy=policy,
        start=start,
        due=due if computed is None else computed.due,
        provisional=computed is not None and computed.provisional,
        created_at=clock.now(),
    )
    refresh_next_due([referral.pk])
    return deadline


def _hours_open(*, referral, policy, start, due, start_at) -> Deadline:
    if due is not None:
        raise ValueError(f"deadline policy {policy.code!r} is counted in hours: no due date given")
    start_at = clock.now() if start_at is None else start_at
    if timezone.is_naive(start_at):
        raise ValueError(f"start_at {start_at} has no time zone")
    zone = timezone.get_default_timezone()
    if start is not None and start != timezone.localdate(start_at, zone):
        raise ValueError(f"start {start} is not the local date of start_at {start_at}")
    due_at = compute_due_at(policy, start_at)
    deadline = Deadline.objects.create(
        referral=referral,
        policy=policy,
        start=timezone.localdate(start_at, zone),
        due=timezone.localdate(due_at, zone),
        due_at=due_at,
        provisional=False,
        created_at=clock.now(),
    )
    refresh_next_due([referral.pk])
    return deadline


def first_clock_open(*, referral: Referral, received_on: date) -> Deadline:
    """The clock a new referral starts, for routing (`_refer`) and a referral by hand
    (`case_refer`) alike.

    On the inspection desk of a case already filed: the investigation. At a desk of
    APPLY_POLICY: the service reminder to help the worker apply, counted from
    today (the statutory clock waits for the application). Elsewhere: the desk's acceptance
    limit (ACCEPT_POLICY), counted from `received_on`, the day the complaint counts as
    received.
    """
    kind = referral.desk.kind
    filed = referral.case.accepted_at
    if kind == DeskKind.INSPECTION and filed is not None:
        # The case is filed already (a transfer, a referral by hand): nobody decides on
        # acceptance again; the investigation goes on, counted from the filing.
        start = timezone.localdate(filed)
        return deadline_open(referral=referral, policy_code=CONCLUDE_POLICY[kind], start=start)
    if kind in APPLY_POLICY:
        return deadline_open(referral=referral, policy_code=APPLY_POLICY[kind], start=clock.today())
    return deadline_open(referral=referral, policy_code=ACCEPT_POLICY[kind], start=received_on)


def deadlines_close(*, referral: Referral, reason: str, deadline_id: int | None = None) -> int:
    """Close the referral's open deadlines (only `deadline_id`, if given) for `reason`."""
    running = Deadline.objects.filter(referral_id=referral.pk, closed_at__isnull=True)
    if deadline_id is not None:
        running = running.filter(pk=deadline_id)
    closed = running.update(closed_at=clock.now(), closed_reason=reason)
    refresh_next_due([referral.pk])
    return closed


def deadline_actions_for(*, user, deadline: Deadline) -> set[str]:
    """What `user` may do to the clock of `deadline` now, of DEADLINE_ACTIONS.

    Those who work the referral pause and resume its running clocks; the role that
    approves a step's extension (`extension_approver`) extends a step that may be extended
    once (EXTENSION_POLICY), and the desk's own officers or a supervisor ask for that
    extension while no request is waiting. The case page offers these, the deadline and extension
    services refuse the rest.
    """
    referral = deadline.referral
    if not deadline.is_open or not referral.case.is_open or not sees_referral(user, referral):
        return set()
    actions = set()
    if deadline.in_hours:
        return actions  # neither paused nor extended (HOURS_REFUSED)
    extendable = deadline.original_due is None and deadline.policy.code in EXTENSION_POLICY
    if extendable and may_approve_extension(user, deadline.policy.code):
        actions.add("extend")
    if may_work_on(user=user, referral=referral):
        actions.add("pause" if deadline.paused_on is None else "resume")
        waiting = any(item.is_pending for item in deadline.extension_requests.all())
        asks = (
            user.pk == referral.officer_id
            or is_desk_member(user, referral.desk)
            or user.has_role(Role.SUPERVISOR)
        )
        if extendable and asks and not waiting:
            actions.add("request_extension")
    return actions


def _locked(deadline: Deadline, actor, *, works_on: bool = True) -> Deadline:
    # The referral first, then the deadline: the order of the referral services (which
    # lock a referral, then close its deadlines), so the two never wait on each other.
    list(Referral.objects.select_for_update().filter(pk=deadline.referral_id).values_list("pk"))
    locked = (
        Deadline.objects.select_for_update(of=("self",))
        .select_related("referral", "referral__case", "referral__desk", "policy")
        .get(pk=deadline.pk)
    )
    referral = locked.referral
    if not sees_referral(actor, referral):
        raise CaseNotVisible()
    if works_on and not may_work_on(user=actor, referral=referral):
        raise ActionNotPermitted()
    if not locked.is_open:
        raise InvalidTransition(_("This deadline is no longer running."))
    return locked


def _offered(deadline: Deadline, actor, action: str) -> None:
    """After the checks that say why not: the case page's rule for its Clock buttons."""
    if action not in deadline_actions_for(user=actor, deadline=deadline):
        raise ActionNotPermitted()


def deadline_event_payload(deadline: Deadline, **extra) -> dict:
    """How a timeline event names a deadline: its step (both languages) and due date (and,
    for a limit in hours, its due moment)."""
    due = {"due": deadline.due.isoformat()}
    if deadline.due_at is not None:
        local = timezone.localtime(deadline.due_at, timezone.get_default_timezone())
        due["due_at"] = local.isoformat()
    return {**policy_event_fields(deadline.policy), **due, **extra}


def deadline_record_event(
    deadline: Deadline, kind: EventKind, actor, message: str = "", **payload
) -> None:
    """One timeline event about `deadline` on its case."""
    events.record(
        case=deadline.referral.case,
        kind=kind,
        actor=actor,
        message=message,
        payload=deadline_event_payload(deadline, **payload),
    )


@transaction.atomic
def deadline_pause(*, deadline: Deadline, actor, reason: str) -> Deadline:
    reason = required_text(reason, field="reason", message=_("Say why the clock stops."))
    locked = _locked(deadline, actor)
    if locked.in_hours:
        raise InvalidTransition(HOURS_REFUSED)
    if locked.paused_on is not None:
        raise InvalidTransition(_("This clock is already paused."))
    _offered(locked, actor, "pause")
    locked.paused_on = clock.today()
    locked.pause_reason = reason[:300]
    locked.save(update_fields=["paused_on", "pause_reason"])
    deadline_record_event(locked, EventKind.DEADLINE_PAUSED, actor, message=reason)
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
    deadline_record_event(
        locked,
        EventKind.DEADLINE_RESUMED,
        actor,
        paused_days=paused,
        previous_due=previous_due.isoformat(),
    )
    return locked


@transaction.atomic
def deadline_extend(*, deadline: Deadline, approver, reason: str) -> Deadline:
    """Extend a step once, by its extension policy, approved by the role that policy names
    (who need not work the referral: the head of the department approves, the desk works)."""
    reason = required_text(reason, field="reason", message=_("Give the reason for the extension."))
    locked = _locked(deadline, approver, works_on=False)
    if locked.in_hours:
        raise InvalidTransition(HOURS_REFUSED)
    extension_code = EXTENSION_POLICY.get(locked.policy.code)
    if extension_code is None:
        raise InvalidTransition(_("This time limit cannot be extended."))
    approver_role = extension_approver(approver, locked.policy.code)
    if not approver.has_role(approver_role):
        raise approval_refused(approver, locked.policy.code)
    if locked.original_due is not None:
        raise InvalidTransition(_("This time limit was already extended."))
    _offered(locked, approver, "extend")
    extended = compute_due(policy_get(extension_code), locked.due)
    locked.original_due = locked.due
    locked.due = extended.due
    locked.provisional = locked.provisional or extended.provisional
    locked.extended_by = approver
    locked.extension_reason = reason
    # overdue_at stays: a step that ran late stays late in every statistic
    # (docs/statutory-time-limits.md, "Extension");
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
    deadline_record_event(
        locked,
        EventKind.DEADLINE_EXTENDED,
        approver,
        message=reason,
        previous_due=locked.original_due.isoformat(),
        policy_extension=extension_code,
        approver_role=approver_role,
    )
    return locked
