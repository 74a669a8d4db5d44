"""The append-only timeline of a case, which is also its audit trail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models.case import Case
from complaints.models.choices import EventKind, choice_values


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk update/delete would rewrite the timeline behind the services' back."""

    def update(self, **kwargs):
        raise ValueError("Case events are append-only.")

    def delete(self):
        raise ValueError("Case events are append-only.")


class CaseEvent(models.Model):
    """The append-only timeline of a case; also the audit trail.

    `kind` and `payload` are the record; the translated summary is derived from them
    (complaints/events.py), so it reads in the viewer's language. `message` holds what
    the actor wrote (a note, a reason).
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), db_index=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="caseevent_case_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(EventKind)), name="caseevent_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Case events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case events are append-only.")
