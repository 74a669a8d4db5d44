"""The chase sweep: reminders before a deadline, overdue marks and daily escalations.

Level-triggered (reliability.md sections 0-2): each run takes every open, unpaused deadline
due within two working days through the partial index `deadline_open_due_idx`, so its cost
grows with what is due, not with the open cases, and a missed beat tick skips nothing.
Each step is recorded under a unique constraint (`overdue_at`, `Reminder` per due date,
`Escalation` per day)
before its keyed messages are written, so a second run or a second sweeper sends nothing
twice. Overdue marks are set at any hour; messages go out only on working days inside
`settings.OFFICE_HOURS` (Asia/Shanghai), where the first sweep sends whatever is owed.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Role
from complaints import events
from config import clock
from dispatch.calendar import add_working_days, is_working_day, working_days_between
from dispatch.models import (
    Deadline,
    DeadlineEnd,
    Escalation,
    Referral,
    ReferralStatus,
    Reminder,
    ReminderKind,
)
from dispatch.services.notifications import notify_staff

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
    deadlines = list(
        _lock(_candidates(threshold).filter(pk__in=ids))
        .select_related(
            "policy", "referral__case__first_responder", "referral__desk__office",
            "referral__officer",
        )
        .order_by("id")
    )  # fmt: skip
    locked = [deadline.pk for deadline in deadlines]
    reminded = set(
        Reminder.objects.filter(deadline_id__in=locked).values_list("deadline_id", "kind", "due")
    )
    escalated = set(
        Escalation.objects.filter(deadline_id__in=locked, day=sweep.today).values_list(
            "deadline_id", flat=True
        )
    )
    for deadline in deadlines:
        _chase_one(deadline, sweep, reminded=reminded, escalated_today=escalated)


def _chase_one(deadline: Deadline, sweep: _Sweep, *, reminded: set, escalated_today: set):
    referral = deadline.referral
    if not referral.case.is_open or not referral.is_open:
        _close_ended(deadline, sweep)
        return
    overdue = sweep.today > deadline.due  # the due day itself is still in time
    if overdue and deadline.overdue_at is None:
        _mark_overdue(deadline, sweep)
    if not sweep.may_send:
        return
    if overdue:
        if deadline.pk not in escalated_today:
            _escalate(deadline, sweep)
        return
    kind = _reminder_due(deadline, sweep.today)
    if kind is not None and (deadline.pk, kind, deadline.due) not in reminded:
        _remind(deadline, kind, sweep)


def _close_ended(deadline: Deadline, sweep: _Sweep) -> None:
    """The case or the referral has ended: nothing left to chase, nothing to send."""
    returned = deadline.referral.status == ReferralStatus.RETURNED
    deadline.closed_at = sweep.now
    deadline.closed_reason = DeadlineEnd.RETURNED if returned else DeadlineEnd.CASE_ENDED
    deadline.save(update_fields=["closed_at", "closed_reason"])
    sweep.report.closed_for_ended_cases += 1


def _mark_overdue(deadline: Deadline, sweep: _Sweep) -> None:
    deadline.overdue_at = sweep.now
    deadline.save(update_fields=["overdue_at"])
    events.record(
        case=deadline.referral.case,
        kind="deadline_overdue",
        actor=None,
        payload={
            "policy": deadline.policy.code,
            "due": deadline.due.isoformat(),
            "desk": deadline.referral.desk.kind,
        },
    )
    sweep.report.marked_overdue += 1


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


def _remind(deadline: Deadline, kind: str, sweep: _Sweep) -> None:
    if not _record_once(
        Reminder, deadline=deadline, kind=kind, due=deadline.due, sent_at=sweep.now
    ):
        return
    referral = deadline.referral
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _reminder_text(deadline, kind, sweep.today)
    notify_staff(
        recipients=_active([*_officers(referral, sweep), referral.case.first_responder]),
        key=f"reminder:{deadline.pk}:{kind}:{deadline.due.isoformat()}",
        subject=subject,
        body=body,
        case=referral.case,
    )
    sweep.report.reminded += 1


def _escalate(deadline: Deadline, sweep: _Sweep) -> None:
    day = sweep.today
    if not _record_once(Escalation, deadline=deadline, day=day, created_at=sweep.now):
        return
    referral = deadline.referral
    recipients = [
        *_supervisors(referral.desk.office_id, sweep),
        *_officers(referral, sweep),
        referral.case.first_responder,
    ]
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _escalation_text(deadline, day)
    notify_staff(
        recipients=_active(recipients),
        key=f"escalation:{deadline.pk}:{day.isoformat()}",
        subject=subject,
        body=body,
        case=referral.case,
    )
    sweep.report.escalated += 1


def _active(users: list) -> list:
    return [user for user in users if user is not None and user.is_active]


def _officers(referral: Referral, sweep: _Sweep) -> list:
    """The referral's officer; with none (or one who left), the desk's active members."""
    if referral.officer is not None and referral.officer.is_active:
        return [referral.officer]
    if referral.desk_id not in sweep.desk_members:
        sweep.desk_members[referral.desk_id] = list(
            referral.desk.members.filter(is_active=True).order_by("id")
        )
    return sweep.desk_members[referral.desk_id]


def _supervisors(office_id: int, sweep: _Sweep) -> list:
    if office_id not in sweep.supervisors:
        sweep.supervisors[office_id] = list(
            get_user_model()
            .objects.filter(office_id=office_id, is_active=True, groups__name=Role.SUPERVISOR)
            .distinct()
            .order_by("id")
        )
    return sweep.supervisors[office_id]


def _facts(deadline: Deadline) -> dict:
    """What every message names, in the active language."""
    referral = deadline.referral
    return {
        "ticket": referral.case.ticket,
        "desk": referral.desk.get_kind_display(),
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
