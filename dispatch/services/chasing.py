"""The chase sweep: reminders before a deadline, overdue marks and daily escalations.

Level-triggered (reliability.md sections 0-2): each run takes every open, unpaused deadline
due within two working days through the partial index `deadline_open_due_idx`, so its cost
grows with what is due, not with the open cases, and a missed beat tick skips nothing.
Each step is recorded under a unique constraint (`overdue_at`, `Reminder` per due date,
`Escalation` per day) before its keyed messages are written, so a second run or a second
sweeper sends nothing twice. Each chunk of due deadlines is written set-based, in a fixed
number of statements however many are due (bench/README.md, cause 2). Overdue marks
are set at any hour; messages go out only on working days inside `settings.OFFICE_HOURS`
(Asia/Shanghai), where the first sweep sends whatever is owed.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Role
from complaints import events
from complaints.models import DeskKind
from config import clock
from dispatch.calendar import add_working_days, is_working_day, working_days_between
from dispatch.due_dates import policy_event_fields
from dispatch.models import (
    Deadline,
    DeadlineEnd,
    Desk,
    Escalation,
    Referral,
    ReferralStatus,
    Reminder,
    ReminderKind,
)
from dispatch.services.next_due import refresh_next_due
from dispatch.services.notifications import StaffMessage, notify_staff_many

# Reminders start when this many working days are left (DEADLINES.md "Chasing").
REMIND_DAYS_BEFORE = 2


@dataclass
class ChaseReport:
    reminded: int = 0
    marked_overdue: int = 0
    escalated: int = 0
    closed_for_ended_cases: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Sweep:
    """One run's moment, its local date, and lookups shared by the deadlines it handles."""

    now: datetime
    today: date
    may_send: bool
    report: ChaseReport
    desk_members: dict = field(default_factory=dict)
    supervisors: dict = field(default_factory=dict)


def office_hours() -> tuple[time, time]:
    """settings.OFFICE_HOURS ("08:30-17:30") as (start, end) local times."""
    start, _separator, end = settings.OFFICE_HOURS.partition("-")
    try:
        return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"OFFICE_HOURS must look like 08:30-17:30, not {settings.OFFICE_HOURS!r}"
        ) from None


def may_send_at(moment: datetime) -> bool:
    """True on a working day inside office hours, in the bureau's time zone."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    start, end = office_hours()
    return is_working_day(local.date()) and start <= local.time() < end


def _candidates(threshold: date):
    # Matches the partial index (due) WHERE closed_at IS NULL.
    return Deadline.objects.filter(
        closed_at__isnull=True, paused_on__isnull=True, due__lte=threshold
    )


def _lock(queryset):
    """Lock a chunk's rows; rows another sweeper holds are skipped, never waited for."""
    features = connection.features
    if not features.has_select_for_update:
        return queryset
    options = {}
    if features.has_select_for_update_skip_locked:
        options["skip_locked"] = True
    if features.has_select_for_update_of:
        options["of"] = ("self",)  # not the officer: it is on the nullable side of a join
    return queryset.select_for_update(**options)


def chase_deadlines(*, now: datetime | None = None, batch_size: int = 500) -> ChaseReport:
    """Handle every open, unpaused deadline due within two working days of today."""
    now = now or clock.now()
    today = timezone.localdate(now, timezone.get_default_timezone())
    threshold = add_working_days(today, REMIND_DAYS_BEFORE).due
    sweep = _Sweep(now=now, today=today, may_send=may_send_at(now), report=ChaseReport())
    # Report-back dates of supervisions (督办) are chased the same way, counted alike.
    from dispatch.services.supervision import chase_supervisions  # imports this module

    chase_supervisions(
        now=now, today=today, threshold=threshold, may_send=sweep.may_send, report=sweep.report
    )
    # The ids come from the partial index on open deadlines by due date, read once: the
    # cost follows what is due, not the number of open deadlines (a keyset walk by id let
    # PostgreSQL scan the primary key past every open row). Each chunk locks its rows.
    ids = list(_candidates(threshold).order_by("due", "id").values_list("id", flat=True))
    for start in range(0, len(ids), batch_size):
        _chase_chunk(ids[start : start + batch_size], threshold, sweep)
    return sweep.report


