"""The dashboard's headline figures for an office (and the offices below it) and a period.

What each figure counts is said once in reports/measures.py (wages in reports/ledger.py)
and README "Definitions of the figures"; the REST endpoint stats/summary/
(reports/api.py) and the monthly return call this module too. The case predicates
(late, overdue) are in dispatch/selectors/cases.py, shared with the case list's
drill-down filters, so a figure and the list behind it always agree.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Min, Q, QuerySet

from accounts.models import Office
from complaints.models import OPEN_STATUSES, Case
from complaints.selectors.predicates import among_found
from dispatch.models import Deadline, Referral
from reports import measures, summary, totals
from reports.ledger import Paid
from reports.overdue import overdue_now
from reports.periods import Period, local_day
from reports.scope import cases_in


def change(current: int | Decimal, earlier: int | Decimal) -> Decimal | None:
    """Year-on-year change in percent, two decimals; None when there is nothing to compare."""
    if not earlier:
        return None
    percent = (Decimal(current) - Decimal(earlier)) * 100 / Decimal(earlier)
    return percent.quantize(Decimal("0.01"))


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


class OnTime:
    """Of the work `finished` (cases closed, referrals done, acceptance decisions taken),
    `late` of it: on time is the rest."""

    @property
    def on_time(self) -> int:
        return self.finished - self.late

    @property
    def on_time_share(self) -> Decimal | None:
        return share(self.on_time, self.finished)


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


def received(office: Office, period: Period) -> Received:
    """Cases registered and consultations logged in the period, by (channel, category)."""
    cases, consultations = (
        Counter({key: n for key, (n,) in totals.total(figure, office, period).items()})
        for figure in (measures.RECEIVED_CASES, measures.RECEIVED_CONSULTATIONS)
    )
    return Received(cases.total(), consultations.total(), cases, consultations)


@dataclass
class Closure(OnTime):
    closed: int = 0
    late: int = 0
    # Days to close as histograms: {days: number of cases}.
    calendar_days: Counter = field(default_factory=Counter)
    working_days: Counter = field(default_factory=Counter)

    @property
    def finished(self) -> int:
        return self.closed

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


def closure(office: Office, period: Period) -> Closure:
    """Cases closed in the period, how many of them late, and their days to close."""
    result = Closure()
    for (calendar, working), (closed, late) in totals.total(
        measures.CLOSINGS, office, period
    ).items():
        result.closed += closed
        result.late += late
        result.calendar_days[calendar] += closed
        result.working_days[working] += closed
    return result


@dataclass
class Decided(OnTime):
    """Acceptance decisions approved in the period, late: decided after the day the 5-day
    clock they met was due."""

    decided: int = 0
    late: int = 0
    by_ground: Counter = field(default_factory=Counter)  # ground -> decided

    @property
    def finished(self) -> int:
        return self.decided


def decisions(office: Office, period: Period) -> Decided:
    """The acceptance decisions taken in the period on the office's cases, how many of
    them late, by ground (reports/measures.py DECIDED)."""
    result = Decided()
    for (ground,), (decided, late) in totals.total(measures.DECISIONS, office, period).items():
        result.decided += decided
        result.late += late
        result.by_ground[ground] += decided
    return result


def closed_cases(office: Office, period: Period) -> QuerySet[Case]:
    return measures.CLOSED.rows(office, period)


def open_cases(office: Office) -> QuerySet[Case]:
    return cases_in(office).filter(status__in=OPEN_STATUSES)


def overdue_at_day_end(office: Office, period: Period) -> QuerySet[Case]:
    """Cases still open at the end of the period with a deadline due by then and not met.

    The deadlines due by then and still unmet at its end are few whatever the bureau's
    size (the open ones due by then, and those met after it: deadline_open_due_idx and
    deadline_closed_at_idx), so they are found first and their referrals and cases looked
    up by key (`among_found`), not every case tested for one."""
    end, due = period.end, Q(due__lte=period.last)
    missed = (due & Q(closed_at__isnull=True)) | (due & Q(closed_at__gte=end))
    referrals = Deadline.objects.filter(missed).values("referral")
    cases = Referral.objects.filter(among_found("pk", referrals)).values("case")
    return open_at(office, end).filter(among_found("pk", cases))


def open_at(office: Office, moment: datetime) -> QuerySet[Case]:
    """Cases registered before `moment` and not ended (closed, withdrawn, ...) by then."""
    return cases_in(office).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=moment), registered_at__lt=moment
    )


def open_at_end(office: Office, period: Period) -> int:
    """How many of the office's cases were open at the end of the period (`open_at`): the
    cases registered before it less those ended before it (a case ends after it is
    registered), both counted from the first case on, so read from the summary's months
    (measures.BALANCE) instead of testing every case."""
    first = Case.objects.aggregate(first=Min("registered_at"))["first"]
    if first is None or first >= period.end:
        return 0
    since_first = Period(local_day(first), period.last)
    months = totals.total(measures.BALANCE, office, since_first).values()
    return sum(received - ended for received, ended in months)


@dataclass
class Wages:
    recovered: Decimal = Decimal("0.00")
    workers: int = 0


def wages(office: Office, period: Period) -> Wages:
    """Paid in the period per the ledger; workers with at least one payment in it, each
    counted once (reports/ledger.py)."""
    found = totals.total(Paid(period.first), office, period)
    return Wages(*found.get((), (Decimal("0.00"), 0)))


def office_summary(*, office: Office, period: Period) -> dict:
    """The headline figures of stats/summary/ (README "Definitions of the figures")."""
    with summary.pinned():  # every figure from the same summary, read once
        arrived = received(office, period)
        closing = closure(office, period)
        decided = decisions(office, period)
        paid = wages(office, period)
    return {
        "received": arrived.cases,
        "consultations": arrived.consultations,
        "closed": closing.closed,
        "closed_on_time": closing.on_time,
        "decided": decided.decided,
        "decided_on_time": decided.on_time,
        "overdue": len(overdue_now(office).case_ids),
        "wages_recovered": paid.recovered,
        "workers_helped": paid.workers,
    }
