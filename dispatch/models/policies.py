"""Statutory time limits as data an administrator can edit
(docs/statutory-time-limits.md, "The time limits").

A deadline on a case keeps the policy code it came from, so an officer can see why a
date is what it is; the codes are therefore stable and never renamed.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints.models import DeskKind, choice_values

# The desk a time limit belongs to: the five desks' codes (complaints.models.DeskKind),
# plus "general" for limits that belong to no single desk.
DeskCode = models.TextChoices(
    "DeskCode",
    [(desk.name, (desk.value, desk.label)) for desk in DeskKind]
    + [("GENERAL", ("general", _("General")))],
)


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "WD", _("working days")
    CALENDAR_DAYS = "d", _("calendar days")
    # Calendar hours from the moment the clock starts, through nights and rest days: a
    # limit the law writes in hours (国务院令310 Art. 5: 24小时). Such a deadline keeps the
    # exact moment in `Deadline.due_at` and is chased by the hour (docs/statutory-time-limits.md,
    # "Limits in hours").
    HOURS = "h", _("hours")


class DeadlinePolicy(models.Model):
    """One time limit: `limit` units counted from the day after `counted_from` happened
    (for a limit in hours: from the moment it happened)."""

    code = models.CharField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("Stable identifier kept on every deadline, e.g. “inspection.accept”."),
    )
    desk = models.CharField(_("desk"), max_length=20, choices=DeskCode.choices)
    name_en = models.CharField(_("step (English)"), max_length=200)
    name_zh = models.CharField(_("step (Chinese)"), max_length=200)
    limit = models.PositiveSmallIntegerField(_("limit"))
    unit = models.CharField(_("unit"), max_length=2, choices=DeadlineUnit.choices)
    counted_from = models.CharField(
        _("counted from"),
        max_length=50,
        help_text=_("The event that starts the clock: receipt, filing, acceptance, decision…"),
    )
    basis = models.CharField(_("legal basis"), max_length=200)
    is_extension = models.BooleanField(
        _("extension"),
        default=False,
        help_text=_("Added to the end of the step it extends, after approval."),
    )
    is_statutory = models.BooleanField(
        _("statutory"),
        default=True,
        help_text=_(
            "Off for the bureau's own service standards (helping a worker apply, waiting for a "
            "completed complaint): chased like any limit, but never counted late in the "
            "statistics."
        ),
    )
    approver_role = models.CharField(
        _("approved by"),
        max_length=30,
        blank=True,
        choices=Role.choices,
        help_text=_(
            "On an extension: the role that approves extending the step; blank means a supervisor."
        ),
    )

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        ordering = ["desk", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(desk__in=choice_values(DeskCode)), name="deadline_policy_desk_valid"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=choice_values(DeadlineUnit)),
                name="deadline_policy_unit_valid",
            ),
            models.CheckConstraint(
                condition=Q(limit__gte=1), name="deadline_policy_limit_positive"
            ),
            models.CheckConstraint(
                condition=Q(approver_role__in=["", *choice_values(Role)]),
                name="deadline_policy_approver_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.limit} {self.get_unit_display()})"

    @property
    def approver(self) -> str:
        """The role that approves this extension: `approver_role`, else a supervisor."""
        return self.approver_role or Role.SUPERVISOR

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en
