"""Periods of whole days in the bureau's time zone (Asia/Shanghai), and their months."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The longest statistics period the dashboard and the stats API answer for: three years,
# each counted as a leap year, so any three calendar years fit.
MAX_PERIOD_DAYS = 3 * 366


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in Asia/Shanghai."""
    return timezone.make_aware(datetime.combine(day, time.min))


def local_day(value: date | datetime) -> date:
    """A TruncDate or TruncMonth value (a datetime in Asia/Shanghai, or a date) as a date."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    return value


def month_start(day: date) -> date:
    return day.replace(day=1)


def first_of_last_month(today: date) -> date:
    return add_months(today, -1)


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after (or before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return add_months(day, 1) - timedelta(days=1)


def same_day_a_year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def validate_period(first: date, last: date) -> None:
    """Raise ValidationError unless `first`..`last` may be asked for as a statistics period:
    the end not before the start, and at most three years. The one rule of the dashboard
    (reports.forms.DashboardForm) and of GET /api/v1/stats/summary/."""
    if first > last:
        raise ValidationError(
            _("The end of the period is before its start."), code="period_reversed"
        )
    if (last - first).days > MAX_PERIOD_DAYS:
        raise ValidationError(_("Choose a period of at most three years."), code="period_too_long")


@dataclass(frozen=True)
class Period:
    """From `first` to `last`, both days included; a piece of it when `since` or `until`
    is given: its rows timed from `since` and before `until` (reports/totals.py cuts the
    day of the summary's end in two such pieces)."""

    first: date
    last: date
    since: datetime | None = None
    until: datetime | None = None

    @property
    def start(self) -> datetime:
        """The inclusive lower bound of the rows' times."""
        start = day_start(self.first)
        return max(start, self.since) if self.since else start

    @property
    def end(self) -> datetime:
        """Midnight after the last day (or `until`, when before it): the exclusive upper
        bound."""
        end = day_start(self.last + timedelta(days=1))
        return min(end, self.until) if self.until else end

    def cut_at(self, moment: datetime) -> list["Period"]:
        """The period as its piece before `moment` and its piece from it on; itself alone
        when `moment` is not inside it."""
        if not self.start < moment < self.end:
            return [self]
        return [replace(self, until=moment), replace(self, since=moment)]

    def a_year_earlier(self) -> "Period":
        return Period(same_day_a_year_earlier(self.first), same_day_a_year_earlier(self.last))

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        months, month = [], month_start(self.first)
        while month <= self.last:
            months.append(month)
            month = add_months(month, 1)
        return months

    @classmethod
    def month(cls, first_of_month: date) -> "Period":
        return cls(month_start(first_of_month), month_end(first_of_month))

    @classmethod
    def trailing_months(cls, last: date, count: int) -> "Period":
        """`count` whole months ending with the month of `last`."""
        return cls(add_months(last, 1 - count), month_end(last))


def split(
    period: Period, summarized_through: date | None, *, days_from_month_start: bool = False
) -> tuple[list[date], list[Period]]:
    """The period as the buckets held by the summary, and the rest (counted live).

    The summary (reports/summary.py) holds every whole month before the month of
    `summarized_through` as a row dated the month's 1st, and every day of that month
    before `summarized_through` as a row dated the day. The buckets inside the period
    are contiguous in its middle: the rest is at most a partial month at the start and
    the days from the summary's end (or a partial month) to the period's end, as at most
    two periods. With `days_from_month_start`, the days are used only from the month's
    1st (for figures that are not additive over days, such as workers paid in a month).
    """
    if not summarized_through:
        return [], [period]
    current = month_start(summarized_through)
    buckets = [
        month
        for month in period.months()
        if month < current and month >= period.first and month_end(month) <= period.last
    ]
    first_day = max(current, period.first)
    if not days_from_month_start or first_day == current:
        day = first_day
        while day < summarized_through and day <= period.last:
            buckets.append(day)
            day += timedelta(days=1)
    if not buckets:
        return [], [period]
    live = []
    if period.first < buckets[0]:
        live.append(Period(period.first, buckets[0] - timedelta(days=1)))
    after = _bucket_end(buckets[-1], current) + timedelta(days=1)
    if after <= period.last:
        live.append(Period(after, period.last))
    return buckets, live


def _bucket_end(bucket: date, current_month: date) -> date:
    """The last day of a summary bucket: a month before the current month, else a day."""
    return month_end(bucket) if bucket < current_month else bucket


@dataclass(frozen=True)
class Parts:
    """A period as summary buckets, live periods to add and live periods to take away."""

    buckets: list[date]
    add: list[Period]
    take_away: list[Period]


def split_whole(period: Period, summarized_through: date | None) -> Parts:
    """As split, but a partial month at the period's end that has ended and lies mostly in
    the period is read as the whole month from the summary less its days after the period
    (the same days a year earlier end in such a month). For figures that add up: counts
    and histograms, not workers paid."""
    buckets, live = split(period, summarized_through)
    if not live or not summarized_through:
        return Parts(buckets, live, [])
    tail, month = live[-1], month_start(live[-1].last)
    ended = month < month_start(summarized_through)
    mostly = (tail.last - month).days >= (month_end(month) - tail.last).days
    if tail.first != month or not ended or not mostly or tail.last == month_end(month):
        return Parts(buckets, live, [])
    after = Period(tail.last + timedelta(days=1), month_end(month))
    return Parts([*buckets, month], live[:-1], [after])
