"""Deadlines as dated obligations: the statutory time limits on referrals.

Open and unpaused deadlines are chased. Before the rules of the engine apply, a chunk is
settled: a deadline whose case or referral has ended is closed silently, and one past its
due day is marked overdue (at any hour: the mark is a fact, not a message), with a
timeline event. Reminders go to the referral's officer (else the desk's members) and the
case's first responder; escalations also to the supervisors of the desk's office.
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext as _

from complaints import events
from complaints.models import DeskKind, EventKind
from dispatch.calendar import working_days_between
from dispatch.models import (
    Deadline,
    DeadlineEnd,
    Escalation,
    ReferralStatus,
    Reminder,
    ReminderKind,
)
from dispatch.services.chasing.engine import DailyRules, Sweep
from dispatch.services.deadlines import deadline_event_payload
from dispatch.services.next_due import refresh_next_due
from dispatch.services.notifications import StaffMessage
from dispatch.services.recipients import has_working_officer, referral_officers


def _active(users: list) -> list:
    return [user for user in users if user is not None and user.is_active]


class DeadlineObligation(DailyRules):
    """Every open, unpaused deadline in days (see `DatedObligation`); those in hours are
    `HourDeadlineObligation`'s (chasing/hours.py)."""

    owner = "deadline"
    due_field = "due"
    reminder_model = Reminder
    escalation_model = Escalation
    related = (
        "policy",
        "referral__case__first_responder",
        "referral__desk__office",
        "referral__officer",
    )
    settles_out_of_hours = True

    def open_due_by(self, threshold: date) -> models.QuerySet:
        # Matches the partial index (due) WHERE closed_at IS NULL.
        return Deadline.objects.filter(
            closed_at__isnull=True, paused_on__isnull=True, due__lte=threshold, due_at__isnull=True
        )

    def settle(self, rows: list, sweep: Sweep) -> list:
        live = [d for d in rows if d.referral.case.is_open and d.referral.is_open]
        ended = set(rows) - set(live)
        self._close_ended(sorted(ended, key=lambda d: d.pk), sweep)
        self._mark_overdue(
            [d for d in live if self.is_overdue(d, sweep) and d.overdue_at is None], sweep
        )
        return live

    def _close_ended(self, deadlines: list[Deadline], sweep: Sweep) -> None:
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

    def _mark_overdue(self, deadlines: list[Deadline], sweep: Sweep) -> None:
        if not deadlines:
            return
        sweep.report.marked_overdue += Deadline.objects.filter(
            pk__in=[d.pk for d in deadlines], overdue_at__isnull=True
        ).update(overdue_at=sweep.now)
        events.record_many(
            [
                {
                    "case": deadline.referral.case,
                    "kind": EventKind.DEADLINE_OVERDUE,
                    "actor": None,
                    "payload": deadline_event_payload(deadline, desk=deadline.referral.desk.kind),
                }
                for deadline in deadlines
            ]
        )
        for deadline in deadlines:
            deadline.overdue_at = sweep.now

    def load_recipients(self, *, reminded: list, escalated: list, sweep: Sweep) -> None:
        """The desk members and office supervisors a chunk's messages need: two queries at
        most per chunk, and each desk and office once per sweep."""
        referrals = [d.referral for d in [*reminded, *escalated]]
        sweep.load_desk_members(r.desk_id for r in referrals if not has_working_officer(r))
        sweep.load_supervisors(d.referral.desk.office_id for d in escalated)

    def reminder_message(self, deadline: Deadline, kind: str, sweep: Sweep) -> StaffMessage:
        referral = deadline.referral
        subject, body = _reminder_text(deadline, kind, sweep.today)
        return StaffMessage(
            recipients=_active(
                [*referral_officers(referral, sweep.desk_members), referral.case.first_responder]
            ),
            key=f"reminder:{deadline.pk}:{kind}:{deadline.due.isoformat()}",
            subject=subject,
            body=body,
            case=referral.case,
        )

    def escalation_message(self, deadline: Deadline, sweep: Sweep) -> StaffMessage:
        referral = deadline.referral
        recipients = [
            *sweep.supervisors[referral.desk.office_id],
            *referral_officers(referral, sweep.desk_members),
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


def _facts(deadline: Deadline) -> dict:
    """What every message names, in the active language."""
    referral = deadline.referral
    return {
        "ticket": referral.case.ticket,
        # Not get_kind_display(): it translates every desk's label to find this one.
        "desk": str(DeskKind(referral.desk.kind).label),
        "office": referral.desk.office.name,
        "step": deadline.policy.name,
        "due": deadline.due_display,
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
