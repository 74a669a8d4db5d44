"""Advance payments (先行垫付): wages the bureau paid a worker from public money, and what
it recovered from the employer afterwards.

Kept apart from the wage ledger (WagePayment): an advance is not wages recovered from the
employer, and every figure shows the two apart. The amount still to recover is the case's
advances less its recoveries (complaints/services/advances.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models.case import Case
from complaints.models.choices import AdvanceSource, choice_values
from complaints.models.people import Complainant


class AdvancePayment(models.Model):
    """Money advanced to one worker, with the official who approved it."""

    complainant = models.ForeignKey(
        Complainant,
        verbose_name=_("complainant"),
        on_delete=models.PROTECT,
        related_name="advances",
    )
    source = models.CharField(_("paid from"), max_length=20, choices=AdvanceSource.choices)
    amount = models.DecimalField(_("amount advanced"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("advance payment")
        verbose_name_plural = _("advance payments")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="advance_amount_positive"),
            models.CheckConstraint(
                condition=Q(source__in=choice_values(AdvanceSource)), name="advance_source_valid"
            ),
        ]
        indexes = [models.Index(fields=["paid_on"], name="advance_paid_on_idx")]

    def __str__(self) -> str:
        return f"{self.complainant} {self.amount} {self.paid_on}"


class AdvanceRecovery(models.Model):
    """Money the employer repaid to the fund or deposit for a case's advances."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="advance_recoveries"
    )
    amount = models.DecimalField(_("amount recovered"), max_digits=14, decimal_places=2)
    recovered_on = models.DateField(_("recovered on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("advance recovery")
        verbose_name_plural = _("advance recoveries")
        ordering = ["recovered_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.amount} {self.recovered_on}"
