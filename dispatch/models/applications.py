"""What a desk that counts from its own application needs from the worker.

Arbitration, work injury and legal aid count their statutory time limit from the day they
receive the worker's application (劳动争议调解仲裁法 Art. 29, 工伤认定办法 Art. 8,
法律援助法 Art. 43), not from the window's registration; the day it was received is
recorded on the referral, with the materials ticked off each desk's checklist
(docs/statutory-time-limits.md, "Where each clock starts and ends").
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from complaints.models import DeskKind, choice_values

# The desks whose first statutory clock counts from the receipt of their own application.
APPLICATION_DESKS = (DeskKind.ARBITRATION, DeskKind.WORK_INJURY, DeskKind.LEGAL_AID)


class ApplicationMaterial(models.Model):
    """One item of a desk's checklist of what its application needs (an administrator's
    data: retire an item by making it inactive, so past referrals keep what was ticked)."""

    desk = models.CharField(_("desk"), max_length=20, choices=DeskKind.choices)
    name_en = models.CharField(_("material (English)"), max_length=200)
    name_zh = models.CharField(_("material (Chinese)"), max_length=200)
    ordering = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("application material")
        verbose_name_plural = _("application materials")
        ordering = ["desk", "ordering", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(desk__in=choice_values(DeskKind)),
                name="application_material_desk_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en
