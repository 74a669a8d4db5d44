"""SMS through the gateway: the per-number rate limit, bounded retries, receipts.

`notification_deliver` hands each SMS row here, locked. A number over a limit of
settings.SMS_RATE_LIMITS waits (`next_attempt_at`), nothing is dropped; the resend sweep
sends it when it is within the limit. A message the gateway refuses is retried by the
sweep after SMS_RETRY_DELAY_SECONDS, doubled at each attempt, and after SMS_MAX_ATTEMPTS
it is marked failed: the case page shows it to the office (dispatch/sms_panel.py), the
admin lists it. Receipts (status reports) are pulled by a beat task and mark messages
delivered or failed, matched by the gateway's message id. Logs name the notification,
never the number.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from config import clock
from dispatch.models import Notification, NotificationChannel, SmsStatus
from dispatch.sms import SentSms, SmsMessage, SmsReceipt, SmsRefused, get_backend

logger = logging.getLogger(__name__)

# Receipts are asked for this long after sending; a message with none by then stays "sent".
RECEIPT_WINDOW = timedelta(days=3)
RECEIPT_BATCH = 100


def sms_send(*, notification: Notification) -> bool:
    """Send one SMS row (locked by the caller) unless it must wait; True if the gateway
    took it. A refusal is recorded on the row, not raised."""
    now = clock.now()
    if notification.delivery_status == SmsStatus.FAILED:
        return False
    if notification.next_attempt_at is not None and notification.next_attempt_at > now:
        return False
    wait_until = rate_limited_until(phone=notification.phone, now=now)
    if wait_until is not None:
        notification.next_attempt_at = wait_until
        notification.save(update_fields=["next_attempt_at"])
        logger.info("SMS %s waits for the per-number limit until %s", notification.pk, wait_until)
        return False
    message = SmsMessage(
        phone=notification.phone,
        text=notification.body,
        template=notification.template,
        params=notification.params or {},
    )
    notification.attempts += 1
    try:
        message_id = get_backend().send(message)
    except SmsRefused as refusal:
        _record_refusal(notification, refusal, now)
        return False
    notification.sent_at = now
    notification.provider_message_id = message_id[:64]
    notification.delivery_status = SmsStatus.SENT
    notification.next_attempt_at = None
    notification.save(
        update_fields=[
            "sent_at",
            "provider_message_id",
            "delivery_status",
            "attempts",
            "next_attempt_at",
        ]
    )
    return True


def rate_limited_until(*, phone: str, now: datetime) -> datetime | None:
    """When the number may get its next message, if a limit holds it back now.

    Counts the messages sent to the number in each window; with `count` sent in the last
    `seconds`, the next may go when the oldest of those leaves the window. Two workers
    sending to one number at the same instant may both pass: the gateway's own throttle
    then refuses one, and that one is retried.
    """
    latest = None
    for seconds, count in settings.SMS_RATE_LIMITS:
        window = timedelta(seconds=seconds)
        recent = list(
            Notification.objects.filter(
                channel=NotificationChannel.SMS, phone=phone, sent_at__gt=now - window
            )
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)[:count]
        )
        if len(recent) >= count:
            free_at = recent[-1] + window
            latest = free_at if latest is None else max(latest, free_at)
    return latest


def _record_refusal(notification: Notification, refusal: SmsRefused, now: datetime) -> None:
    notification.last_error = str(refusal)[:200]
    if notification.attempts >= settings.SMS_MAX_ATTEMPTS:
        notification.delivery_status = SmsStatus.FAILED
        notification.next_attempt_at = None
        logger.error(
            "SMS %s failed after %s attempts (%s)",
            notification.pk,
            notification.attempts,
            refusal.code,
        )
    else:
        delay = settings.SMS_RETRY_DELAY_SECONDS * 2 ** (notification.attempts - 1)
        notification.next_attempt_at = now + timedelta(seconds=delay)
        logger.warning(
            "SMS %s refused by the gateway (%s), attempt %s; retried at %s",
            notification.pk,
            refusal.code,
            notification.attempts,
            notification.next_attempt_at,
        )
    notification.save(
        update_fields=["attempts", "last_error", "delivery_status", "next_attempt_at"]
    )


def sms_receipts_record(*, limit: int = RECEIPT_BATCH) -> int:
    """Pull the gateway's status reports and record them; the number of rows updated.

    Asks about the oldest messages still waiting (at most `limit`); a gateway that hands
    out every report once (Tencent) may answer about others too, and those are recorded
    as well, so no report is lost.
    """
    backend = get_backend()
    if not hasattr(backend, "fetch_receipts"):
        return 0
    waiting = Notification.objects.filter(
        channel=NotificationChannel.SMS,
        delivery_status=SmsStatus.SENT,
        sent_at__gte=clock.now() - RECEIPT_WINDOW,
    ).exclude(provider_message_id="")
    rows = waiting.order_by("sent_at").values_list("provider_message_id", "phone", "sent_at")
    sent = [SentSms(message_id=mid, phone=phone, sent_at=at) for mid, phone, at in rows[:limit]]
    if not sent:
        return 0
    try:
        receipts = backend.fetch_receipts(sent)
    except SmsRefused as refusal:
        logger.warning("SMS receipts not fetched (%s)", refusal.code)
        return 0
    return _record_receipts(receipts)


def _record_receipts(receipts: list[SmsReceipt]) -> int:
    by_id = {receipt.message_id: receipt for receipt in receipts if receipt.message_id}
    updated = 0
    with transaction.atomic():
        rows = Notification.objects.select_for_update().filter(
            channel=NotificationChannel.SMS,
            delivery_status=SmsStatus.SENT,
            provider_message_id__in=list(by_id),
        )
        for notification in rows:
            receipt = by_id[notification.provider_message_id]
            if receipt.delivered:
                notification.delivery_status = SmsStatus.DELIVERED
                notification.delivered_at = receipt.at or clock.now()
            else:
                notification.delivery_status = SmsStatus.FAILED
                notification.last_error = f"receipt: {receipt.code}"[:200]
                logger.warning("SMS %s not delivered (%s)", notification.pk, receipt.code)
            notification.save(update_fields=["delivery_status", "delivered_at", "last_error"])
            updated += 1
    return updated


def failed_sms_of_case(*, case_id: int) -> list[Notification]:
    """The case's SMS that failed for good, newest first (the case page's warning)."""
    return list(
        Notification.objects.filter(
            case_id=case_id,
            channel=NotificationChannel.SMS,
            delivery_status=SmsStatus.FAILED,
        ).order_by("-created_at")[:20]
    )
