"""Supervision (督办), extension requests and orders to pay (责令改正).

Supervision: a supervisor puts a case under supervision with instructions and a date by
which the officer reports back; at most one active supervision per case. Its report-back
date is chased like a deadline, its once-only records in chasing.py.

Extension request: the officer asks, a supervisor approves (the deadline is extended) or
refuses with a note; at most one pending request per deadline.

Rectification order (限期改正指令书): an inspector's findings and an order to pay each worker
by a date, addressed to the party that must pay, signed by two inspectors; the pay-by date
is chased as a Deadline (policy "inspection.rectify") on the inspection referral.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values


class Supervision(models.Model):
    """A case put under supervision: active while `lifted_at` is null."""

    case = models.ForeignKey(
        "complaints.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    instructions = models.TextField(_("instructions"))
    report_by = models.DateField(_("report back by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("put under supervision by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("put under supervision at"))

    report = models.TextField(_("report"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lift_note = models.TextField(_("note on lifting"), blank=True)

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(lifted_at__isnull=True),
                name="supervision_one_active_per_case",
            ),
        ]
        indexes = [
            # The chase sweep reads only active, unreported supervisions by report date.
            models.Index(
                fields=["report_by"],
                condition=Q(lifted_at__isnull=True, reported_at__isnull=True),
                name="supervision_active_report_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.report_by}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None


class ExtensionDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(models.Model):
    """An officer's request to extend a deadline, decided by a supervisor of the office."""

    deadline = models.ForeignKey(
        "dispatch.Deadline",
        verbose_name=_("deadline"),
        on_delete=models.PROTECT,
        related_name="extension_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested at"))
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=ExtensionDecision.choices,
        default=ExtensionDecision.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline"],
                condition=Q(decision="pending"),
                name="extension_request_one_pending_per_deadline",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=choice_values(ExtensionDecision)),
                name="extension_request_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.decision}"

    @property
    def is_pending(self) -> bool:
        return self.decision == ExtensionDecision.PENDING


class OrderAddressee(models.TextChoices):
    """Who is ordered to pay (被责令单位): the employer, or in construction a unit of the
    chain: the general contractor (保障农民工工资支付条例 Art. 30), the construction unit
    (Art. 36) or the subcontractor that employed the workers. A team leader is a person,
    not a unit: where works were let to one, Art. 36 makes the construction unit or the
    general contractor pay, so an order is never addressed to a team leader."""

    EMPLOYER = "employer", _("The employer")
    GENERAL_CONTRACTOR = "general_contractor", _("The general contractor")
    CONSTRUCTION_UNIT = "construction_unit", _("The construction unit")
    SUBCONTRACTOR = "subcontractor", _("The subcontractor")


class RectificationOrder(models.Model):
    """Findings of an inspection and an order to correct (限期改正指令书) by a date.

    `deadline` is the chased pay-by date (policy "inspection.rectify") on the inspection
    referral; it closes as met when the order is complied with. `amount_ordered` and
    `workers_concerned` are the sum and the count of its lines, kept for the statistics.
    `inspectors` are the two who sign it (劳动保障监察条例 Art. 16), the issuer first.
    """

    case = models.ForeignKey(
        "complaints.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="rectification_orders",
    )
    referral = models.ForeignKey(
        "dispatch.Referral",
        verbose_name=_("inspection referral"),
        on_delete=models.PROTECT,
        related_name="rectification_orders",
    )
    number = models.CharField(_("document number"), max_length=50, unique=True)
    addressee_role = models.CharField(
        _("party ordered"),
        max_length=20,
        choices=OrderAddressee.choices,
        default=OrderAddressee.EMPLOYER,
    )
    # Blank for the employer: the case's employer is printed.
    addressee_name = models.CharField(_("name of the party ordered"), max_length=200, blank=True)
    addressee_credit_code = models.CharField(
        _("credit code of the party ordered"), max_length=18, blank=True
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), related_name="+", blank=True
    )
    findings = models.TextField(_("findings"))
    amount_found = models.DecimalField(_("amount found owed"), max_digits=14, decimal_places=2)
    workers_concerned = models.PositiveIntegerField(_("workers concerned"))
    amount_ordered = models.DecimalField(_("amount ordered"), max_digits=14, decimal_places=2)
    pay_by = models.DateField(_("pay by"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Indexed, with complied_at: the dashboard counts the orders since its last rebuild.
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    deadline = models.OneToOneField(
        "dispatch.Deadline",
        verbose_name=_("pay-by deadline"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification_order",
    )
    complied_at = models.DateTimeField(_("complied with at"), null=True, blank=True, db_index=True)
    complied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compliance recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("order to pay")
        verbose_name_plural = _("orders to pay")
        ordering = ["issued_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_ordered__gt=0), name="rectification_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_found__gte=0), name="rectification_found_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(addressee_role__in=choice_values(OrderAddressee)),
                name="rectification_addressee_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_complied(self) -> bool:
        return self.complied_at is not None

    @property
    def signers(self) -> list:
        """The two inspectors who sign the order, the issuer first."""
        return sorted(self.inspectors.all(), key=lambda user: user.pk != self.issued_by_id)


class OrderLine(models.Model):
    """One worker named on an order to correct, with the amount ordered paid to them."""

    order = models.ForeignKey(
        RectificationOrder,
        verbose_name=_("order to pay"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    complainant = models.ForeignKey(
        "complaints.Complainant",
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount ordered"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("worker on an order")
        verbose_name_plural = _("workers on an order")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "complainant"], name="order_line_one_per_worker"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_line_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.complainant_id} {self.amount}"
