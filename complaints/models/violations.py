"""What the employer is said to have done wrong, and what the inspector found (查实).

The categories are a closed list an administrator extends in the admin (seeded by
complaints 0022); a case names several, each complained of, found, or both.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from complaints.models.case import Case


class ViolationCategory(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("violation category")
        verbose_name_plural = _("violation categories")
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class CaseViolation(models.Model):
    """One category on one case: complained of at intake, found by the inspector, or both."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="violations"
    )
    category = models.ForeignKey(
        ViolationCategory,
        verbose_name=_("violation category"),
        on_delete=models.PROTECT,
        related_name="case_violations",
    )
    complained = models.BooleanField(_("complained of"), default=False)
    found = models.BooleanField(_("found"), default=False)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("found by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    found_at = models.DateTimeField(_("found at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case violation")
        verbose_name_plural = _("case violations")
        ordering = ["case", "category__ordering", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "category"], name="caseviolation_unique"),
            models.CheckConstraint(
                condition=Q(complained=True) | Q(found=True), name="caseviolation_named"
            ),
        ]
        indexes = [
            models.Index(fields=["category", "case"], name="caseviolation_category_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.category}"
