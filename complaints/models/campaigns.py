"""Campaigns (专项行动): a named period the city asks to be counted apart, e.g. the winter
campaign before the Spring Festival.

A case belongs to a campaign when it is in its scope (its registering or responsible office
under one of the campaign's offices, or any office when none is named; construction cases
only when `construction_only`) and was registered in the period or still open in it
(complaints/selectors/campaigns.py). Nothing is stamped on the cases: a campaign set up
late still counts the cases of its period.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    offices = models.ManyToManyField(
        "accounts.Office",
        verbose_name=_("offices"),
        blank=True,
        related_name="+",
        help_text=_("The offices taking part, with the offices below them; none: all."),
    )
    construction_only = models.BooleanField(_("construction cases only"), default=False)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaign_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name
