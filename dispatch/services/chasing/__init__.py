"""The chase sweep over every dated obligation (the rules: chasing/engine.py).

Each kind of dated obligation is registered in `OBLIGATIONS`; one sweep runs the same
reminder and escalation rules over all of them and counts them in one report. A new kind
(service dates, approval periods, transfer hours) is one more `DatedObligation` here.
"""

from datetime import datetime

from django.utils import timezone

from config import clock
from dispatch.calendar import add_working_days
from dispatch.services.chasing.deadlines import DeadlineObligation
from dispatch.services.chasing.engine import (
    REMIND_DAYS_BEFORE,
    ChaseReport,
    DatedObligation,
    Sweep,
    chase,
    may_send_at,
    office_hours,
    reminder_due,
)
from dispatch.services.chasing.hours import HourDeadlineObligation
from dispatch.services.chasing.report_backs import ReportBackObligation

__all__ = [
    "OBLIGATIONS",
    "REMIND_DAYS_BEFORE",
    "ChaseReport",
    "DatedObligation",
    "chase_deadlines",
    "may_send_at",
    "office_hours",
    "reminder_due",
]

# Report-back dates first: what they send does not depend on the deadlines' chunks.
# Deadlines in days and in hours are two kinds: the same rows, other rules and records.
OBLIGATIONS: tuple[DatedObligation, ...] = (
    ReportBackObligation(),
    DeadlineObligation(),
    HourDeadlineObligation(),
)


def chase_deadlines(*, now: datetime | None = None, batch_size: int = 500) -> ChaseReport:
    """Chase every dated obligation due within two working days of today (a deadline in
    hours owed anything now is due today or tomorrow: always among them)."""
    now = now or clock.now()
    today = timezone.localdate(now, timezone.get_default_timezone())
    threshold = add_working_days(today, REMIND_DAYS_BEFORE).due
    sweep = Sweep(now=now, today=today, may_send=may_send_at(now), report=ChaseReport())
    for kind in OBLIGATIONS:
        chase(kind, threshold=threshold, sweep=sweep, batch_size=batch_size)
    return sweep.report
