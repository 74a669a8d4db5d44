"""Who is told what: notifications are rows first, deliveries after commit.

Every notification has a key naming the event that caused it; the database refuses a
second row with the same key, channel and addressee, so a repeated sweep or redelivered
task never sends twice. The inbox row is the delivery; e-mail and SMS rows are sent by
the `dispatch.send_notification` task after the transaction commits, and a sweep
re-sends rows left unsent (a lost message, a broker outage).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from complaints.models import Case
from config import clock
from config.broker import send_or_leave_to_sweep
from dispatch.models import Notification, NotificationChannel, SmsStatus

logger = logging.getLogger(__name__)

SEND_TASK = "dispatch.send_notification"
# Rows per INSERT of `notify_staff_many`: PostgreSQL takes at most 65,535 parameters in a
# statement, and a notification has ten columns.
INSERT_BATCH = 5000


def _create(**fields) -> Notification | None:
    """Insert one notification unless its (key, channel, addressee) exists already."""
    try:
        with transaction.atomic():
            return Notification.objects.create(created_at=clock.now(), **fields)
    except IntegrityError:
        return None


def _send_after_commit(notification: Notification) -> None:
    def send():
        # Not sent now: the resend sweep delivers it later.
        send_or_leave_to_sweep(SEND_TASK, [notification.pk], what=f"notification {notification.pk}")

    transaction.on_commit(send, robust=True)


def notify_staff(
    *,
    recipients,
    key: str,
    subject: str,
    body: str = "",
    case: Case | None = None,
    email: bool = True,
) -> list[Notification]:
    """Inbox (and e-mail, when the user has an address) for each distinct recipient."""
    created = []
    for user in {user.pk: user for user in recipients if user is not None}.values():
        common = {
            "key": key,
            "recipient": user,
            "case": case,
            "subject": subject[:200],
            "body": body,
        }
        inbox = _create(channel=NotificationChannel.INBOX, sent_at=clock.now(), **common)
        if inbox is not None:
            created.append(inbox)
        if email and user.email:
            mail = _create(channel=NotificationChannel.EMAIL, **common)
            if mail is not None:
                created.append(mail)
                _send_after_commit(mail)
    return created


@dataclass(frozen=True)
class StaffMessage:
    """One message of `notify_staff_many`: the arguments `notify_staff` takes."""

    recipients: list
    key: str
    subject: str
    body: str = ""
    case: Case | None = None
    email: bool = True


def notify_staff_many(*, messages: Iterable[StaffMessage]) -> list[int]:
    """`notify_staff` for many messages in a fixed number of statements (the chase sweep);
    the ids of the rows inserted now.

    Rows whose (key, channel, recipient) exists already are skipped, as one by one; the
    unique constraint decides, also against a writer racing this one. Only rows this call
    inserted get an e-mail sent after commit, so a repeated call sends nothing twice. Rows
    are plain column values, not model instances (a sweep writes tens of thousands).
    """
    now = clock.now()
    rows: dict[tuple, tuple] = {}  # (key, channel, recipient id) -> (case id, subject, body, sent)
    for message in messages:
        subject, case_id = message.subject[:200], message.case.pk if message.case else None
        for user in {user.pk: user for user in message.recipients if user is not None}.values():
            inbox = (message.key, NotificationChannel.INBOX.value, user.pk)
            rows.setdefault(inbox, (case_id, subject, message.body, now))
            if message.email and user.email:
                mail = (message.key, NotificationChannel.EMAIL.value, user.pk)
                rows.setdefault(mail, (case_id, subject, message.body, None))
    if not rows:
        return []
    if connection.vendor == "postgresql":
        inserted = _insert_skipping_existing(rows, now)
    else:
        inserted = _insert_new_rows(rows, now)
    _send_all_after_commit([pk for pk, channel in inserted if channel == NotificationChannel.EMAIL])
    return [pk for pk, _channel in inserted]


_INSERT_SKIPPING_EXISTING = f"""
    INSERT INTO {Notification._meta.db_table}
        (key, channel, recipient_id, phone, case_id, subject, body, created_at, sent_at, read_at)
    SELECT key, channel, recipient_id, '', case_id, subject, body, %s, sent_at, NULL
    FROM unnest(%s::varchar[], %s::varchar[], %s::bigint[], %s::bigint[], %s::varchar[],
                %s::text[], %s::timestamptz[])
        AS new (key, channel, recipient_id, case_id, subject, body, sent_at)
    ON CONFLICT DO NOTHING
    RETURNING id, channel
