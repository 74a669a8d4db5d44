"""A list filter an officer saved under a name, to reopen their usual view in one click."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values


class FilterPage(models.TextChoices):
    MY_CASES = "my_cases", _("My cases")
    DESK_QUEUE = "desk_queue", _("Desk queue")
    CASE_LIST = "case_list", _("Case list")


class SavedFilter(models.Model):
    """The query string of a list page, checked by that page's filter form before saving.

    Private to its owner: nobody else lists, opens or deletes it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_filters",
    )
    page = models.CharField(_("page"), max_length=20, choices=FilterPage.choices)
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filter"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "name"], name="saved_filter_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(page__in=choice_values(FilterPage)), name="saved_filter_page_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name