@transaction.atomic
def _chase_chunk(ids: list[int], threshold: date, sweep: _Sweep) -> None:
    """One chunk in a fixed number of statements, however many of its deadlines are due.

    The chunk's rows stay locked until commit, so what is read here about them (overdue
    marks, reminders, escalations) is what no other sweeper can change meanwhile.
    """
    deadlines = list(
        _lock(_candidates(threshold).filter(pk__in=ids))
        .select_related(
            "policy", "referral__case__first_responder", "referral__desk__office",
            "referral__officer",
        )
        .order_by("id")
    )  # fmt: skip
    live = [d for d in deadlines if d.referral.case.is_open and d.referral.is_open]
    ended = set(deadlines) - set(live)
    _close_ended(sorted(ended, key=lambda d: d.pk), sweep)
    # The due day itself is still in time.
    overdue = [d for d in live if sweep.today > d.due]
    _mark_overdue([d for d in overdue if d.overdue_at is None], sweep)
    if not sweep.may_send:
        return
    in_time = (d for d in live if sweep.today <= d.due)
    owed = [(d, kind) for d in in_time if (kind := _reminder_due(d, sweep.today)) is not None]
    _load_recipients(
        reminded=[d.referral for d, _kind in owed],
        escalated=[d.referral for d in overdue],
        sweep=sweep,
    )
    messages = [*_escalate(overdue, sweep), *_remind(owed, sweep)]
    if messages:
        with translation.override(settings.LANGUAGE_CODE):
            notify_staff_many(messages=[compose() for compose in messages])


def _close_ended(deadlines: list[Deadline], sweep: _Sweep) -> None:
    """The case or the referral has ended: nothing left to chase, nothing to send."""
    if not deadlines:
        return
    returned = [d.pk for d in deadlines if d.referral.status == ReferralStatus.RETURNED]
    sweep.report.closed_for_ended_cases += Deadline.objects.filter(
        pk__in=[d.pk for d in deadlines], closed_at__isnull=True
    ).update(
        closed_at=sweep.now,
        closed_reason=models.Case(
            models.When(pk__in=returned, then=models.Value(DeadlineEnd.RETURNED)),
            default=models.Value(DeadlineEnd.CASE_ENDED),
        ),
    )
    refresh_next_due([d.referral_id for d in deadlines])


def _mark_overdue(deadlines: list[Deadline], sweep: _Sweep) -> None:
    if not deadlines:
        return
    sweep.report.marked_overdue += Deadline.objects.filter(
        pk__in=[d.pk for d in deadlines], overdue_at__isnull=True
    ).update(overdue_at=sweep.now)
    events.record_many(
        [
            {
                "case": deadline.referral.case,
                "kind": "deadline_overdue",
                "actor": None,
                "payload": {
                    **policy_event_fields(deadline.policy),
                    "due": deadline.due.isoformat(),
                    "desk": deadline.referral.desk.kind,
                },
            }
            for deadline in deadlines
        ]
    )
    for deadline in deadlines:
        deadline.overdue_at = sweep.now


def _reminder_due(deadline: Deadline, today: date) -> str | None:
    """The reminder owed today: on the due day "due today", before it "two days left".

    On the due day a "two days left" never sent (the deadline was set late, or sweeps
    were down) is not sent any more: it would only say less than "due today".
    """
    if today == deadline.due:
        return ReminderKind.DUE_TODAY
    if today < deadline.due and working_days_between(today, deadline.due) <= REMIND_DAYS_BEFORE:
        return ReminderKind.TWO_DAYS_LEFT
    return None


def _record_once(model, **fields) -> bool:
    """Insert the row that records a chase step; False if it exists already.

    The unique constraint is the guard (no full_clean: every value is the sweep's own).
    """
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


def _record_new(model, rows: list, *, fields: tuple, stamp: str, scope: dict | None = None):
    """Insert the rows recording chase steps not yet recorded; return those inserted now.

    Steps recorded already (read once for the chunk, within `scope`) are left out; the
    unique constraint stays the guard, and a row counts as this sweep's only if it is
    read back with this sweep's own time in `stamp`: whoever recorded a step first sends
    its messages.
    """
    if not rows:
        return []

    def identity(row) -> tuple:
        return tuple(getattr(row, name) for name in fields)

    deadline_ids = {row.deadline_id for row in rows}
    recorded = set(
        model.objects.filter(deadline_id__in=deadline_ids, **(scope or {})).values_list(*fields)
    )
    new = [row for row in rows if identity(row) not in recorded]
    if not new:
        return []
    model.objects.bulk_create(new, ignore_conflicts=True)
    mine = set(
        model.objects.filter(
            deadline_id__in={row.deadline_id for row in new}, **{stamp: getattr(new[0], stamp)}
        ).values_list(*fields)
    )
    return [row for row in new if identity(row) in mine]


def _remind(owed: list[tuple[Deadline, str]], sweep: _Sweep) -> list:
    """Record the reminders owed; return how to compose the message of each one new."""
    rows = [
        Reminder(deadline=deadline, kind=kind, due=deadline.due, sent_at=sweep.now)
        for deadline, kind in owed
    ]
    new = _record_new(Reminder, rows, fields=("deadline_id", "kind", "due"), stamp="sent_at")
    sweep.report.reminded += len(new)
    return [partial(_reminder_message, row.deadline, row.kind, sweep) for row in new]


