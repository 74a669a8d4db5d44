"""Report-back dates of supervisions (督办) as dated obligations.

An active supervision not yet reported back, on an open case, is chased: reminders to the
case's officers, escalations to the supervisor who set it (or, if they left, to the
supervisors of the case's office), until the officer reports back or the supervision is
lifted. Nothing is marked or closed, so outside office hours there is nothing to do.
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext

from complaints.models import OPEN_STATUSES
from dispatch.models import ReminderKind, Supervision, SupervisionEscalation, SupervisionReminder
from dispatch.services.chasing.engine import DailyRules, Sweep
from dispatch.services.notifications import StaffMessage


class ReportBackObligation(DailyRules):
    """Every unreported report-back date of an active supervision (see `DatedObligation`)."""

    owner = "supervision"
    due_field = "report_by"
    reminder_model = SupervisionReminder
    escalation_model = SupervisionEscalation
    related = ("case", "created_by")
    settles_out_of_hours = False

    def open_due_by(self, threshold: date) -> models.QuerySet:
        # Matches the partial index (report_by) WHERE lifted_at IS NULL AND reported_at IS NULL.
        return Supervision.objects.filter(
            lifted_at__isnull=True,
            reported_at__isnull=True,
            report_by__lte=threshold,
            case__status__in=OPEN_STATUSES,
        )

    def settle(self, rows: list, sweep: Sweep) -> list:
        return rows

    def load_recipients(self, *, reminded: list, escalated: list, sweep: Sweep) -> None:
        sweep.load_case_officers(s.case_id for s in reminded)
        left = [s for s in escalated if not s.created_by.is_active]
        sweep.load_supervisors(s.case.responsible_office_id for s in left)

    def reminder_message(self, supervision: Supervision, kind: str, sweep: Sweep) -> StaffMessage:
        facts = _facts(supervision)
        if kind == ReminderKind.DUE_TODAY:
            subject = gettext("Supervision report due today: %(ticket)s") % facts
        else:
            subject = gettext("Supervision report due %(date)s: %(ticket)s") % facts
        return StaffMessage(
            recipients=sweep.case_officers[supervision.case_id],
            key=f"supervision-reminder:{supervision.pk}:{kind}:{facts['date']}",
            subject=subject,
            body=supervision.instructions,
            case=supervision.case,
        )

    def escalation_message(self, supervision: Supervision, sweep: Sweep) -> StaffMessage:
        if supervision.created_by.is_active:
            recipients = [supervision.created_by]
        else:  # the supervisor who set it left: the supervisors of the case's office
            recipients = sweep.supervisors[supervision.case.responsible_office_id]
        return StaffMessage(
            recipients=recipients,
            key=f"supervision-escalation:{supervision.pk}:{sweep.today.isoformat()}",
            subject=gettext("No supervision report: %(ticket)s was due %(date)s")
            % _facts(supervision),
            body=supervision.instructions,
            case=supervision.case,
        )


def _facts(supervision: Supervision) -> dict:
    return {"ticket": supervision.case.ticket, "date": supervision.report_by.isoformat()}
