"""The acceptance decision (受理): the bureau's one act on a registered complaint.

Registration is the window's act and has zero threshold; acceptance is a decision of the
bureau, taken within 5 working days of receiving the complaint, proposed by an inspector
and approved by the head of the inspection body (立案审批). Each ground has its own
consequence (docs/acceptance.md): accept and file; not accepted, out of time; ask the
complainant to complete the complaint (告知补正, the case stays registered); not a matter
for inspection (the route is named, arbitration may take it on); another office's
territory (the case is transferred).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models.case import Case
from complaints.models.choices import choice_values


class Ground(models.TextChoices):
    ACCEPT = "accept", _("Accept and file the case")
    OUT_OF_TIME = "out_of_time", _("Not accepted: more than two years ago")
    COMPLETE = "complete", _("Ask the complainant to complete the complaint")
    NOT_INSPECTION = "not_inspection", _("Not a matter for labor inspection")
    OTHER_OFFICE = "other_office", _("Another office's territory")


class Route(models.TextChoices):
    """Where a matter that is not for inspection goes (劳动保障监察条例 Art. 21)."""

    ARBITRATION = "arbitration", _("Labor dispute arbitration")
    COURT = "court", _("The people's court")


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class AcceptanceDecision(models.Model):
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="acceptance_decisions",
    )
    # The office that decides (and issues the notice): responsible for the case then.
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("deciding office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    reason = models.TextField(_("reasons"), max_length=2000, blank=True)
    # 告知补正: what the complainant is asked to add.
    missing = models.TextField(_("what is missing"), max_length=2000, blank=True)
    # Not a matter for inspection: the route named, and whether arbitration takes it on.
    route = models.CharField(_("route"), max_length=20, choices=Route.choices, blank=True)
    refer_to_arbitration = models.BooleanField(_("refer to the arbitration desk"), default=False)
    # Another office's territory: the office that is told and takes the case over.
    to_office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DecisionStatus.choices,
        default=DecisionStatus.PROPOSED,
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
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    sent_back_reason = models.TextField(_("why it was sent back"), max_length=2000, blank=True)
    notice_number = models.CharField(_("notice number"), max_length=60, blank=True)
    # The day the decision was due by the inspection desk's 5-day clock it met (none when
    # no such clock ran, e.g. a case only for arbitration): late when decided after it.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # 告知补正: when the completed complaint came back (the 5 days run again from then).
    completed_on = models.DateField(_("completed complaint received on"), null=True, blank=True)

    class Meta:
        verbose_name = _("acceptance decision")
        verbose_name_plural = _("acceptance decisions")
        ordering = ["case", "proposed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ground__in=choice_values(Ground)), name="decision_ground_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(DecisionStatus)),
                name="decision_status_valid",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="proposed"),
                name="decision_one_proposed_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.ground} {self.status}"

    @property
    def awaits_completion(self) -> bool:
        """An approved 告知补正 whose completed complaint has not come back yet."""
        return (
            self.status == DecisionStatus.APPROVED
            and self.ground == Ground.COMPLETE
            and self.completed_on is None
        )
