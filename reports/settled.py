"""Figures of what had happened by the last rebuild, computed once per summary rebuild.

The summary (reports/summary.py) gives the months and days before its end as they were at
its last rebuild (beat, every 10 minutes); a change to a day that has ended shows after the
next one. The rest of a period is counted from the cases: today, and a partial month at
either end of the period. Such a partial month, when it has ended, is as settled as the
summary's own days, and so is the part of today before the rebuild started (less a
margin, summary.SETTLING_MARGIN): the rows timed in it are read as they were then, and a
later change to one of them (a reopened case, say) shows after the next rebuild, as on
an ended day. Reading the summary's rows for a year gives the same rows until the next
rebuild. All of these are kept in the cache under the summary's version (new at every
rebuild), per office and period piece: a page counts them on its first view after a
rebuild and reads them on the next ones. Only the rows timed since the settled moment,
and everything "now" (open, overdue), are counted on every view.
"""

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.cache import cache

from accounts.models import Office
from reports import summary
from reports.periods import Period

T = TypeVar("T")
# Longer than the rebuild's period: a key is never read after the next rebuild anyway.
KEEP_SECONDS = 30 * 60


def _kept(key: str, count: Callable[[], T]) -> T:
    version = summary.summary_version()
    if version is None:
        return count()
    key = f"reports:settled:{version}:{key}"
    found = cache.get(key)
    if found is None:
        found = count()
        cache.set(key, found, KEEP_SECONDS)
    return found


def part(count: Callable[..., T], office: Office, piece: Period, *more) -> T:
    """`count(office, piece, *more)`, a figure of a period's piece counted from the cases:
    kept when the piece ends by the summary's settled moment, else counted."""
    settled_until = summary.settled_until()
    if settled_until is None or piece.end > settled_until:
        return count(office, piece, *more)
    name = f"{count.__module__}.{count.__qualname__}"
    bounds = f"{piece.start.isoformat()}:{piece.end.isoformat()}"
    key = f"{name}:{office.pk}:{bounds}:{':'.join(map(str, more))}"
    return _kept(key, lambda: count(office, piece, *more))


def pieces(live: Period) -> list[Period]:
    """A live part of a period as its piece before the summary's settled moment (kept by
    `part`) and its piece from that moment on (counted on every view): today's rows up to
    a few minutes before the last rebuild are counted once, and only the rest each time.
    For figures of rows timed in the period (registered, closed, recorded at)."""
    settled_until = summary.settled_until()
    return live.cut_at(settled_until) if settled_until else [live]


def each_piece(count: Callable[..., T], office: Office, live: Period, *more) -> list[T]:
    """`part(count, office, piece, *more)` for each of the live part's `pieces`."""
    return [part(count, office, piece, *more) for piece in pieces(live)]


def summary_rows(name: str, office: Office, buckets: list[date], count: Callable[[], T]) -> T:
    """`count()` over the summary's rows of `buckets` (contiguous), kept for its version."""
    if not buckets:
        return count()
    return _kept(f"{name}:{office.pk}:{buckets[0]}:{buckets[-1]}:{len(buckets)}", count)