def _reminder_message(deadline: Deadline, kind: str, sweep: _Sweep) -> StaffMessage:
    referral = deadline.referral
    subject, body = _reminder_text(deadline, kind, sweep.today)
    return StaffMessage(
        recipients=_active([*_officers(referral, sweep), referral.case.first_responder]),
        key=f"reminder:{deadline.pk}:{kind}:{deadline.due.isoformat()}",
        subject=subject,
        body=body,
        case=referral.case,
    )


def _escalate(deadlines: list[Deadline], sweep: _Sweep) -> list:
    """Record today's escalations; return how to compose the message of each one new."""
    rows = [Escalation(deadline=d, day=sweep.today, created_at=sweep.now) for d in deadlines]
    new = _record_new(
        Escalation,
        rows,
        fields=("deadline_id", "day"),
        stamp="created_at",
        scope={"day": sweep.today},  # not every past day's escalation
    )
    sweep.report.escalated += len(new)
    return [partial(_escalation_message, row.deadline, sweep) for row in new]


def _escalation_message(deadline: Deadline, sweep: _Sweep) -> StaffMessage:
    referral = deadline.referral
    recipients = [
        *_supervisors(referral.desk.office_id, sweep),
        *_officers(referral, sweep),
        referral.case.first_responder,
    ]
    subject, body = _escalation_text(deadline, sweep.today)
    return StaffMessage(
        recipients=_active(recipients),
        key=f"escalation:{deadline.pk}:{sweep.today.isoformat()}",
        subject=subject,
        body=body,
        case=referral.case,
    )


def _active(users: list) -> list:
    return [user for user in users if user is not None and user.is_active]


def _officers(referral: Referral, sweep: _Sweep) -> list:
    """The referral's officer; with none (or one who left), the desk's active members."""
    if referral.officer is not None and referral.officer.is_active:
        return [referral.officer]
    return sweep.desk_members[referral.desk_id]


def _supervisors(office_id: int, sweep: _Sweep) -> list:
    return sweep.supervisors[office_id]


def _load_recipients(*, reminded: list, escalated: list, sweep: _Sweep) -> None:
    """Read the desk members and office supervisors a chunk's messages need: two queries
    at most per chunk, and each desk and office once per sweep."""
    desks = {
        r.desk_id
        for r in [*reminded, *escalated]
        if (r.officer is None or not r.officer.is_active) and r.desk_id not in sweep.desk_members
    }
    if desks:
        for desk_id in desks:
            sweep.desk_members[desk_id] = []
        memberships = (
            Desk.members.through.objects.filter(desk_id__in=desks, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
        )
        for membership in memberships:
            sweep.desk_members[membership.desk_id].append(membership.user)
    offices = {r.desk.office_id for r in escalated} - sweep.supervisors.keys()
    if offices:
        for office_id in offices:
            sweep.supervisors[office_id] = []
        supervisors = (
            get_user_model()
            .objects.filter(office_id__in=offices, is_active=True, groups__name=Role.SUPERVISOR)
            .distinct()
            .order_by("id")
        )
        for user in supervisors:
            sweep.supervisors[user.office_id].append(user)


def _facts(deadline: Deadline) -> dict:
    """What every message names, in the active language."""
    referral = deadline.referral
    return {
        "ticket": referral.case.ticket,
        # Not get_kind_display(): it translates every desk's label to find this one.
        "desk": str(DeskKind(referral.desk.kind).label),
        "office": referral.desk.office.name,
        "step": deadline.policy.name,
        "due": deadline.due.isoformat(),
    }


def _reminder_text(deadline: Deadline, kind: str, today: date) -> tuple[str, str]:
    facts = _facts(deadline)
    if kind == ReminderKind.DUE_TODAY:
        return (
            _("Due today: %(ticket)s, %(step)s") % facts,
            _("Case %(ticket)s, %(desk)s: “%(step)s” is due today (%(due)s).") % facts,
        )
    facts["days"] = working_days_between(today, deadline.due)
    return (
        _("Due %(due)s: %(ticket)s, %(step)s") % facts,
        _("Case %(ticket)s, %(desk)s: “%(step)s” is due on %(due)s, in %(days)s working day(s).")
        % facts,
    )


def _escalation_text(deadline: Deadline, today: date) -> tuple[str, str]:
    facts = _facts(deadline)
    facts["days"] = max(working_days_between(deadline.due, today), 1)
    return (
        _("Overdue: %(ticket)s, %(step)s") % facts,
        _(
            "Case %(ticket)s, %(desk)s at %(office)s: “%(step)s” was due on %(due)s and is "
            "%(days)s working day(s) overdue."
        )
        % facts,
    )
