"""Sending a Celery task by name, after commit, without ever making a request wait.

The ground every app uses to hand work to the workers. PostgreSQL holds the record of
what is owed (a case still pending routing, an announcement not yet made, an SMS not yet
sent); the message published here is only the fast path. If the broker is slow or down,
publishing gives up within seconds, the request carries on, and the app's periodic sweep
sends the work again from PostgreSQL when the broker is back
(docs/decisions/0001-outbox-and-sweep.md).
"""

import contextlib
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

logger = logging.getLogger(__name__)

_suspended: ContextVar[bool] = ContextVar("publishing_suspended", default=False)


@contextmanager
def publishing_suspended() -> Iterator[None]:
    """Send no tasks inside the block: for bulk loads (demo data, imports) that route
    synchronously and must not announce history. Work left owed is still found by the
    sweeps."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


# A broker connection per process and thread, kept between publishes: opening one costs
# about 5 ms, a publish on an open one about 0.3 ms (twice per registration).
_held = threading.local()
# A reused connection whose socket died (Redis restarted) fails at once; one that fails
# after this long met a slow or frozen broker, and trying again would only wait again.
_QUICK_FAILURE_SECONDS = 0.5


def _publishing_connection(app):
    held = getattr(_held, "connection", None)
    if held is None or held[0] != os.getpid():  # none yet, or inherited through a fork
        connection = app.connection_for_write(transport_options={"max_retries": 0})
        held = _held.connection = (os.getpid(), connection)
    return held[1]


def forget_publishing_connection() -> None:
    held, _held.connection = getattr(_held, "connection", None), None
    if held is not None and held[0] == os.getpid():
        with contextlib.suppress(Exception):  # it is broken already; only let it go
            held[1].release()


def publish_now(app, task: str, args: list) -> None:
    """Send once, or raise at once: no connection retries (kombu would retry for ~6 s
    against a stopped Redis), no result store (nobody reads results, and subscribing
    to it retries its own connection for many seconds). A kept connection that fails at
    once is replaced and the message sent once more on the new one."""
    reused = getattr(_held, "connection", None) is not None
    started = time.monotonic()
    try:
        _send(app, task, args)
    except Exception:
        forget_publishing_connection()
        if not reused or time.monotonic() - started > _QUICK_FAILURE_SECONDS:
            raise
        try:
            _send(app, task, args)
        except Exception:
            forget_publishing_connection()
            raise


def _send(app, task: str, args: list) -> None:
    connection = _publishing_connection(app)
    app.send_task(task, args=args, retry=False, ignore_result=True, connection=connection)


def send_or_leave_to_sweep(task: str, args: list, *, what: str) -> bool:
    """Publish `task` now if the broker answers; otherwise log and leave it to the sweep
    that re-sends from PostgreSQL. A failure pauses Redis for this process, so the next
    request does not wait for it again (config/outage.py). `what` names it in the log."""
    from config.celery import app
    from config.outage import pause_redis, redis_paused

    if redis_paused():  # failed a moment ago: do not make another request wait for it
        logger.warning("%s left to the sweep (broker unavailable)", what)
        return False
    try:
        publish_now(app, task, args)
    except Exception as error:  # noqa: BLE001 - any broker failure must not reach the user
        pause_redis(f"publish: {error.__class__.__name__}")
        logger.warning("%s not sent; the sweep will send it", what, exc_info=True)
        return False
    return True


def on_commit_unless_suspended(send) -> None:
    """Call `send()` once the current transaction commits, unless publishing is
    suspended (a bulk load). A failure in `send` never undoes the committed work."""
    if not _suspended.get():
        transaction.on_commit(send, robust=True)
