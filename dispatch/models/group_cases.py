"""Group wage-arrears cases (群体性欠薪): the administrator's threshold and the one record
of each case declared a group case (docs/statutory-time-limits.md, "Group wage-arrears
cases").

`GroupCaseSetting` is a single row the administrator edits in the admin. `GroupCase` is
written once per case (unique): the alert to the heads and the city bureau, the
report-upward period (a `Deadline` of policy `group.report`) and, when a supervisor or
head records it, the report upward.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values

DEFAULT_WORKER_THRESHOLD = 10


class GroupCaseSetting(models.Model):
    """The bureau's setting for group cases: one row (id 1), edited in the admin."""

    worker_threshold = models.PositiveSmallIntegerField(
        _("workers that make a group case"),
        default=DEFAULT_WORKER_THRESHOLD,
        help_text=_(
            "A case with at least this many workers (the larger of the complainants entered "
            "and the workers the complainant declared) is a group case, as is a case flagged "
            "at intake with a risk of a mass incident."
        ),
    )

    class Meta:
        verbose_name = _("group case setting")
        verbose_name_plural = _("group case setting")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="group_case_setting_single_row"),
            models.CheckConstraint(
                condition=Q(worker_threshold__gte=2), name="group_case_setting_threshold_min"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Group cases: %(n)s workers or more") % {"n": self.worker_threshold})


class GroupReason(models.TextChoices):
    WORKERS = "workers", _("Number of workers")
    MASS_INCIDENT_RISK = "risk", _("Risk of a mass incident")


class GroupCase(models.Model):
    """A case declared a group case: once (`group_case_one_per_case`), with the alert sent
    and the report-upward period; `reported_at` is set when the report upward is made."""

    case = models.OneToOneField(
        "complaints.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="group_case",
    )
    reason = models.CharField(_("why"), max_length=10, choices=GroupReason.choices)
    workers = models.PositiveIntegerField(_("workers"))
    threshold = models.PositiveSmallIntegerField(_("threshold then"))
    declared_at = models.DateTimeField(_("declared at"))
    deadline = models.OneToOneField(
        "dispatch.Deadline",
        verbose_name=_("report-upward period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_case",
    )
    reported_at = models.DateTimeField(_("reported upward at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported upward by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_note = models.TextField(_("note on the report upward"), blank=True)

    class Meta:
        verbose_name = _("group case")
        verbose_name_plural = _("group cases")
        ordering = ["-declared_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=choice_values(GroupReason)), name="group_case_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(reported_at__isnull=True) | Q(reported_by__isnull=False),
                name="group_case_report_has_author",
            ),
        ]
        indexes = [
            # The dashboard's block: the group cases not yet reported upward, newest first.
            models.Index(
                fields=["declared_at"],
                condition=Q(reported_at__isnull=True),
                name="group_case_unreported_idx",
            ),
            # Then those reported, the latest first.
            models.Index(
                F("reported_at").desc(),
                condition=Q(reported_at__isnull=False),
                name="group_case_reported_idx",
            ),
            # The group cases declared in a period (the wage-arrears return, campaigns).
            models.Index(fields=["declared_at"], name="group_case_declared_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.reason}"

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None
