"""A figure over a period: the summary's buckets plus the rest counted from the rows.

This is the one place the summary and the live counts meet. A figure
(reports/measures.py's Figure, reports/ledger.py's Paid and PaidByMonth) says how its
period splits (`parts`: the buckets the summary holds, the live periods to add and those
to take away), reads its rows of the buckets (`summarized`) and counts its rows of a
live piece (`counted`), both as (key, values); `total` adds them up.

The summary (reports/summary.py) gives the months and days before its end as they were
at its last rebuild (beat, every 10 minutes); a change to a day that has ended shows
after the next one. The rest of a period is counted from the cases: today, and a partial
month at either end of the period. Such a partial month, when it has ended, is as
settled as the summary's own days, and so is the part of today before the rebuild
started (less a margin, summary.SETTLING_MARGIN): the rows timed in it are read as they
were then, and a later change to one of them (a reopened case, say) shows after the next
rebuild, as on an ended day. Reading the summary's rows for a year gives the same rows
until the next rebuild. All of these are kept in the cache under the summary's version
(new at every rebuild), per figure, office and piece: a page counts them on its first
view after a rebuild and reads them on the next ones. Only the rows timed since the
settled moment, and everything "now" (open, overdue), are counted on every view.
"""

from collections.abc import Callable
from datetime import date
from typing import Protocol, TypeVar

from django.core.cache import cache

from accounts.models import Office
from reports import summary
from reports.periods import Parts, Period
from reports.restriction import counted_from_rows, restriction_label

T = TypeVar("T")
Rows = list[tuple[tuple, tuple]]  # (key, values)
# Longer than the rebuild's period: a key is never read after the next rebuild anyway.
KEEP_SECONDS = 30 * 60


class Figure(Protocol):
    name: str  # unique per figure and its arguments: its rows are kept under it

    def parts(self, period: Period, summarized_through: date | None) -> Parts: ...

    def summarized(self, office: Office, buckets: list[date]) -> Rows: ...

    def counted(self, office: Office, piece: Period) -> Rows: ...


def total(figure: Figure, office: Office, period: Period) -> dict[tuple, tuple]:
    """{key: values} of the figure over the period (keys whose values are all 0 left out):
    the summary's buckets, plus the live parts added, less those taken away. Narrowed to
    the cases of dimension filters the summary is not keyed by (reports/restriction.py),
    counted from the rows."""
    sums: dict[tuple, list] = {}
    if counted_from_rows():
        _add(sums, figure.counted(office, period), 1)
        return {key: tuple(values) for key, values in sums.items() if any(values)}
    parts = figure.parts(period, summary.summarized_through())
    _add(sums, _summarized(figure, office, parts.buckets), 1)
    for sign, live in ((1, parts.add), (-1, parts.take_away)):
        for part in live:
            for piece in _pieces(part):
                _add(sums, _counted(figure, office, piece), sign)
    return {key: tuple(values) for key, values in sums.items() if any(values)}


def _add(sums: dict[tuple, list], rows: Rows, sign: int) -> None:
    for key, values in rows:
        found = sums.setdefault(key, [0] * len(values))
        for position, value in enumerate(values):
            found[position] += sign * (value or 0)


def _pieces(live: Period) -> list[Period]:
    """A live part as its piece before the summary's settled moment (kept) and its piece
    from that moment on (counted on every view): today's rows up to a few minutes before
    the last rebuild are counted once, and only the rest each time."""
    settled_until = summary.settled_until()
    return live.cut_at(settled_until) if settled_until else [live]


def _counted(figure: Figure, office: Office, piece: Period) -> Rows:
    """The figure's rows of a piece: kept when the piece ends by the settled moment."""
    settled_until = summary.settled_until()
    if settled_until is None or piece.end > settled_until:
        return figure.counted(office, piece)
    bounds = f"{piece.start.isoformat()}:{piece.end.isoformat()}"
    return _kept(f"{figure.name}:{office.pk}:{bounds}", lambda: figure.counted(office, piece))


def _summarized(figure: Figure, office: Office, buckets: list[date]) -> Rows:
    """The figure's rows of the summary's buckets (contiguous), kept for its version."""
    if not buckets:
        return []
    key = f"{figure.name}:{office.pk}:{buckets[0]}:{buckets[-1]}:{len(buckets)}"
    return _kept(key, lambda: figure.summarized(office, buckets))


def _kept(key: str, count: Callable[[], T]) -> T:
    version = summary.summary_version()
    if version is None:
        return count()
    key = f"reports:settled:{version}:{restriction_label()}:{key}"
    found = cache.get(key)
    if found is None:
        found = count()
        cache.set(key, found, KEEP_SECONDS)
    return found
