"""A deadline on a referral: the policy it came from, its start and due date, its chase."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values


class DeadlineEnd(models.TextChoices):
    MET = "met", _("Step done")
    RETURNED = "returned", _("Referral returned")
    TRANSFERRED = "transferred", _("Case transferred")
    CASE_ENDED = "case_ended", _("Case ended")
    # The document it waited on was replaced by a correction (a corrected order to correct).
    SUPERSEDED = "superseded", _("Replaced by a correction")


class Deadline(models.Model):
    """One statutory time limit being chased on one referral.

    The policy stays beside the date so an officer can see why the date is what it is;
    a limit in hours also keeps its exact moment (`due_at`);
    `provisional` marks a date computed on weekends alone (a year with no calendar).
    A deadline is open (chased) until `closed_at` is set; while `paused_on` is set the
    clock stands still and nothing is chased.
    """

    referral = models.ForeignKey(
        "dispatch.Referral",
        verbose_name=_("referral"),
        on_delete=models.PROTECT,
        related_name="deadlines",
    )
    policy = models.ForeignKey(
        "dispatch.DeadlinePolicy",
        verbose_name=_("policy"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start = models.DateField(_("clock starts"))
    due = models.DateField(_("due"))
    # Only for a limit in hours (DeadlineUnit.HOURS): the exact moment it is due; `due` is
    # then its local (Asia/Shanghai) date, so every query by due date keeps working.
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    provisional = models.BooleanField(_("provisional"), default=False)
    created_at = models.DateTimeField(_("created at"))

    paused_on = models.DateField(_("paused since"), null=True, blank=True)
    pause_reason = models.CharField(_("reason for the pause"), max_length=300, blank=True)
    original_due = models.DateField(_("due before extension"), null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extension approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_reason = models.TextField(_("reason for the extension"), blank=True)

    overdue_at = models.DateTimeField(_("marked overdue at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_reason = models.CharField(
        _("how it ended"), max_length=20, choices=DeadlineEnd.choices, blank=True
    )

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "policy"],
                condition=Q(closed_at__isnull=True),
                name="deadline_one_open_per_policy",
            ),
            models.CheckConstraint(
                condition=Q(closed_reason__in=["", *choice_values(DeadlineEnd)]),
                name="deadline_closed_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, closed_reason="")
                | Q(closed_at__isnull=False) & ~Q(closed_reason=""),
                name="deadline_closed_has_reason",
            ),
        ]
        indexes = [
            # The chase sweep reads only open deadlines by due date: its cost grows with
            # what is due, not with the number of open cases.
            models.Index(
                fields=["due"], condition=Q(closed_at__isnull=True), name="deadline_open_due_idx"
            ),
            # Overdue now, per referral (the dashboard's overdue cases and officers' workload).
            models.Index(
                fields=["referral"],
                condition=Q(closed_at__isnull=True, overdue_at__isnull=False),
                name="deadline_overdue_open_idx",
            ),
            # The deadlines met after a moment (the monthly return's overdue at the
            # month's end, reports/figures.py overdue_at_day_end).
            models.Index(
                fields=["closed_at"],
                condition=Q(closed_at__isnull=False),
                name="deadline_closed_at_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.due}"

    @property
    def in_hours(self) -> bool:
        """A limit counted in hours: due at a moment (`due_at`), chased by the hour."""
        return self.due_at is not None

    @property
    def due_display(self) -> str:
        """The due date as users read it: "2026-03-03", or "2026-03-03 10:30" (local time)
        for a limit in hours."""
        if self.due_at is not None:
            local = timezone.localtime(self.due_at, timezone.get_default_timezone())
            return local.strftime("%Y-%m-%d %H:%M")
        return self.due.isoformat()

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_met_on_time(self) -> bool:
        return self.closed_reason == DeadlineEnd.MET and self.overdue_at is None
