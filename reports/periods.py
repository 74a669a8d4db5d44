"""Periods of whole days in the bureau's time zone (Asia/Shanghai), and their months."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in Asia/Shanghai."""
    return timezone.make_aware(datetime.combine(day, time.min))


def month_start(day: date) -> date:
    return day.replace(day=1)


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


@dataclass(frozen=True)
class Period:
    """From `first` to `last`, both days included."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return day_start(self.first)

    @property
    def end(self) -> datetime:
        """Midnight after the last day: the exclusive upper bound."""
        return day_start(self.last + timedelta(days=1))

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


def split(period: Period, summarized_through: date | None) -> tuple[list[date], list[Period]]:
    """The period as the whole months held by the summary, and the rest (counted live).

    The summary's months are contiguous in the middle of the period: the rest is at most
    a partial month at the start and the days from the summary's end (or a partial
    month) to the period's end, as at most two periods.
    """
    whole = [
        month
        for month in period.months()
        if summarized_through
        and month < summarized_through
        and month >= period.first
        and month_end(month) <= period.last
    ]
    if not whole:
        return [], [period]
    live = []
    if period.first < whole[0]:
        live.append(Period(period.first, whole[0] - timedelta(days=1)))
    after = add_months(whole[-1], 1)
    if after <= period.last:
        live.append(Period(after, period.last))
    return whole, live
