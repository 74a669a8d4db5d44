"""Figures of days that have ended, computed once per summary rebuild.

The summary (reports/summary.py) gives the months and days before its end as they were at
its last rebuild (beat, every 10 minutes); a change to a day that has ended shows after the
next one. The rest of a period is counted from the cases: today, and a partial month at
either end of the period. Such a partial month, when it has ended, is as settled as the
summary's own days, and reading the summary's rows for a year gives the same rows until
the next rebuild. Both are kept in the cache under the summary's version (new at every
rebuild), per office and period part: a page counts them on its first view after a
rebuild and reads them on the next ones. Today and everything "now" are always counted.
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
    kept when the piece ended before the summary's end, else counted."""
    through = summary.summarized_through()
    if through is None or piece.last >= through:
        return count(office, piece, *more)
    name = f"{count.__module__}.{count.__qualname__}"
    key = f"{name}:{office.pk}:{piece.first}:{piece.last}:{':'.join(map(str, more))}"
    return _kept(key, lambda: count(office, piece, *more))


def summary_rows(name: str, office: Office, buckets: list[date], count: Callable[[], T]) -> T:
    """`count()` over the summary's rows of `buckets` (contiguous), kept for its version."""
    if not buckets:
        return count()
    return _kept(f"{name}:{office.pk}:{buckets[0]}:{buckets[-1]}:{len(buckets)}", count)
