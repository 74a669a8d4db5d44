"""The seam to dispatch: tasks sent by name after commit (complaints never imports dispatch).

Routing: complaints never imports dispatch. The case row itself (routing_state = pending) is the
record that routing is owed; this message is only the fast path. If the broker is slow
or down, publishing gives up within seconds, the window's request carries on, and the
dispatch sweep routes the case when the broker is back.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

logger = logging.getLogger(__name__)

_suspended: ContextVar[bool] = ContextVar("publishing_suspended", default=False)


@contextmanager
def publishing_suspended() -> Iterator[None]:
    """Send no tasks inside the block: for bulk loads (demo data, imports) that route
    synchronously and must not announce history. Cases left pending are still routed
    by the sweep."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


ROUTE_CASE_TASK = "dispatch.route_case"


def publish_now(app, task: str, args: list) -> None:
    """Send once, or raise at once: no connection retries (kombu would retry for ~6 s
    against a stopped Redis), no result store (nobody reads results, and subscribing
    to it retries its own connection for many seconds)."""
    with app.connection_for_write(transport_options={"max_retries": 0}) as connection:
        app.send_task(task, args=args, retry=False, ignore_result=True, connection=connection)


def send_route_request(case_id: int) -> bool:
    from config.celery import app
    from config.outage import pause_redis, redis_paused

    if redis_paused():  # failed a moment ago: do not make another request wait for it
        logger.warning("routing request for case id %s left to the sweep", case_id)
        return False
    try:
        publish_now(app, ROUTE_CASE_TASK, [case_id])
    except Exception as error:  # noqa: BLE001 - any broker failure must not reach the window
        pause_redis(f"publish: {error.__class__.__name__}")
        logger.warning(
            "routing request for case id %s not sent; the sweep will route it",
            case_id,
            exc_info=True,
        )
        return False
    return True


def request_routing_after_commit(case_id: int) -> None:
    if not _suspended.get():
        transaction.on_commit(lambda: send_route_request(case_id), robust=True)


ANNOUNCE_EVENT_TASK = "dispatch.announce_event"


def send_announce_request(event_id: int) -> None:
    """Let dispatch tell the people concerned about a timeline event (after commit)."""
    from config.celery import app
    from config.outage import pause_redis, redis_paused

    if redis_paused():
        logger.warning("announcement of event id %s not sent (broker unavailable)", event_id)
        return
    try:
        publish_now(app, ANNOUNCE_EVENT_TASK, [event_id])
    except Exception as error:  # noqa: BLE001 - a lost announcement must not undo the step
        pause_redis(f"publish: {error.__class__.__name__}")
        logger.warning("announcement of event id %s not sent", event_id, exc_info=True)


def announce_after_commit(event_id: int) -> None:
    if not _suspended.get():
        transaction.on_commit(lambda: send_announce_request(event_id), robust=True)
