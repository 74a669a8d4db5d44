"""What the chase sweep has done to each dated obligation: reminders and escalations.

Every kind of dated obligation (a deadline, a supervision's report-back date) has a pair
of record models of the same shape, `ReminderRecord` and `EscalationRecord`, with a
foreign key to the obligation. Each row is written before its messages, under a unique
constraint, so a repeated sweep, a second sweeper or a redelivered task finds the row and
sends nothing again (docs/statutory-time-limits.md "Chasing"; docs/conventions.md).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values

# Reminders start when this many working days are left
# (docs/statutory-time-limits.md, "Chasing").
REMIND_DAYS_BEFORE = 2
# A limit in hours (24 hours to transfer a case to the police, 国务院令310 Art. 5) gets one
# reminder when this many hours are left: enough to still carry the file over the same
# day, late enough not to be noise on a limit that is itself only a day long
# (docs/statutory-time-limits.md, "Limits in hours").
REMIND_HOURS_BEFORE = 4


class ReminderKind(models.TextChoices):
    TWO_DAYS_LEFT = "two_days_left", _("Two working days left")
    DUE_TODAY = "due_today", _("Due today")
    HOURS_LEFT = "hours_left", _("A few hours left")


def _kind_valid(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(kind__in=choice_values(ReminderKind)), name=name)


class ReminderRecord(models.Model):
    """A reminder before a due date: one of each kind per obligation and due date.

    An extension or a pause moves the due date, and the reminders start again for it.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    due = models.DateField(_("for the due date"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        abstract = True
        ordering = ["sent_at", "id"]


class EscalationRecord(models.Model):
    """An obligation past its due date escalated on one local day.

    `day` is the Asia/Shanghai date of the sweep: at most one escalation per obligation
    per day, repeated daily until the obligation is met or ends.
    """

    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("escalated at"))

    class Meta:
        abstract = True
        ordering = ["day", "id"]


class Reminder(ReminderRecord):
    """A reminder before a deadline."""

    deadline = models.ForeignKey(
        "dispatch.Deadline",
        verbose_name=_("deadline"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )

    class Meta(ReminderRecord.Meta):
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "due"], name="reminder_once_per_kind_and_due"
            ),
            _kind_valid("reminder_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.kind}"


class Escalation(EscalationRecord):
    """An overdue deadline escalated to the office's supervisors on one local day."""

    deadline = models.ForeignKey(
        "dispatch.Deadline",
        verbose_name=_("deadline"),
        on_delete=models.PROTECT,
        related_name="escalations",
    )

    class Meta(EscalationRecord.Meta):
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "day"], name="escalation_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.day}"


class HourlyEscalation(models.Model):
    """An overdue deadline in hours escalated for one hour it is late.

    `hour` is the start of that hour counted from the due moment (`due_at` + n hours): at
    most one escalation per deadline per hour, repeated hourly until the deadline is met
    or ends; the daily `Escalation` is for limits in days.
    """

    deadline = models.ForeignKey(
        "dispatch.Deadline",
        verbose_name=_("deadline"),
        on_delete=models.PROTECT,
        related_name="hourly_escalations",
    )
    hour = models.DateTimeField(_("overdue hour"))
    created_at = models.DateTimeField(_("escalated at"))

    class Meta:
        verbose_name = _("hourly escalation")
        verbose_name_plural = _("hourly escalations")
        ordering = ["hour", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "hour"], name="escalation_once_per_hour"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.hour:%Y-%m-%d %H:%M}"


class SupervisionReminder(ReminderRecord):
    """A reminder before a supervision's report-back date."""

    supervision = models.ForeignKey(
        "dispatch.Supervision",
        verbose_name=_("supervision"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )

    class Meta(ReminderRecord.Meta):
        verbose_name = _("supervision reminder")
        verbose_name_plural = _("supervision reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["supervision", "kind", "due"],
                name="supervision_reminder_once_per_kind_and_due",
            ),
            _kind_valid("supervision_reminder_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.supervision_id} {self.kind}"


class SupervisionEscalation(EscalationRecord):
    """A missed report-back date escalated to the supervisor on one local day."""

    supervision = models.ForeignKey(
        "dispatch.Supervision",
        verbose_name=_("supervision"),
        on_delete=models.PROTECT,
        related_name="escalations",
    )

    class Meta(EscalationRecord.Meta):
        verbose_name = _("supervision escalation")
        verbose_name_plural = _("supervision escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["supervision", "day"], name="supervision_escalation_once_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervision_id} {self.day}"
