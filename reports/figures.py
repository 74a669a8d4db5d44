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
from statistics import median

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Office
from complaints.models import OPEN_STATUSES, Case, Consultation, Status, WagePayment
from complaints.selectors import (
    case_deadlines,
    case_was_late,
    cases_of_office,
    office_tree,
    overdue_deadline_now,
)
from dispatch.calendar import is_working_day
from dispatch.models import Deadline, Referral
from reports import summary
from reports.periods import Period, split


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
    ledger's rows of the period to their cases, not a scan of every case)."""
    payments = WagePayment.objects.filter(paid_on__gte=period.first, paid_on__lte=period.last)
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


def nearest_rank(values: list[int], percentile: int) -> int | None:
    """The nearest-rank percentile (the smallest value with `percentile`% at or below it)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(percentile / 100 * len(ordered)), 1) - 1]


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


def _received_live(office: Office, period: Period):
    return (
        cases_in(office)
        .filter(registered_at__gte=period.start, registered_at__lt=period.end)
        .values_list("channel", "category")
        .annotate(n=Count("id"))
        .order_by()
    )


def received(office: Office, period: Period) -> Received:
    """Cases registered and consultations logged in the period: the ended whole months
    from the summary, the rest counted from the cases (reports/summary.py)."""
    months, live = split(period, summary.summarized_through())
    cases = [(*key, n) for key, n in summary.received_by(office, months).items()]
    for part in live:
        cases += list(_received_live(office, part))
    consultations = (
        consultations_in(office)
        .filter(created_at__gte=period.start, created_at__lt=period.end)
        .values_list("channel", "category")
        .annotate(n=Count("id"))
        .order_by()
    )
    result = Received()
    for channel, category, n in cases:
        result.cases_by[(channel, category)] += n
        result.cases += n
    for channel, category, n in consultations:
        result.consultations_by[(channel, category)] += n
        result.consultations += n
    return result


@dataclass
class Closure:
    closed: int = 0
    late: int = 0
    calendar_days: list[int] = field(default_factory=list)
    working_days: list[int] = field(default_factory=list)

    @property
    def on_time(self) -> int:
        return self.closed - self.late

    @property
    def on_time_share(self) -> Decimal | None:
        return share(self.on_time, self.closed)

    def days(self, kind: str, percentile: int) -> float | int | None:
        values = self.calendar_days if kind == "calendar" else self.working_days
        if not values:
            return None
        return median(values) if percentile == 50 else nearest_rank(values, percentile)


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

    def _cover(self, first: date, last: date) -> None:
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
        self._cover(first, last)
        return self.running[(last - self.start).days] - self.running[(first - self.start).days]


def days_to_close(
    registered_at: datetime, closed_at: datetime, counter: WorkingDayCounter | None = None
) -> tuple[int, int]:
    """(calendar days, working days) from the day of registration to the day of closing."""
    first = timezone.localdate(registered_at)
    last = timezone.localdate(closed_at)
    return (last - first).days, (counter or WorkingDayCounter()).between(first, last)


def _late_count(office: Office, period: Period) -> int:
    """Cases closed in the period with a missed deadline: summary months plus the rest."""
    months, live = split(period, summary.summarized_through())
    late = summary.case_months(office, months).aggregate(n=Sum("closed_late"))["n"] or 0
    for part in live:
        late += closed_cases(office, part).filter(case_was_late()).count()
    return late


def closure(office: Office, period: Period) -> Closure:
    """Cases closed in the period, with their days to close (one indexed query grouped by
    the days of registration and closing), and how many of them late (the summary's
    months and a count of the rest)."""
    pairs = (
        closed_cases(office, period)
        .values_list(TruncDate("registered_at"), TruncDate("closed_at"))
        .annotate(n=Count("id"))
        .order_by()
    )
    result, counter = Closure(), WorkingDayCounter()
    for first, last, n in pairs:
        result.closed += n
        result.calendar_days += [(last - first).days] * n
        result.working_days += [counter.between(first, last)] * n
    result.late = _late_count(office, period) if result.closed else 0
    return result


def open_cases(office: Office) -> QuerySet[Case]:
    return cases_in(office).filter(status__in=OPEN_STATUSES)


def overdue_referral_ids() -> list[int]:
    """Referrals with a deadline marked overdue and not yet met, now: few, read from the
    partial index deadline_overdue_open_idx, then joined by key (the planner cannot guess
    how few rows that index holds and would scan every referral otherwise)."""
    return list(
        Deadline.objects.filter(overdue_deadline_now())
        .order_by()
        .values_list("referral_id", flat=True)
        .distinct()
    )


def overdue_cases(office: Office) -> QuerySet[Case]:
    """Open cases with a deadline marked overdue and not yet met, now (case_overdue_now)."""
    referrals = Referral.objects.filter(pk__in=overdue_referral_ids()).values("case_id")
    return open_cases(office).filter(pk__in=referrals)


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


def wages(office: Office, period: Period) -> Wages:
    """Paid in the period per the ledger; workers with at least one payment in it."""
    totals = payments_in(office, period).aggregate(
        recovered=Sum("amount"), workers=Count("complainant", distinct=True)
    )
    return Wages(recovered=totals["recovered"] or Decimal("0.00"), workers=totals["workers"])


def office_summary(*, office: Office, period: Period) -> dict:
    """The headline figures of stats/summary/ (README "Definitions of the figures")."""
    arrived = received(office, period)
    closing = closure(office, period)
    paid = wages(office, period)
    return {
        "received": arrived.cases,
        "consultations": arrived.consultations,
        "closed": closing.closed,
        "closed_on_time": closing.on_time,
        "overdue": overdue_cases(office).count(),
        "wages_recovered": paid.recovered,
        "workers_helped": paid.workers,
    }
