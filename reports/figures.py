"""The dashboard's headline figures for an office (and the offices below it) and a period.

This module and README "Definitions of the figures" are the one source of what each
figure means; the REST endpoint stats/summary/ and the monthly return call it too. The
case predicates (late, overdue) are in complaints/selectors.py, shared with the case
list's drill-down filters, so a figure and the list behind it always agree.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, DateField, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, TruncDate, TruncMonth
from django.utils import timezone

from accounts.models import Office
from complaints.models import OPEN_STATUSES, Case, Consultation, Status, WagePayment
from complaints.selectors import (
    case_deadlines,
    case_was_late,
    cases_of_office,
    office_tree,
)
from dispatch.calendar import is_working_day
from reports import settled, summary
from reports.periods import Period, split_whole


def covers_everything(office: Office) -> bool:
    """The office is the top of the tree (the city): every office, so every case, is in
    scope and the figures skip the office filter (the same rows, a much simpler plan).
    Asked once per office object."""
    cached = getattr(office, "_covers_everything", None)
    if cached is None:
        cached = not Office.objects.exclude(path__startswith=office.path).exists()
        office._covers_everything = cached
    return cached


def cases_in(office: Office) -> QuerySet[Case]:
    if covers_everything(office):
        return Case.objects.all()
    return cases_of_office(Case.objects.all(), office)


def consultations_in(office: Office) -> QuerySet[Consultation]:
    if covers_everything(office):
        return Consultation.objects.all()
    return Consultation.objects.filter(office__in=office_tree(office).values("id"))


def payments_in(office: Office, period: Period) -> QuerySet[WagePayment]:
    """Ledger rows paid in the period to workers on the office's cases (a join from the
    ledger's rows of the period to their cases, not a scan of every case); of a piece of
    the period (settled.pieces), those recorded in it: payments are dated by the day."""
    payments = WagePayment.objects.filter(paid_on__gte=period.first, paid_on__lte=period.last)
    if period.since:
        payments = payments.filter(recorded_at__gte=period.since)
    if period.until:
        payments = payments.filter(recorded_at__lt=period.until)
    if covers_everything(office):
        return payments
    offices = office_tree(office).values("id")
    return payments.filter(
        Q(complainant__case__registering_office__in=offices)
        | Q(complainant__case__responsible_office__in=offices)
    )


def change(current: int | Decimal, earlier: int | Decimal) -> Decimal | None:
    """Year-on-year change in percent, two decimals; None when there is nothing to compare."""
    if not earlier:
        return None
    percent = (Decimal(current) - Decimal(earlier)) * 100 / Decimal(earlier)
    return percent.quantize(Decimal("0.01"))


@dataclass
class Received:
    cases: int = 0
    consultations: int = 0
    cases_by: Counter = field(default_factory=Counter)  # (channel, category) -> n
    consultations_by: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.cases + self.consultations

    def by(self, position: int) -> Counter:
        """Cases and consultations together by channel (0) or category (1)."""
        return self.by_cases(position) + self.by_consultations(position)

    def by_cases(self, position: int) -> Counter:
        return _regroup(self.cases_by, position)

    def by_consultations(self, position: int) -> Counter:
        return _regroup(self.consultations_by, position)


def _regroup(counts: Counter, position: int) -> Counter:
    totals = Counter()
    for key, count in counts.items():
        totals[key[position]] += count
    return totals


def _received_live(office: Office, period: Period) -> list[tuple]:
    return list(
        cases_in(office)
        .filter(registered_at__gte=period.start, registered_at__lt=period.end)
        .values_list("channel", "category")
        .annotate(n=Count("id"))
        .order_by()
    )


def _consultations_live(office: Office, period: Period) -> list[tuple]:
    return list(
        consultations_in(office)
        .filter(created_at__gte=period.start, created_at__lt=period.end)
        .values_list("channel", "category")
        .annotate(n=Count("id"))
        .order_by()
    )


def received(office: Office, period: Period) -> Received:
    """Cases registered and consultations logged in the period: the ended months and days
    from the summary, the rest counted from the cases (reports/summary.py; a partial
    month that has ended at the period's end as the month less its remaining days)."""
    parts = split_whole(period, summary.summarized_through())
    received_by = settled.summary_rows(
        "received", office, parts.buckets, lambda: summary.received_by(office, parts.buckets)
    )
    consulted_by = settled.summary_rows(
        "consulted", office, parts.buckets, lambda: summary.consultations_by(office, parts.buckets)
    )
    cases = [(*key, n) for key, n in received_by.items()]
    consultations = [(*key, n) for key, n in consulted_by.items()]
    for sign, live in ((1, parts.add), (-1, parts.take_away)):
        for part in live:
            for piece in settled.pieces(part):
                found = settled.part(_received_live, office, piece)
                cases += [(*key, sign * n) for *key, n in found]
                found = settled.part(_consultations_live, office, piece)
                consultations += [(*key, sign * n) for *key, n in found]
    result = Received()
    for channel, category, n in cases:
        result.cases_by[(channel, category)] += n
        result.cases += n
    for channel, category, n in consultations:
        result.consultations_by[(channel, category)] += n
        result.consultations += n
    result.cases_by = Counter({key: n for key, n in result.cases_by.items() if n})
    result.consultations_by = Counter({key: n for key, n in result.consultations_by.items() if n})
    return result


@dataclass
class Closure:
    closed: int = 0
    late: int = 0
    # Days to close as histograms: {days: number of cases}.
    calendar_days: Counter = field(default_factory=Counter)
    working_days: Counter = field(default_factory=Counter)

    def add(self, calendar: int, working: int, n: int) -> None:
        self.closed += n
        self.calendar_days[calendar] += n
        self.working_days[working] += n

    @property
    def on_time(self) -> int:
        return self.closed - self.late

    @property
    def on_time_share(self) -> Decimal | None:
        return share(self.on_time, self.closed)

    def days(self, kind: str, percentile: int) -> float | int | None:
        counts = self.calendar_days if kind == "calendar" else self.working_days
        return histogram_percentile(counts, percentile)


def histogram_percentile(counts: Counter, percentile: int) -> float | int | None:
    """The median (50, as statistics.median: the mean of the two middle values for an even
    count) or the nearest-rank percentile of the values a histogram {value: count} holds."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted((value, n) for value, n in counts.items() if n)

    def at_rank(rank: int) -> int:  # the rank-th smallest value, from 1
        seen = 0
        for value, n in ordered:
            seen += n
            if seen >= rank:
                return value
        raise AssertionError("rank beyond the histogram")

    if percentile == 50:
        middle = total // 2 + 1
        return at_rank(middle) if total % 2 else (at_rank(middle - 1) + at_rank(middle)) / 2
    return at_rank(max(math.ceil(percentile / 100 * total), 1))


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def closed_cases(office: Office, period: Period) -> QuerySet[Case]:
    return cases_in(office).filter(
        status=Status.CLOSED, closed_at__gte=period.start, closed_at__lt=period.end
    )


class WorkingDayCounter:
    """working_days_between(first, last) for many pairs: one pass over the calendar."""

    def __init__(self):
        self.start: date | None = None
        self.running: list[int] = []  # working days from `start` up to and including a day

    def cover(self, first: date, last: date) -> None:
        """Count the working days from `first` to `last` now (a range asked in pieces is
        counted again each time it grows)."""
        if self.running and self.start <= first and last < self.end:
            return
        low = min(first, self.start) if self.running else first
        high = max(last, self.end - timedelta(days=1)) if self.running else last
        self.start, self.running, total, day = low, [], 0, low
        while day <= high:
            total += is_working_day(day)
            self.running.append(total)
            day += timedelta(days=1)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=len(self.running))

    def between(self, first: date, last: date) -> int:
        """Working days after `first` up to and including `last` (last >= first)."""
        self.cover(first, last)
        return self.running[(last - self.start).days] - self.running[(first - self.start).days]


def days_to_close(
    registered_at: datetime, closed_at: datetime, counter: WorkingDayCounter | None = None
) -> tuple[int, int]:
    """(calendar days, working days) from the day of registration to the day of closing."""
    first = timezone.localdate(registered_at)
    last = timezone.localdate(closed_at)
    return (last - first).days, (counter or WorkingDayCounter()).between(first, last)


def _late_summarized(office: Office, parts) -> int:
    """Cases closed late in the summary's buckets of a period's parts."""
    months = summary.case_months(office, parts.buckets)
    return settled.summary_rows(
        "late", office, parts.buckets, lambda: months.aggregate(n=Sum("closed_late"))["n"] or 0
    )


def _closing_days_and_late_live(office: Office, period: Period) -> list[tuple]:
    """(day registered, day closed, cases, cases late) of the cases closed in the period."""
    return list(
        closed_cases(office, period)
        .values_list(TruncDate("registered_at"), TruncDate("closed_at"))
        .annotate(n=Count("id"), late=Count("id", filter=Q(case_was_late())))
        .order_by()
    )


def closure(office: Office, period: Period) -> Closure:
    """Cases closed in the period, their days to close and how many of them late: the
    summary's histograms of the ended months, and the rest grouped by the days of
    registration and closing."""
    parts = split_whole(period, summary.summarized_through())
    result, counter = Closure(), WorkingDayCounter()
    histogram = (
        summary.closure_months(office, parts.buckets)
        .values_list("calendar_days", "working_days")
        .annotate(n=Sum("closed"))
    )
    for calendar, working, n in settled.summary_rows(
        "closure", office, parts.buckets, lambda: list(histogram)
    ):
        result.add(calendar, working, n)
    counted = [
        (sign, rows)
        for sign, live in ((1, parts.add), (-1, parts.take_away))
        for part in live
        for rows in settled.each_piece(_closing_days_and_late_live, office, part)
    ]
    days = [day for _sign, rows in counted for first, last, *_n in rows for day in (first, last)]
    if days:
        counter.cover(min(days), max(days))
    late = 0
    for sign, rows in counted:
        for first, last, n, n_late in rows:
            result.add((last - first).days, counter.between(first, last), sign * n)
            late += sign * n_late
    result.late = _late_summarized(office, parts) + late if result.closed else 0
    return result


def open_cases(office: Office) -> QuerySet[Case]:
    return cases_in(office).filter(status__in=OPEN_STATUSES)


def overdue_at_day_end(office: Office, period: Period) -> QuerySet[Case]:
    """Cases still open at the end of the period with a deadline due by then and not met."""
    end = period.end
    missed = Q(due__lte=period.last) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    return open_at(office, end).filter(case_deadlines(missed))


def open_at(office: Office, moment: datetime) -> QuerySet[Case]:
    """Cases registered before `moment` and not ended (closed, withdrawn, ...) by then."""
    return cases_in(office).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=moment), registered_at__lt=moment
    )


@dataclass
class Wages:
    recovered: Decimal = Decimal("0.00")
    workers: int = 0


def first_paid_since(since: date, *, in_its_month: bool = False) -> Exists:
    """True for a payment that is its worker's first from `since` on (in the ledger's
    order: day paid, then entry), or with `in_its_month`, its worker's first in its month
    from `since` on. Counting these counts each worker once, however the payments are
    cut into pieces."""
    before_it = Q(paid_on__lt=OuterRef("paid_on")) | Q(
        paid_on=OuterRef("paid_on"), pk__lt=OuterRef("pk")
    )
    earlier = WagePayment.objects.filter(
        before_it, complainant=OuterRef("complainant"), paid_on__gte=since
    )
    if in_its_month:
        # Cast: TruncMonth asks its argument for a field type, which an OuterRef has not.
        earlier = earlier.filter(paid_on__gte=TruncMonth(Cast(OuterRef("paid_on"), DateField())))
    return ~Exists(earlier)


def wages(office: Office, period: Period) -> Wages:
    """Paid in the period per the ledger; workers with at least one payment in it, each
    counted at their first payment in the period (summary.workers_paid): the summary's
    buckets, and the rest from the ledger."""
    parts = split_whole(period, summary.summarized_through())
    months = summary.wage_months(office, parts.buckets)
    recovered, workers = settled.summary_rows(
        f"wages:{period.first}",
        office,
        parts.buckets,
        lambda: (
            months.aggregate(n=Sum("recovered"))["n"] or Decimal("0.00"),
            summary.workers_paid(office, parts.buckets, since=period.first),
        ),
    )
    for sign, live in ((1, parts.add), (-1, parts.take_away)):
        for part in live:
            for paid in settled.each_piece(_paid_live, office, part, period.first):
                recovered += sign * (paid["recovered"] or 0)
                workers += sign * paid["workers"]
    return Wages(recovered=recovered, workers=workers)


def _paid_live(office: Office, part: Period, since: date) -> dict:
    return (
        payments_in(office, part)
        .annotate(first=first_paid_since(since))
        .aggregate(recovered=Sum("amount"), workers=Count("pk", filter=Q(first=True)))
    )


def office_summary(*, office: Office, period: Period) -> dict:
    """The headline figures of stats/summary/ (README "Definitions of the figures")."""
    from reports.overdue import overdue_now  # it builds on this module

    with summary.pinned():  # every figure from the same summary, read once
        arrived = received(office, period)
        closing = closure(office, period)
        paid = wages(office, period)
    return {
        "received": arrived.cases,
        "consultations": arrived.consultations,
        "closed": closing.closed,
        "closed_on_time": closing.on_time,
        "overdue": len(overdue_now(office).case_ids),
        "wages_recovered": paid.recovered,
        "workers_helped": paid.workers,
    }
