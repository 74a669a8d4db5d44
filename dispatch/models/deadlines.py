"""A deadline on a referral: the policy it came from, its start and due date."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Deadline(models.Model):
    """One statutory time limit being chased on one referral.

    The policy stays beside the date so an officer can see why the date is what it is;
    `provisional` marks a date computed on weekends alone (a year with no calendar).
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
    provisional = models.BooleanField(_("provisional"), default=False)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("marked overdue at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "policy"],
                condition=Q(met_at__isnull=True),
                name="deadline_one_open_per_policy",
            ),
        ]
        indexes = [
            # The chase sweep reads only open deadlines by due date (cost ~ what is due).
            models.Index(
                fields=["due"], condition=Q(met_at__isnull=True), name="deadline_open_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.due}"
