"""The people on a case and the materials still to be collected from them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models.case import Case
from complaints.models.choices import Material, Sex, choice_values
from complaints.pii import id_number_digest
from complaints.validators import NAME_MAX_LENGTH


class Complainant(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="complainants"
    )
    name = models.CharField(_("full name"), max_length=NAME_MAX_LENGTH)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    # HMAC of the ID number (complaints/pii.py): the search finds a full ID number by it.
    # Kept in step by save(); "" when there is no ID number. db_default: raw inserts too.
    id_number_digest = models.CharField(
        _("ID number digest"), max_length=64, blank=True, default="", db_default="", editable=False
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    owed_amount = models.DecimalField(
        _("amount owed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    recovered_amount = models.DecimalField(
        _("amount recovered"), max_digits=14, decimal_places=2, default=0
    )
    is_representative = models.BooleanField(_("representative"), default=False)
    # 农民工: the wage-arrears statistics count migrant workers apart.
    is_migrant_worker = models.BooleanField(_("migrant worker"), default=False)
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
        indexes = [
            # Only rows with an ID number: the search asks for one digest at a time.
            models.Index(
                fields=["id_number_digest"],
                name="complainant_id_digest_idx",
                condition=~Q(id_number_digest=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.id_number_digest = id_number_digest(self.id_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_number_digest"}
        super().save(*args, **kwargs)


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
