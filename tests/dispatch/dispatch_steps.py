"""What the dispatch tests share besides fixtures (those are in conftest.py): moments of
2026 in the bureau's time zone, the clock frozen at one, the chase sweep run at one, and
an office's inspection desk, the SQL queries of a page."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import DeskKind
from config import clock
from dispatch.models import Desk
from dispatch.services.chasing import chase_deadlines

SHANGHAI = ZoneInfo("Asia/Shanghai")


def moment(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def at(month: int, day: int, hour: int = 10):
    """The clock frozen at that moment of 2026 (a context manager)."""
    return clock.frozen_at(moment(month, day, hour))


def sweep(month: int, day: int, hour: int = 10):
    """The chase sweep as beat runs it at that moment; its report."""
    with at(month, day, hour):
        return chase_deadlines(now=moment(month, day, hour))


def inspection_desk(office) -> Desk:
    return Desk.objects.get_or_create(office=office, kind=DeskKind.INSPECTION)[0]


def page_queries(client, url: str) -> int:
    """How many SQL queries a GET of the page makes (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
