"""The people on a case and the materials still to be collected from them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models.case import Case
from complaints.models.choices import Material, Sex, choice_values
from complaints.validators import NAME_MAX_LENGTH


class Complainant(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="complainants"
    )
    name = models.CharField(_("full name"), max_length=NAME_MAX_LENGTH)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    owed_amount = models.DecimalField(
        _("amount owed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    recovered_amount = models.DecimalField(
        _("amount recovered"), max_digits=14, decimal_places=2, default=0
    )
    is_representative = models.BooleanField(_("representative"), default=False)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sex__in=choice_values(Sex)), name="complainant_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(owed_amount__isnull=True) | Q(owed_amount__gte=0),
                name="complainant_owed_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(recovered_amount__gte=0), name="complainant_recovered_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MissingMaterial(models.Model):
    """One item still to be collected: zero-threshold intake tracks gaps, never refuses."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="missing_materials"
    )
    kind = models.CharField(_("material"), max_length=30, choices=Material.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("missing material")
        verbose_name_plural = _("missing materials")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(Material)), name="material_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class WagePayment(models.Model):
    """Money a worker was paid after the complaint: the per-worker wage ledger.

    The complainant's `recovered_amount` is the sum of these rows, kept by the service.
    """

    complainant = models.ForeignKey(
        Complainant,
        verbose_name=_("complainant"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount = models.DecimalField(_("amount paid"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("wage payment")
        verbose_name_plural = _("wage payments")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="wagepayment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.complainant} {self.amount} {self.paid_on}"
