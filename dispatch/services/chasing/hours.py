"""Deadlines in hours as dated obligations: chased by the hour (DeadlineUnit.HOURS).

A limit the law writes in hours (国务院令310 Art. 5: transfer the case to the police within
24 hours of approval) is due at a moment, `Deadline.due_at`; `due` is its local date, so
these deadlines are read through the same partial index by due date as the others, and
settled the same way (closed silently when the case or referral ended). The rules differ:

- one reminder when `REMIND_HOURS_BEFORE` hours are left (`ReminderKind.HOURS_LEFT`);
- overdue as soon as `due_at` has passed, not when the date changes;
- escalated once per hour it is late (`HourlyEscalation`, unique per deadline and hour,
  the hours counted from `due_at`), until the step is done or the case ends;
- messages go out at any hour unless `settings.CHASE_HOUR_LIMITS_AROUND_THE_CLOCK` is off;
- they are urgent: the officers on duty for the desk's office at that moment (the duty
  roster, accounts/duty.py) get them too, so a limit running out at night reaches someone
  awake. Deadlines in days keep office hours and reach no one on duty.
"""

import math
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import (
    REMIND_HOURS_BEFORE,
    Deadline,
    HourlyEscalation,
    ReminderKind,
)
from dispatch.services.chasing.deadlines import DeadlineObligation, _active, _facts
from dispatch.services.chasing.engine import Sweep
from dispatch.services.notifications import SmsText, StaffMessage, notify_staff_by_sms
from dispatch.services.recipients import referral_officers
from dispatch.sms.templates import HOUR_LIMIT_DUE, HOUR_LIMIT_OVERDUE

HOUR = timedelta(hours=1)


def _local_stamp(moment: datetime) -> str:
    """A moment in a message key: local minutes, e.g. 2026-03-03T10:30."""
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%Y-%m-%dT%H:%M")


class HourDeadlineObligation(DeadlineObligation):
    """Every open deadline in hours (see `DatedObligation` and the module's docstring)."""

    escalation_model = HourlyEscalation
    escalation_field = "hour"

    def open_due_by(self, threshold: date) -> models.QuerySet:
        # The same partial index (due) WHERE closed_at IS NULL: a deadline owed anything
        # now is due today or tomorrow, always within the sweep's threshold.
        return Deadline.objects.filter(
            closed_at__isnull=True,
            paused_on__isnull=True,
            due__lte=threshold,
            due_at__isnull=False,
        )

    def may_send(self, sweep: Sweep) -> bool:
        return sweep.may_send or settings.CHASE_HOUR_LIMITS_AROUND_THE_CLOCK

    def load_recipients(self, *, reminded: list, escalated: list, sweep: Sweep) -> None:
        super().load_recipients(reminded=reminded, escalated=escalated, sweep=sweep)
        sweep.load_on_duty(d.referral.desk.office_id for d in [*reminded, *escalated])

    def is_overdue(self, deadline: Deadline, sweep: Sweep) -> bool:
        return sweep.now > deadline.due_at

    def reminder_owed(self, deadline: Deadline, sweep: Sweep) -> str | None:
        # Not after the moment: an overdue deadline is escalated instead.
        if deadline.due_at - timedelta(hours=REMIND_HOURS_BEFORE) <= sweep.now <= deadline.due_at:
            return ReminderKind.HOURS_LEFT
        return None

    def escalation_period(self, deadline: Deadline, sweep: Sweep) -> datetime:
        """The start of the hour of lateness the sweep is in: due_at + n hours."""
        return deadline.due_at + HOUR * ((sweep.now - deadline.due_at) // HOUR)

    def reminder_message(self, deadline: Deadline, kind: str, sweep: Sweep) -> StaffMessage:
        referral = deadline.referral
        on_duty = sweep.on_duty.get(referral.desk.office_id, [])
        facts = _facts(deadline)
        facts["hours"] = max(math.ceil((deadline.due_at - sweep.now) / HOUR), 1)
        message = StaffMessage(
            recipients=_active(
                [
                    *referral_officers(referral, sweep.desk_members),
                    referral.case.first_responder,
                    *on_duty,
                ]
            ),
            key=f"reminder:{deadline.pk}:{kind}:{_local_stamp(deadline.due_at)}",
            subject=_("Due at %(due)s: %(ticket)s, %(step)s") % facts,
            body=_(
                "Case %(ticket)s, %(desk)s: “%(step)s” is due at %(due)s, within %(hours)s hour(s)."
            )
            % facts,
            case=referral.case,
        )
        return _texted_to_those_on_duty(message, on_duty, HOUR_LIMIT_DUE, facts)

    def escalation_message(self, deadline: Deadline, sweep: Sweep) -> StaffMessage:
        referral = deadline.referral
        on_duty = sweep.on_duty.get(referral.desk.office_id, [])
        recipients = [
            *sweep.supervisors[referral.desk.office_id],
            *referral_officers(referral, sweep.desk_members),
            referral.case.first_responder,
            *on_duty,
        ]
        facts = _facts(deadline)
        late = sweep.now - deadline.due_at
        facts["hours"], facts["minutes"] = late // HOUR, (late % HOUR) // timedelta(minutes=1)
        period = self.escalation_period(deadline, sweep)
        message = StaffMessage(
            recipients=_active(recipients),
            key=f"escalation:{deadline.pk}:{_local_stamp(period)}",
            subject=_("Overdue: %(ticket)s, %(step)s") % facts,
            body=_(
                "Case %(ticket)s, %(desk)s at %(office)s: “%(step)s” was due at %(due)s and "
                "has been overdue for %(hours)s h %(minutes)s min. This is repeated every "
                "hour until the step is done."
            )
            % facts,
            case=referral.case,
        )
        return _texted_to_those_on_duty(message, on_duty, HOUR_LIMIT_OVERDUE, facts)


def _texted_to_those_on_duty(
    message: StaffMessage, on_duty: list, template: str, facts: dict
) -> StaffMessage:
    """The message, also sent by SMS to the officers on duty (their inbox has it too): the
    one awake at night may be away from a screen. Keyed like the message, so a second
    sweep or sweeper texts nobody twice. Its subject is the text the log shows; a vendor
    gateway sends the approved template (dispatch/sms/templates.py) with its facts."""
    params = {name: str(facts[name]) for name in ("ticket", "step", "due")}
    notify_staff_by_sms(
        recipients=_active(on_duty),
        key=message.key,
        sms=SmsText(text=message.subject, template=template, params=params),
        case=message.case,
    )
    return message
