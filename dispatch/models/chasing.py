"""What the chase sweep has done to a deadline: reminders sent and daily escalations.

Each row is written before its messages, under a unique constraint, so a repeated sweep,
a second sweeper or a redelivered task finds the row and sends nothing again
(DEADLINES.md "Chasing"; STYLE.md rule 11).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values


class ReminderKind(models.TextChoices):
    TWO_DAYS_LEFT = "two_days_left", _("Two working days left")
    DUE_TODAY = "due_today", _("Due today")


class Reminder(models.Model):
    """A reminder before a deadline: one of each kind per deadline and due date.

    An extension or a pause moves the due date, and the reminders start again for it.
    """

    deadline = models.ForeignKey(
        "dispatch.Deadline",
        verbose_name=_("deadline"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    due = models.DateField(_("for the due date"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "due"], name="reminder_once_per_kind_and_due"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(ReminderKind)), name="reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.kind}"


class Escalation(models.Model):
    """An overdue deadline escalated to the office's supervisors on one local day.

    `day` is the Asia/Shanghai date of the sweep: at most one escalation per deadline per
    day, repeated daily until the deadline is closed or the case ends.
    """

    deadline = models.ForeignKey(
        "dispatch.Deadline",
        verbose_name=_("deadline"),
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("escalated at"))

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["day", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "day"], name="escalation_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.day}"
