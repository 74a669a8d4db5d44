"""One chase for every dated obligation: the reminder rule, the escalation rule, the sweep.

A dated obligation is something that must happen by a date and is chased until it does:
a deadline on a referral, the report-back date of a supervision (督办), and the kinds the
procedure adds. Each kind declares, as a `DatedObligation`, its open obligations due by a
date (through a partial index), how to settle a chunk of them (close what ended, mark what
is overdue), who is told and what; the rules below are the same for all of them:

- two working days before the due date, and on the due day, a reminder (`reminder_due`);
- after the due day, once a day, an escalation;
- messages go out only on working days inside `settings.OFFICE_HOURS` (Asia/Shanghai).

These are the rules of `DailyRules`, which every kind inherits; a kind may replace them:
the deadlines in hours (chasing/hours.py) are reminded a few hours before their moment,
overdue as soon as it has passed and escalated once an hour.

Level-triggered (docs/decisions/0001-outbox-and-sweep.md): a run takes every obligation
due within two working days, so a missed beat tick skips nothing, and its cost grows with
what is due, not with what is open. Each chunk locks its rows, skipping those another
sweeper holds, and is written set-based, in a fixed number of statements however many are
due (bench/README.md, cause 2). Each step is recorded under a unique constraint (one reminder
of each kind per obligation and due date, one escalation per obligation and day) before
its keyed messages are written, so a second run or a second sweeper sends nothing twice.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Protocol

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone, translation

from accounts.duty import office_hours, on_duty_of_offices
from accounts.selectors import supervisors_of_offices
from dispatch.calendar import is_working_day, working_days_between
from dispatch.models import REMIND_DAYS_BEFORE, ReminderKind
from dispatch.services.notifications import StaffMessage, notify_staff_many
from dispatch.services.recipients import desk_members_of, officers_of_cases


@dataclass
class ChaseReport:
    reminded: int = 0
    marked_overdue: int = 0
    escalated: int = 0
    closed_for_ended_cases: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Sweep:
    """One run's moment, its local date, and the recipients read once for all its chunks."""

    now: datetime
    today: date
    may_send: bool
    report: ChaseReport
    desk_members: dict = field(default_factory=dict)
    supervisors: dict = field(default_factory=dict)
    case_officers: dict = field(default_factory=dict)
    on_duty: dict = field(default_factory=dict)  # office id -> its officers on duty now

    def load_desk_members(self, desk_ids) -> None:
        """Read the active members of the desks not read yet in this sweep."""
        self.desk_members.update(desk_members_of(set(desk_ids) - self.desk_members.keys()))

    def load_case_officers(self, case_ids) -> None:
        """Read who works the cases not read yet in this sweep."""
        self.case_officers.update(officers_of_cases(set(case_ids) - self.case_officers.keys()))

    def load_supervisors(self, office_ids) -> None:
        """Read the active supervisors of the offices not read yet in this sweep."""
        self.supervisors.update(supervisors_of_offices(set(office_ids) - self.supervisors.keys()))

    def load_on_duty(self, office_ids) -> None:
        """Read who is on duty at the sweep's moment for the offices not read yet."""
        self.on_duty.update(on_duty_of_offices(set(office_ids) - self.on_duty.keys(), self.now))


class DatedObligation(Protocol):
    """One kind of dated obligation, as the sweep chases it.

    Its reminder and escalation records are models with a foreign key named `owner` to
    the obligation: reminders with `kind`, `due` and `sent_at`, unique per (owner, kind,
    due); escalations with `escalation_field` (the day, or the hour) and `created_at`,
    unique per (owner, escalation_field). The rules (`DailyRules` unless replaced) say
    when messages may go out, what is overdue, which reminder is owed and in which
    period an escalation falls.
    """

    owner: str  # the records' foreign key to the obligation
    due_field: str  # the obligation's due date
    reminder_model: type[models.Model]
    escalation_model: type[models.Model]
    related: tuple[str, ...]  # what a chunk reads with its rows
    settles_out_of_hours: bool  # whether `settle` must run when no message may be sent
    escalation_field: str  # the period of one escalation on the record: "day" or "hour"

    def may_send(self, sweep: Sweep) -> bool:
        """Whether this kind's messages may go out at the sweep's moment."""

    def is_overdue(self, row, sweep: Sweep) -> bool:
        """Past its due date (or moment) at the sweep's moment."""

    def reminder_owed(self, row, sweep: Sweep) -> str | None:
        """The kind of reminder owed now, if any."""

    def escalation_period(self, row, sweep: Sweep):
        """The value of `escalation_field` for an escalation now."""

    def open_due_by(self, threshold: date) -> models.QuerySet:
        """The open obligations due on or before `threshold`, read through an index."""

    def settle(self, rows: list, sweep: Sweep) -> list:
        """Close what ended, mark what is overdue; return the rows still chased."""

    def load_recipients(self, *, reminded: list, escalated: list, sweep: Sweep) -> None:
        """Read, once per chunk at most, whom the chunk's messages go to."""

    def reminder_message(self, row, kind: str, sweep: Sweep) -> StaffMessage: ...

    def escalation_message(self, row, sweep: Sweep) -> StaffMessage: ...


