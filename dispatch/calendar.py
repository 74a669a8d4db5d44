"""Working-day arithmetic on the Chinese calendar (docs/statutory-time-limits.md "Counting rules").

All functions take and return `date`s in Asia/Shanghai: convert a moment with
`config.clock.today()` or `timezone.localdate()` first, never with `datetime.date()` on a
UTC value. A date is a working day when it is Monday to Friday and not a `Holiday` rest
day, or a weekend day that a `Holiday` row makes a make-up working day (调休). For a year
with no `CalendarYear` row only the weekend rule applies (its `Holiday` rows, if any, are
ignored until the year is marked loaded), and every result touching that year is flagged
provisional, so it is never silently wrong.

The `Holiday` table is read once per year and kept in a module-level cache. The admin
calls `clear_cache()` when it saves a date; other processes (workers, other web
processes) pick an edit up within `CACHE_SECONDS`.
"""

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dispatch.models import CalendarYear, Holiday, HolidayKind

# How long another process may keep using a year it read before an admin edit.
CACHE_SECONDS = 300

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DueDate:
    """A computed deadline; `provisional` when any year from start to due is not loaded."""

    due: date
    provisional: bool


@dataclass(frozen=True)
class _Year:
    loaded: bool
    overrides: dict[date, str]  # date -> HolidayKind value
    read_at: float


_cache: dict[int, _Year] = {}


def clear_cache() -> None:
    """Forget every cached year; the next question reads the Holiday table again."""
    _cache.clear()


def _year(year: int) -> _Year:
    cached = _cache.get(year)
    if cached is not None and time.monotonic() - cached.read_at < CACHE_SECONDS:
        return cached
    loaded = CalendarYear.objects.filter(year=year).exists()
    overrides = {}
    if loaded:  # a year not loaded is weekends alone, even if some dates were entered
        rows = Holiday.objects.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
        overrides = dict(rows.values_list("date", "kind"))
    entry = _Year(loaded=loaded, overrides=overrides, read_at=time.monotonic())
    _cache[year] = entry
    return entry


def _check(day: date) -> date:
    # A datetime is a date too; refuse it so a UTC moment never becomes the wrong day.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a date in Asia/Shanghai, got {day!r}")
    return day


def is_year_loaded(year: int) -> bool:
    return _year(year).loaded


def is_working_day(day: date) -> bool:
    kind = _year(_check(day).year).overrides.get(day)
    if kind == HolidayKind.REST:
        return False
    if kind == HolidayKind.WORKDAY:
        return True
    return day.weekday() < 5


def _provisional(first: date, last: date) -> bool:
    low, high = sorted((first.year, last.year))
    return not all(is_year_loaded(year) for year in range(low, high + 1))


def add_working_days(start: date, n: int) -> DueDate:
    """The n-th working day after `start`; `start` itself is never counted.

    n = 0 gives `start`; a negative n counts backwards (the n-th working day before it).
    """
    day, step, remaining = _check(start), (ONE_DAY if n >= 0 else -ONE_DAY), abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return DueDate(due=day, provisional=_provisional(start, day))


def add_calendar_days(start: date, n: int) -> DueDate:
    """`start` + n days, moved forward to the next working day if that is a rest day."""
    day = _check(start) + timedelta(days=n)
    while not is_working_day(day):
        day += ONE_DAY
    return DueDate(due=day, provisional=_provisional(start, day))


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b`; negative when `b` is before `a`.

    `working_days_between(start, add_working_days(start, n).due) == n` for n >= 0.
    """
    _check(a), _check(b)
    if b < a:
        return -working_days_between(b, a)
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        count += is_working_day(day)
    return count


class WorkingDayCounter:
    """`working_days_between(first, last)` for many pairs of days, as the statistics ask it
    (reports/measures.py: days to close): one pass over the calendar for the whole range,
    then a subtraction per pair."""

    def __init__(self):
        self.start: date | None = None
        self.running: list[int] = []  # working days from `start` up to and including a day

    @property
    def end(self) -> date:
        """The day after the last one counted."""
        return self.start + timedelta(days=len(self.running))

    def cover(self, first: date, last: date) -> None:
        """Count the working days from `first` to `last` now, and those counted before (a
        range asked in pieces is counted again each time it grows: cover the whole range
        first when it is known)."""
        if self.running and self.start <= first and last < self.end:
            return
        low = min(first, self.start) if self.running else first
        high = max(last, self.end - ONE_DAY) if self.running else last
        self.start, self.running, total, day = low, [], 0, _check(low)
        while day <= high:
            total += is_working_day(day)
            self.running.append(total)
            day += ONE_DAY

    def between(self, first: date, last: date) -> int:
        """As working_days_between(first, last), for last >= first."""
        self.cover(first, last)
        return self.running[(last - self.start).days] - self.running[(first - self.start).days]
