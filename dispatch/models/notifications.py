"""Notifications: the in-app inbox, e-mail to staff, SMS to complainants."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values


class NotificationChannel(models.TextChoices):
    INBOX = "inbox", _("Inbox")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


class SmsStatus(models.TextChoices):
    """Where an SMS is on its way; blank on the other channels."""

    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent, no receipt yet")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One message to one recipient on one channel, never sent twice.

    `key` names the event that caused it (e.g. "escalation:42:2026-03-02"); the unique
    (key, channel, recipient) makes a repeated sweep or a redelivered task a no-op.
    Staff messages have `recipient`; SMS to a complainant has `phone` instead.
    """

    key = models.CharField(max_length=120)
    channel = models.CharField(_("channel"), max_length=10, choices=NotificationChannel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    case = models.ForeignKey(
        "complaints.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # SMS through a vendor gateway: the approved template (a kind named in SMS_TEMPLATES)
    # and its named parameters; `body` keeps the full text for the log, inbox and case page.
    # Database defaults, because `notify_staff_many` inserts rows with plain SQL.
    template = models.CharField(
        _("SMS template"), max_length=40, blank=True, default="", db_default=""
    )
    params = models.JSONField(_("template parameters"), blank=True, default=dict, db_default={})
    provider_message_id = models.CharField(
        _("gateway message id"), max_length=64, blank=True, default="", db_default=""
    )
    delivery_status = models.CharField(
        _("delivery status"),
        max_length=10,
        choices=SmsStatus.choices,
        blank=True,
        default="",
        db_default="",
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, db_default=0)
    # The gateway's error code and message; never the number.
    last_error = models.CharField(
        _("last error"), max_length=200, blank=True, default="", db_default=""
    )
    # Not before this time: a retry's backoff or the per-number rate limit.
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "channel", "recipient"],
                condition=Q(recipient__isnull=False),
                name="notification_once_per_staff",
            ),
            models.UniqueConstraint(
                fields=["key", "channel", "phone"],
                condition=Q(recipient__isnull=True),
                name="notification_once_per_phone",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=choice_values(NotificationChannel)),
                name="notification_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(delivery_status__in=["", *choice_values(SmsStatus)]),
                name="notification_delivery_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(phone=""),
                name="notification_has_addressee",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(channel="inbox", read_at__isnull=True),
                name="notification_unread_idx",
            ),
            models.Index(
                fields=["provider_message_id"],
                condition=Q(delivery_status="sent"),
                name="notification_sms_receipt_idx",
            ),
            models.Index(
                fields=["phone", "sent_at"],
                condition=Q(channel="sms"),
                name="notification_sms_rate_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject
