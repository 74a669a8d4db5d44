"""One step of the inspection procedure on a case (PROCEDURE: filing to closing).

A step is either recorded at once by an inspector (an inquiry notice, a record, an order, a
decision, the transfer itself, the police's answer) or proposed and then approved or
refused by the head of the inspection body (the transfer report, the cancellation of the
filing, the closing). Investigating acts carry two inspectors with inspection cards
(劳动保障监察条例 Art. 16). The document a step issues is its `document`; what a step
decides in numbers (wages, 加付赔偿金 and its rate, a fine) is kept in typed columns for the
statistics, the rest of what was entered in `details`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values


class StepKind(models.TextChoices):
    FILING = "filing", _("Filing approved")
    INQUIRY_NOTICE = "inquiry_notice", _("Inquiry notice")
    INQUIRY_RECORD = "inquiry_record", _("Inquiry record")
    SITE_RECORD = "site_record", _("On-site inspection record")
    HANDLING_DECISION = "handling_decision", _("Administrative handling decision")
    PENALTY_NOTICE = "penalty_notice", _("Advance notice of a penalty")
    HEARING = "hearing", _("Hearing or statement of defence")
    PENALTY_DECISION = "penalty_decision", _("Administrative penalty decision")
    TRANSFER_REPORT = "transfer_report", _("Transfer to the police proposed")
    TRANSFER = "transfer", _("Case transferred to the police")
    POLICE_ANSWER = "police_answer", _("Police's answer")
    CANCELLATION = "cancellation", _("Filing cancelled")
    CLOSING = "closing", _("Case closed")


# The steps the head of the inspection body approves (or refuses) after an inspector
# proposes them: the transfer (移送规定 Art. 5), the cancellation of the filing and the
# closing (the 撤销立案 and 结案 approval forms).
APPROVED_STEPS = (StepKind.TRANSFER_REPORT, StepKind.CANCELLATION, StepKind.CLOSING)


class StepStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    PROPOSED = "proposed", _("Awaiting the head's approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Not approved")


class PoliceOutcome(models.TextChoices):
    """What the police answered on a transferred case (国务院令310 Art. 8)."""

    RECEIVED = "received", _("Received, under review")
    FILED = "filed", _("Filed as a criminal case")
    NOT_FILED = "not_filed", _("Not filed")
    RETURNED = "returned", _("Returned to the bureau")


class Step(models.Model):
    case = models.ForeignKey(
        "complaints.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="procedure_steps",
    )
    referral = models.ForeignKey(
        "dispatch.Referral",
        verbose_name=_("inspection referral"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("step"), max_length=30, choices=StepKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), related_name="+", blank=True
    )
    document = models.OneToOneField(
        "complaints.IssuedDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="step",
    )
    # The step this one follows from: a transfer from its approved report, the police's
    # answer from the transfer, a penalty decision from its advance notice.
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follows"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
    )
    # The served order the step relies on (a handling decision, a transfer report).
    order = models.ForeignKey(
        "dispatch.RectificationOrder",
        verbose_name=_("order to correct"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    rate = models.PositiveSmallIntegerField(_("rate (%)"), null=True, blank=True)
    compensation = models.DecimalField(
        _("additional compensation (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    outcome = models.CharField(
        _("police's answer"), max_length=20, choices=PoliceOutcome.choices, blank=True
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Indexed: the dashboard counts the steps since its last rebuild by these two moments.
    created_at = models.DateTimeField(_("recorded at"), db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, db_index=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(StepKind)), name="step_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(StepStatus)), name="step_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", *choice_values(PoliceOutcome)]),
                name="step_outcome_valid",
            ),
            # 加付赔偿金: 50% to 100% of the amount owed (劳动合同法 Art. 85).
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gte=50, rate__lte=100),
                name="step_rate_50_to_100",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="step_amount_positive"
            ),
            # One proposal of a kind at a time awaits the head on a case.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(status="proposed"),
                name="step_one_proposal_per_kind",
            ),
        ]
        indexes = [
            # The head's queue: proposals by age.
            models.Index(
                fields=["created_at"], condition=Q(status="proposed"), name="step_proposed_idx"
            ),
            models.Index(fields=["case", "kind"], name="step_case_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.status}"

    @property
    def awaits_approval(self) -> bool:
        return self.status == StepStatus.PROPOSED
