"""Records of what came in: intake form submissions, consultations, API retries."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models.case import Case
from complaints.models.choices import Category, Channel, choice_values
from complaints.validators import NAME_MAX_LENGTH


class IntakeSubmission(models.Model):
    """One row per submitted intake form, keyed by the form's one-time token.

    A double-clicked submit or a resent form carries the same token, hits the primary
    key, and is answered with the case the first submission produced.
    """

    token = models.UUIDField(primary_key=True, default=uuid.uuid4)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intake submission")
        verbose_name_plural = _("intake submissions")

    def __str__(self) -> str:
        return str(self.token)


class Consultation(models.Model):
    """An inquiry answered on the spot that needs no case; it counts in the statistics."""

    topic = models.CharField(_("topic"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    answer = models.TextField(_("answer given"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    contact_name = models.CharField(_("contact name"), max_length=NAME_MAX_LENGTH, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=choice_values(Channel)), name="consultation_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=choice_values(Category)),
                name="consultation_category_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class IdempotencyRecord(models.Model):
    """The answer given to one API POST with an Idempotency-Key, replayed for 24 hours.

    The unique (user, key) is the lock: the first request inserts the row (pending, no
    status yet); a retry finds it and gets the stored answer instead of a second act.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)  # null: pending
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
