"""Is dispatch still working? A liveness probe for the Celery worker.

A worker can stay up and stop taking messages after a Redis outage (celery/celery#8030,
tests/faults/test_redis_outages.py). Registration never waits for it and PostgreSQL keeps
the work, so the symptom is cases waiting to be routed longer than the routing sweep ever
lets them wait. `manage.py check_dispatch` reports that; the orchestrator restarts the
worker when it fails (docker-compose.yml's healthcheck), and the restarted worker routes
everything still pending, exactly once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from complaints.models import Case, RoutingState
from config import clock


@dataclass(frozen=True)
class RoutingBacklog:
    waiting: int  # cases waiting longer than the limit
    oldest: datetime | None  # when the longest-waiting of them asked to be routed
    limit_seconds: int

    @property
    def stalled(self) -> bool:
        return self.waiting > 0


def routing_backlog(*, limit_seconds: int | None = None, now: datetime | None = None):
    """Cases still waiting to be routed `limit_seconds` after they asked (partial index
    case_routing_pending_idx: the pending cases only)."""
    limit_seconds = limit_seconds or settings.ROUTING_STALL_SECONDS
    cutoff = (now or clock.now()) - timedelta(seconds=limit_seconds)
    late = Case.objects.filter(
        routing_state=RoutingState.PENDING, routing_requested_at__lt=cutoff
    ).order_by("routing_requested_at")
    oldest = late.values_list("routing_requested_at", flat=True).first()
    return RoutingBacklog(
        waiting=late.count() if oldest else 0, oldest=oldest, limit_seconds=limit_seconds
    )
