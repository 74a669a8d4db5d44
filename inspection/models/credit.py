"""Credit consequences for an employer who did not pay after a served order or decision.

An inspector proposes putting the employer on the joint-punishment list for wage arrears
(拖欠农民工工资失信联合惩戒对象名单) or publishing a serious violation (重大劳动保障违法行为
社会公布); the head of the inspection body approves or refuses. The official registers are
kept elsewhere: this records the proposals and decisions, which the employer's page shows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values


class CreditMeasure(models.TextChoices):
    JOINT_PUNISHMENT = "joint_punishment", _("Joint-punishment list for wage arrears")
    PUBLICATION = "publication", _("Publication of a serious violation")


class CreditStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting the head's approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Not approved")


class CreditProposal(models.Model):
    case = models.ForeignKey(
        "complaints.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="credit_proposals",
    )
    employer = models.ForeignKey(
        "complaints.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="credit_proposals",
    )
    measure = models.CharField(_("measure"), max_length=20, choices=CreditMeasure.choices)
    # The served order or decision the employer did not comply with.
    basis = models.ForeignKey(
        "complaints.IssuedDocument",
        verbose_name=_("unpaid order or decision"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    grounds = models.TextField(_("grounds"))
    status = models.CharField(
        _("status"), max_length=10, choices=CreditStatus.choices, default=CreditStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reasons of the decision"), blank=True)

    class Meta:
        verbose_name = _("credit consequence")
        verbose_name_plural = _("credit consequences")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(measure__in=choice_values(CreditMeasure)),
                name="credit_measure_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(CreditStatus)), name="credit_status_valid"
            ),
            # One open proposal per case and measure.
            models.UniqueConstraint(
                fields=["case", "measure"],
                condition=Q(status="proposed"),
                name="credit_one_open_proposal",
            ),
        ]
        indexes = [models.Index(fields=["employer", "status"], name="credit_employer_idx")]

    def __str__(self) -> str:
        return f"{self.employer} {self.measure} {self.status}"
