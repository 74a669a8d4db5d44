"""The provisions the bureau fines under, with the ceiling the law sets and the amount from
which the party has the right to a hearing, as data the administrator edits.

行政处罚法 Art. 63: a "large" fine gives the right to request a hearing; what counts as
large is set by the province, so the threshold is the administrator's. A penalty above the
provision's ceiling is refused.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PenaltyProvision(models.Model):
    code = models.CharField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("violation (English)"), max_length=200)
    name_zh = models.CharField(_("violation (Chinese)"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=200)
    floor = models.DecimalField(_("lowest fine (yuan)"), max_digits=14, decimal_places=2)
    ceiling = models.DecimalField(_("highest fine (yuan)"), max_digits=14, decimal_places=2)
    hearing_threshold = models.DecimalField(
        _("hearing from (yuan)"),
        max_digits=14,
        decimal_places=2,
        help_text=_("A fine of this amount or more gives the party the right to a hearing."),
    )

    class Meta:
        verbose_name = _("penalty provision")
        verbose_name_plural = _("penalty provisions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(floor__gte=0) & Q(ceiling__gte=models.F("floor")),
                name="penalty_provision_range_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en