"""  # noqa: S608 - the model's own table name, no input


def _insert_skipping_existing(rows: dict[tuple, tuple], now) -> list[tuple[int, str]]:
    """PostgreSQL: one INSERT per batch from column arrays; ON CONFLICT leaves out rows that
    exist (or that a racing writer stored first) and RETURNING names those inserted."""
    inserted = []
    items = list(rows.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), INSERT_BATCH):
            batch = items[start : start + INSERT_BATCH]
            columns = list(zip(*(identity + values for identity, values in batch), strict=True))
            cursor.execute(_INSERT_SKIPPING_EXISTING, [now, *map(list, columns)])
            inserted += cursor.fetchall()
    return inserted


def _insert_new_rows(rows: dict[tuple, tuple], now) -> list[tuple[int, str]]:
    """Other databases: leave out the rows that exist, insert the rest, read back the rows
    stamped with this call's time (a racing writer's rows are not this call's to send)."""
    keys = {key for key, _channel, _recipient in rows}
    existing = set(
        Notification.objects.filter(key__in=keys, recipient__isnull=False).values_list(
            "key", "channel", "recipient_id"
        )
    )
    new = [
        Notification(
            key=key,
            channel=channel,
            recipient_id=recipient,
            case_id=case_id,
            subject=subject,
            body=body,
            created_at=now,
            sent_at=sent_at,
        )
        for (key, channel, recipient), (case_id, subject, body, sent_at) in rows.items()
        if (key, channel, recipient) not in existing
    ]
    if not new:
        return []
    Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=INSERT_BATCH)
    stored = Notification.objects.filter(
        key__in={row.key for row in new}, recipient__isnull=False, created_at=now
    ).values_list("key", "channel", "recipient_id", "id")
    wanted = {(row.key, row.channel, row.recipient_id) for row in new}
    return [
        (pk, channel)
        for key, channel, recipient, pk in stored
        if (key, channel, recipient) in wanted
    ]


def _send_all_after_commit(notification_ids: list[int]) -> None:
    """One callback for many rows; each is published as `_send_after_commit` does."""
    if not notification_ids:
        return

    def send():
        for pk in notification_ids:
            send_or_leave_to_sweep(SEND_TASK, [pk], what=f"notification {pk}")

    transaction.on_commit(send, robust=True)


@dataclass(frozen=True)
class SmsText:
    """An SMS as the log backend shows it (`text`) and as a vendor gateway sends it: the
    approved template's kind (dispatch/sms/templates.py) and its parameters."""

    text: str
    template: str = ""
    params: dict | None = None


def notify_complainants(*, case: Case, key: str, sms: SmsText) -> list[Notification]:
    """One SMS per distinct complainant phone on the case."""
    created = []
    phones = dict.fromkeys(p for p in case.complainants.values_list("phone", flat=True) if p)
    for phone in phones:
        _queue_sms(created, key=key, phone=phone, case=case, sms=sms)
    return created


def _queue_sms(created: list, *, key: str, phone: str, case, sms: SmsText, recipient=None) -> None:
    """One SMS recorded (unless its key was sent already) and sent after commit."""
    row = _create(
        channel=NotificationChannel.SMS,
        key=key,
        recipient=recipient,
        phone=phone,
        case=case,
        subject=sms.text[:200],
        body=sms.text,
        template=sms.template,
        params={name: str(value) for name, value in (sms.params or {}).items()},
        delivery_status=SmsStatus.PENDING,
    )
    if row is not None:
        created.append(row)
        _send_after_commit(row)


def notify_staff_by_sms(*, recipients, key: str, sms: SmsText, case: Case | None = None) -> list:
    """One SMS per distinct recipient with a work phone (`User.phone`), sent after commit;
    for the alerts that must reach someone away from the office (a group case). A
    recipient without a phone gets none: their inbox has the message."""
    created = []
    for user in {user.pk: user for user in recipients if user is not None}.values():
        if user.phone:
            _queue_sms(created, key=key, phone=user.phone, case=case, sms=sms, recipient=user)
    return created


def notification_deliver(*, notification_id: int) -> bool:
    """Send one e-mail or SMS if it has not been sent; True if it was sent now. An SMS
    may wait (rate limit, retry backoff) or be refused: `sms_delivery.sms_send`."""
    from django.core.mail import send_mail

    from dispatch.services.sms_delivery import sms_send

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.sent_at is not None:
            return False
        if notification.channel == NotificationChannel.SMS:
            return sms_send(notification=notification)
        if notification.channel == NotificationChannel.EMAIL:
            send_mail(notification.subject, notification.body, None, [notification.recipient.email])
        notification.sent_at = clock.now()
        notification.save(update_fields=["sent_at"])
    return True


def resend_unsent(*, older_than_seconds: int = 120, limit: int = 200) -> int:
    """Deliver e-mail/SMS rows whose task was lost, and SMS whose wait is over (sweep);
    SMS marked failed are left to people."""
    from datetime import timedelta

    now = clock.now()
    cutoff = now - timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(sent_at__isnull=True, created_at__lt=cutoff)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .exclude(channel=NotificationChannel.INBOX)
        .exclude(delivery_status=SmsStatus.FAILED)
        .order_by("created_at")
        .values_list("id", flat=True)[:limit]
    )
    return sum(notification_deliver(notification_id=pk) for pk in ids)


def inbox_unread_count(*, user) -> int:
    return Notification.objects.filter(
        recipient=user, channel=NotificationChannel.INBOX, read_at__isnull=True
    ).count()


def inbox_mark_read(*, user, notification_ids=None) -> int:
    unread = Notification.objects.filter(
        recipient=user, channel=NotificationChannel.INBOX, read_at__isnull=True
    )
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=clock.now())
