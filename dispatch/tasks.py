"""Celery tasks: thin interfaces with stable names; the work is in dispatch.services.

Arguments are ids only. Each task re-checks that the work is still needed, so a
redelivered or duplicated message changes nothing (acks_late means at-least-once).
"""

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from dispatch import services
from dispatch.services import announcements, case_end, notifications, routing

RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,  # well under the broker's visibility timeout (2 h)
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="dispatch.route_case", bind=True, **RETRY)
def route_case(self, case_id: int) -> int:
    """Route one case. A failure other than the database's own is counted on the case and
    retried with backoff; after ROUTING_MAX_ATTEMPTS the case shows "dispatch failed"."""
    try:
        return len(services.case_route(case_id=case_id))
    except OperationalError:
        raise  # autoretry_for: the database will be back
    except Exception as error:
        if routing.case_routing_attempt_failed(case_id=case_id, error=repr(error)):
            return 0
        delay = settings.ROUTING_RETRY_DELAY_SECONDS * 2**self.request.retries
        raise self.retry(exc=error, countdown=delay, max_retries=None) from error


@shared_task(name="dispatch.sweep_unrouted", **RETRY)
def sweep_unrouted() -> int:
    return services.route_pending_cases()


@shared_task(
    name="dispatch.send_notification",
    **{**RETRY, "autoretry_for": (OperationalError, SMTPException, ConnectionError, OSError)},
)
def send_notification(notification_id: int) -> bool:
    return notifications.notification_deliver(notification_id=notification_id)


@shared_task(name="dispatch.resend_notifications", **RETRY)
def resend_notifications() -> int:
    return notifications.resend_unsent()


@shared_task(name="dispatch.record_sms_receipts", **RETRY)
def record_sms_receipts() -> int:
    """The gateway's status reports on sent SMS (beat, every 120 s)."""
    from dispatch.services import sms_delivery

    return sms_delivery.sms_receipts_record()


@shared_task(name="dispatch.chase_deadlines", **RETRY)
def chase_deadlines() -> dict:
    """Reminders, overdue marks and escalations (daily; hourly for limits in hours); beat
    runs it every 300 s."""
    from dispatch.services import chasing

    return chasing.chase_deadlines().as_dict()


@shared_task(name="dispatch.announce_event", **RETRY)
def announce_event(event_id: int) -> None:
    """Tell people of a step; when the step ended the case, stop the desks' work."""
    event = announcements.event_announce(event_id=event_id)
    if event is not None and event.kind in case_end.ENDING_EVENTS:
        case_end.case_end_close_work(case_id=event.case_id)


@shared_task(name="dispatch.close_work_of_ended_cases", **RETRY)
def close_work_of_ended_cases() -> int:
    return case_end.close_work_of_ended_cases()
