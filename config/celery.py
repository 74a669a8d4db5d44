"""The Celery application.

Broker: Redis when REDIS_URL is set (production, CI); otherwise kombu's filesystem
transport in var/broker, so a fresh clone runs a real worker and beat with no server.

PostgreSQL, not the broker, is the record of work still to do
(docs/decisions/0001-outbox-and-sweep.md):
every task is idempotent and a periodic sweep re-finds committed work whose message was
lost, so the settings below favour "at least once" over "at most once".
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("shouwen")


def broker_settings(redis_url: str, embedded_dir) -> dict:
    """Broker and result backend settings for the given environment."""
    # Visibility timeout: an unacknowledged Redis message is redelivered after this long.
    # It must exceed the longest countdown/ETA/retry delay we ever use (max 1 h backoff),
    # or a delayed task is redelivered in a loop (celery/celery#2599).
    visibility = {"visibility_timeout": 2 * 3600}
    # Short socket timeouts: a frozen Redis must make publish fail in seconds instead of
    # blocking the window's request (docs/decisions/0001-outbox-and-sweep.md; measured 3 s).
    sockets = {"socket_timeout": 3, "socket_connect_timeout": 3}
    if redis_url:
        return {
            "broker_url": redis_url,
            "result_backend": redis_url,
            "broker_transport_options": {**visibility, **sockets},
            "result_backend_transport_options": {**visibility, **sockets},
            "redis_socket_timeout": 3,
            "redis_socket_connect_timeout": 3,
        }
    folders = {name: embedded_dir / name for name in ("out", "processed", "control")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {
        # The host part means nothing to this transport, but without one kombu warns
        # "No hostname was supplied" at every connection.
        "broker_url": "filesystem://localhost//",
        "broker_transport_options": {
            # Producer and consumer share one folder: the filesystem transport is a queue
            # on disk that any process on this machine can read.
            "data_folder_in": str(folders["out"]),
            "data_folder_out": str(folders["out"]),
            "processed_folder": str(folders["processed"]),
            "store_processed": False,
            "control_folder": str(folders["control"]),
        },
        "result_backend": None,
    }


def configure(celery_app: Celery) -> None:
    from django.conf import settings

    celery_app.conf.update(
        **broker_settings(settings.REDIS_URL, settings.CELERY_EMBEDDED_BROKER_DIR),
        timezone=settings.TIME_ZONE,
        enable_utc=True,
        task_serializer="json",
        accept_content=["json"],
        # Results are not read by anyone: the database records what a task did.
        task_ignore_result=True,
        # Acknowledge after the task ran, and requeue it if the worker process died, so a
        # kill -9 mid-task re-runs it rather than losing it (tasks are idempotent).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # Reserve one message per worker process: a slow task never holds others hostage.
        worker_prefetch_multiplier=1,
        # A task that hangs is warned at 60 s and killed at 90 s.
        task_soft_time_limit=60,
        task_time_limit=90,
        # Publishing gives up quickly: the sweep re-sends what could not be sent.
        broker_connection_timeout=3,
        task_publish_retry_policy={
            "max_retries": 2,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
        broker_connection_retry_on_startup=True,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        task_default_queue="routing",
        task_create_missing_queues=True,
        task_routes={
            "dispatch.route_case": {"queue": "routing"},
            "dispatch.sweep_unrouted": {"queue": "routing"},
            "dispatch.chase_deadlines": {"queue": "deadlines"},
            "dispatch.send_notification": {"queue": "notifications"},
            "dispatch.announce_event": {"queue": "notifications"},
            "dispatch.resend_notifications": {"queue": "notifications"},
            "dispatch.record_sms_receipts": {"queue": "notifications"},
            # Exports (reports/) can take minutes: their own queue keeps routing quick.
            "reports.run_export": {"queue": "exports"},
            "reports.resend_exports": {"queue": "exports"},
            "reports.rebuild_stats": {"queue": "exports"},
            "reports.compact_tallies": {"queue": "exports"},
        },
        beat_schedule=beat_schedule(),
    )


def beat_schedule() -> dict:
    """All periodic work in one place; beat only triggers, the sweeps are level-triggered."""
    return {
        # The outbox sweep: cases committed while the broker was down get routed.
        "route-unrouted-cases": {"task": "dispatch.sweep_unrouted", "schedule": 60.0},
        # Reminders, overdue marks, daily escalations and hourly ones for limits in hours
        # (docs/statutory-time-limits.md "Chasing", "Limits in hours").
        "chase-deadlines": {"task": "dispatch.chase_deadlines", "schedule": 300.0},
        # Safety net: ended cases whose announcement was lost still stop being chased.
        "close-work-of-ended-cases": {
            "task": "dispatch.close_work_of_ended_cases",
            "schedule": 3600.0,
        },
        # E-mail/SMS rows whose delivery message was lost.
        "resend-notifications": {"task": "dispatch.resend_notifications", "schedule": 300.0},
        # The SMS gateway's status reports: delivered or failed (dispatch/services/sms_delivery.py).
        "record-sms-receipts": {"task": "dispatch.record_sms_receipts", "schedule": 120.0},
        # Export jobs whose message was lost after commit (reports/).
        "resend-exports": {"task": "reports.resend_exports", "schedule": 300.0},
        # The dashboard's monthly summary recounted from the cases (reports/summary.py).
        "rebuild-stats": {"task": "reports.rebuild_stats", "schedule": 600.0},
        # The open tallies' rows folded, so the dashboard's sums stay short (reports/tallies.py).
        "compact-tallies": {"task": "reports.compact_tallies", "schedule": 60.0},
    }


configure(app)
app.autodiscover_tasks()