def may_send_at(moment: datetime) -> bool:
    """True on a working day inside office hours, in the bureau's time zone."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    start, end = office_hours()
    return is_working_day(local.date()) and start <= local.time() < end


def reminder_due(due: date, today: date) -> str | None:
    """The reminder owed today: on the due day "due today", before it "two days left".

    On the due day a "two days left" never sent (the date was set late, or sweeps were
    down) is not sent any more: it would only say less than "due today". After the due
    day no reminder is owed: the obligation is escalated instead.
    """
    if today == due:
        return ReminderKind.DUE_TODAY
    if today < due and working_days_between(today, due) <= REMIND_DAYS_BEFORE:
        return ReminderKind.TWO_DAYS_LEFT
    return None


class DailyRules:
    """The rules of a dated obligation chased by the day (see the module's docstring)."""

    escalation_field = "day"

    def may_send(self, sweep: Sweep) -> bool:
        return sweep.may_send

    def is_overdue(self, row, sweep: Sweep) -> bool:
        # The due day itself is still in time.
        return sweep.today > getattr(row, self.due_field)

    def reminder_owed(self, row, sweep: Sweep) -> str | None:
        return reminder_due(getattr(row, self.due_field), sweep.today)

    def escalation_period(self, row, sweep: Sweep) -> date:
        return sweep.today


def lock_skipping_held(queryset: models.QuerySet) -> models.QuerySet:
    """Lock a chunk's rows; rows another sweeper holds are skipped, never waited for."""
    features = connection.features
    if not features.has_select_for_update:
        return queryset
    options = {}
    if features.has_select_for_update_skip_locked:
        options["skip_locked"] = True
    if features.has_select_for_update_of:
        options["of"] = ("self",)  # not the related rows: some are on a join's nullable side
    return queryset.select_for_update(**options)


def record_new(model, rows: list, *, owner: str, fields: tuple, stamp: str, scope=None) -> list:
    """Insert the rows recording chase steps not yet recorded; return those inserted now.

    Steps recorded already (read once for the chunk, within `scope`) are left out; the
    unique constraint stays the guard, and a row counts as this sweep's only if it is
    read back with this sweep's own time in `stamp`: whoever recorded a step first sends
    its messages.
    """
    if not rows:
        return []
    key = f"{owner}_id"

    def identity(row) -> tuple:
        return tuple(getattr(row, name) for name in (key, *fields))

    owners = {getattr(row, key) for row in rows}
    recorded = set(
        model.objects.filter(**{f"{key}__in": owners}, **(scope or {})).values_list(key, *fields)
    )
    new = [row for row in rows if identity(row) not in recorded]
    if not new:
        return []
    model.objects.bulk_create(new, ignore_conflicts=True)
    mine = model.objects.filter(
        **{f"{key}__in": {getattr(row, key) for row in new}, stamp: getattr(new[0], stamp)}
    )
    recorded_now = set(mine.values_list(key, *fields))
    return [row for row in new if identity(row) in recorded_now]


def chase(kind: DatedObligation, *, threshold: date, sweep: Sweep, batch_size: int) -> None:
    """Handle every open obligation of `kind` due by `threshold`, chunk by chunk."""
    if not (kind.may_send(sweep) or kind.settles_out_of_hours):
        return
    # The ids come from the kind's partial index by due date, read once: the cost follows
    # what is due, not the number of open obligations (a keyset walk by id let PostgreSQL
    # scan the primary key past every open row). Each chunk locks its rows.
    ids = list(
        kind.open_due_by(threshold).order_by(kind.due_field, "id").values_list("id", flat=True)
    )
    for start in range(0, len(ids), batch_size):
        _chase_chunk(kind, ids[start : start + batch_size], threshold, sweep)


@transaction.atomic
def _chase_chunk(kind: DatedObligation, ids: list[int], threshold: date, sweep: Sweep) -> None:
    """One chunk in a fixed number of statements, however many of its obligations are due.

    The chunk's rows stay locked until commit, so what is read here about them (overdue
    marks, reminders, escalations) is what no other sweeper can change meanwhile.
    """
    rows = list(
        lock_skipping_held(kind.open_due_by(threshold).filter(pk__in=ids))
        .select_related(*kind.related)
        .order_by("id")
    )
    live = kind.settle(rows, sweep)
    if not kind.may_send(sweep):
        return
    overdue = [row for row in live if kind.is_overdue(row, sweep)]
    owed = [
        (row, reminder) for row in live if (reminder := kind.reminder_owed(row, sweep)) is not None
    ]
    kind.load_recipients(reminded=[row for row, _kind in owed], escalated=overdue, sweep=sweep)
    messages = [*_escalate(kind, overdue, sweep), *_remind(kind, owed, sweep)]
    if messages:
        with translation.override(settings.LANGUAGE_CODE):
            notify_staff_many(messages=[compose() for compose in messages])


def _remind(kind: DatedObligation, owed: list[tuple], sweep: Sweep) -> list:
    """Record the reminders owed; return how to compose the message of each one new."""
    rows = [
        kind.reminder_model(
            **{kind.owner: row},
            kind=reminder,
            due=getattr(row, kind.due_field),
            sent_at=sweep.now,
        )
        for row, reminder in owed
    ]
    new = record_new(
        kind.reminder_model, rows, owner=kind.owner, fields=("kind", "due"), stamp="sent_at"
    )
    sweep.report.reminded += len(new)
    return [
        partial(kind.reminder_message, getattr(record, kind.owner), record.kind, sweep)
        for record in new
    ]


def _escalate(kind: DatedObligation, overdue: list, sweep: Sweep) -> list:
    """Record this period's escalations (today's, or this hour's); return how to compose
    the message of each one new."""
    period = kind.escalation_field
    rows = [
        kind.escalation_model(
            **{kind.owner: row, period: kind.escalation_period(row, sweep)}, created_at=sweep.now
        )
        for row in overdue
    ]
    new = record_new(
        kind.escalation_model,
        rows,
        owner=kind.owner,
        fields=(period,),
        stamp="created_at",
        # Not every past period's escalation.
        scope={f"{period}__in": {getattr(row, period) for row in rows}},
    )
    sweep.report.escalated += len(new)
    return [partial(kind.escalation_message, getattr(record, kind.owner), sweep) for record in new]
