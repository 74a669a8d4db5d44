"""The summary tables: rebuilt from the cases, read for the months and days that have ended.

The dashboard counts the months that have ended, and the ended days of the current
month, from CaseMonth, ClosureMonth, DeskMonth, OfficerMonth and WageMonth, and only the
rest (today, a partial month at either end of the period) from the cases themselves.
A row's `month` is the month's 1st for a month before the current one and the day
itself for a day of the current month (reports.periods.split). `stats_rebuild`
recomputes every row in one transaction (the rebuild_stats command, and the beat task
every few minutes, so a late change to a past day, e.g. a payment entered with an
earlier date, shows after the next run), and records the moment before which today's
rows are taken as settled too (reports/settled.py). Its rows are the same grouped counts
the direct queries make, so a figure read from the summary equals a direct recount
(tests/reports/test_summary.py).
"""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from accounts.models import Office
from complaints.models import Case, Consultation, Status, WagePayment
from complaints.selectors import case_was_late, office_tree
from config import clock
from dispatch.models import Referral, ReferralStatus
from reports.models import (
    CaseMonth,
    ClosureMonth,
    ConsultationMonth,
    DeskMonth,
    OfficerMonth,
    SummaryState,
    WageMonth,
    WorkerPaymentMonth,
)
from reports.periods import day_start, month_start

SUMMARY_MODELS = (
    CaseMonth,
    ConsultationMonth,
    ClosureMonth,
    DeskMonth,
    OfficerMonth,
    WageMonth,
    WorkerPaymentMonth,
)


def _late_referral():
    from reports.breakdowns import _late_referral as late

    return late()


def _day(value) -> date:
    """A TruncMonth or TruncDate value (a datetime in Asia/Shanghai, or a date) as a date."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    return value


@dataclass(frozen=True)
class Span:
    """Rows of a time field before the summary's end, bucketed by month or by day."""

    start: datetime | None
    end: datetime
    by_day: bool

    def of(self, field: str) -> tuple[Q, object]:
        """(the filter on `field`, the bucket expression) of this span."""
        condition = Q(**{f"{field}__lt": self.end})
        if self.start:
            condition &= Q(**{f"{field}__gte": self.start})
        return condition, TruncDate(field) if self.by_day else TruncMonth(field)


def _spans(through: date) -> list[Span]:
    """The months before the month of `through`, then the days of that month before it."""
    current = day_start(month_start(through))
    return [Span(None, current, False), Span(current, day_start(through), True)]


def _case_rows(spans: list[Span]) -> list[CaseMonth]:
    cases = Case.objects.order_by()
    keys = ("registering_office", "responsible_office", "channel", "category")
    rows: dict[tuple, CaseMonth] = {}

    def row(bucket, *key) -> CaseMonth:
        full = (_day(bucket), *key)
        if full not in rows:
            rows[full] = CaseMonth(
                month=full[0],
                registering_office_id=key[0],
                responsible_office_id=key[1],
                channel=key[2],
                category=key[3],
            )
        return rows[full]

    for span in spans:
        registered, bucket = span.of("registered_at")
        received = (
            cases.filter(registered)
            .annotate(m=bucket)
            .values_list("m", *keys)
            .annotate(n=Count("id"))
        )
        for month, *key, n in received:
            row(month, *key).received = n
        closed_in, bucket = span.of("closed_at")
        closed = (
            cases.filter(closed_in, status=Status.CLOSED)
            .annotate(m=bucket, late=case_was_late())
            .values_list("m", *keys)
            .annotate(n=Count("id"), n_late=Count("id", filter=Q(late=True)))
        )
        for month, *key, n, late in closed:
            entry = row(month, *key)
            entry.closed, entry.closed_late = n, late
    return list(rows.values())


def _consultation_rows(spans: list[Span]) -> list[ConsultationMonth]:
    rows = []
    for span in spans:
        logged, bucket = span.of("created_at")
        found = (
            Consultation.objects.filter(logged)
            .annotate(m=bucket)
            .values_list("m", "office", "channel", "category")
            .annotate(n=Count("id"))
            .order_by()
        )
        rows += [
            ConsultationMonth(
                month=_day(month), office_id=office, channel=channel, category=category, received=n
            )
            for month, office, channel, category, n in found
        ]
    return rows


def _closure_rows(through: date) -> list[ClosureMonth]:
    """Closed cases by bucket, office pair and (calendar, working) days to close: grouped
    by the days of registration and closing in SQL, turned into days to close here."""
    from reports.figures import WorkingDayCounter

    current = month_start(through)
    pairs = (
        Case.objects.filter(status=Status.CLOSED, closed_at__lt=day_start(through))
        .values_list(
            "registering_office",
            "responsible_office",
            TruncDate("registered_at"),
            TruncDate("closed_at"),
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple, int] = defaultdict(int)
    counter = WorkingDayCounter()
    for registering, responsible, first, last, n in pairs:
        bucket = last if last >= current else last.replace(day=1)
        days = ((last - first).days, counter.between(first, last))
        counts[(bucket, registering, responsible, *days)] += n
    return [
        ClosureMonth(
            month=month,
            registering_office_id=registering,
            responsible_office_id=responsible,
            calendar_days=calendar,
            working_days=working,
            closed=n,
        )
        for (month, registering, responsible, calendar, working), n in counts.items()
    ]


def _desk_rows(spans: list[Span]) -> list[DeskMonth]:
    referrals = Referral.objects.order_by()
    rows: dict[tuple, DeskMonth] = {}

    def row(bucket, desk) -> DeskMonth:
        key = (_day(bucket), desk)
        if key not in rows:
            rows[key] = DeskMonth(month=key[0], desk_id=desk)
        return rows[key]

    for span in spans:
        created, bucket = span.of("created_at")
        referred = (
            referrals.filter(created)
            .annotate(m=bucket)
            .values_list("m", "desk")
            .annotate(n=Count("id"))
        )
        for month, desk, n in referred:
            row(month, desk).referred = n
        closed_in, bucket = span.of("closed_at")
        done = (
            referrals.filter(closed_in, status=ReferralStatus.DONE)
            .annotate(m=bucket, late=_late_referral())
            .values_list("m", "desk")
            .annotate(n=Count("id"), n_late=Count("id", filter=Q(late=True)))
        )
        for month, desk, n, late in done:
            entry = row(month, desk)
            entry.done, entry.done_late = n, late
    return list(rows.values())


def _officer_rows(spans: list[Span]) -> list[OfficerMonth]:
    rows = []
    for span in spans:
        closed_in, bucket = span.of("closed_at")
        done = (
            Referral.objects.filter(closed_in, status=ReferralStatus.DONE)
            .annotate(m=bucket)
            .values_list("m", "desk", "officer")
            .annotate(n=Count("id"))
            .order_by()
        )
        rows += [
            OfficerMonth(month=_day(month), desk_id=desk, officer_id=officer, done=n)
            for month, desk, officer, n in done
        ]
    return rows


OFFICE_PAIR = ("complainant__case__registering_office", "complainant__case__responsible_office")


def _wage_rows(through: date) -> list[WageMonth]:
    """Months: amount and workers paid in the month. Days of the current month: amount
    paid on the day, and workers whose first payment of the month was on the day, so
    that the days from the month's 1st add up to the workers paid in them."""
    current = month_start(through)
    months = (
        WagePayment.objects.filter(paid_on__lt=current)
        .annotate(m=TruncMonth("paid_on"))
        .values_list("m", *OFFICE_PAIR)
        .annotate(recovered=Sum("amount"), workers=Count("complainant", distinct=True))
        .order_by()
    )
    totals = {(_day(m), *pair): [recovered, workers] for m, *pair, recovered, workers in months}
    this_month = WagePayment.objects.filter(paid_on__gte=current, paid_on__lt=through).order_by()
    for day, *pair, recovered in this_month.values_list("paid_on", *OFFICE_PAIR).annotate(
        recovered=Sum("amount")
    ):
        totals[(day, *pair)] = [recovered, 0]
    first_paid = this_month.values_list("complainant", *OFFICE_PAIR).annotate(day=Min("paid_on"))
    for _complainant, *pair, day in first_paid:
        totals[(day, *pair)][1] += 1
    return [
        WageMonth(
            month=month,
            registering_office_id=registering,
            responsible_office_id=responsible,
            recovered=recovered,
            workers=workers,
        )
        for (month, registering, responsible), (recovered, workers) in totals.items()
    ]


def _worker_payment_rows(through: date) -> list[WorkerPaymentMonth]:
    """Payments before `through` by bucket, office pair and the worker's payment before
    (in the ledger's order: day paid, then entry), read worker by worker."""
    current = month_start(through)
    payments = (
        WagePayment.objects.filter(paid_on__lt=through)
        .order_by("complainant", "paid_on", "pk")
        .values_list("complainant", "paid_on", *OFFICE_PAIR)
    )
    counts: dict[tuple, int] = defaultdict(int)
    worker, previous = None, None
    for complainant, paid_on, registering, responsible in payments.iterator(chunk_size=5000):
        if complainant != worker:
            worker, previous = complainant, None
        bucket = paid_on if paid_on >= current else paid_on.replace(day=1)
        counts[(bucket, registering, responsible, previous)] += 1
        previous = paid_on
    return [
        WorkerPaymentMonth(
            month=month,
            registering_office_id=registering,
            responsible_office_id=responsible,
            previous_paid_on=previous,
            payments=n,
        )
        for (month, registering, responsible, previous), n in counts.items()
    ]


# A row is timed (registered_at, closed_at, recorded_at) inside the transaction that
# writes it and seen by others when that commits: within a request's or a task's time
# limit (90 s, config/celery.py). Rows timed this long before a rebuild started are all
# committed by the time anyone reads the rebuilt summary.
SETTLING_MARGIN = timedelta(minutes=5)


@transaction.atomic
def stats_rebuild(
    *, through: date | None = None, settled_until: datetime | None = None
) -> SummaryState:
    """Recount every month before the month of `through` (default: today) and every day
    of that month before `through` from the cases. Rows timed before `settled_until`
    (default: this rebuild's start less SETTLING_MARGIN) are from now on read as they
    were at this rebuild (reports/settled.py), the part of today before it included."""
    started = clock.now()
    through = through or timezone.localdate(started)
    settled_until = settled_until or started - SETTLING_MARGIN
    spans = _spans(through)
    SummaryState.objects.select_for_update().all().delete()
    for model in SUMMARY_MODELS:
        model.objects.all().delete()
    CaseMonth.objects.bulk_create(_case_rows(spans), batch_size=2000)
    ConsultationMonth.objects.bulk_create(_consultation_rows(spans), batch_size=2000)
    ClosureMonth.objects.bulk_create(_closure_rows(through), batch_size=2000)
    DeskMonth.objects.bulk_create(_desk_rows(spans), batch_size=2000)
    OfficerMonth.objects.bulk_create(_officer_rows(spans), batch_size=2000)
    WageMonth.objects.bulk_create(_wage_rows(through), batch_size=2000)
    WorkerPaymentMonth.objects.bulk_create(_worker_payment_rows(through), batch_size=2000)
    return SummaryState.objects.create(
        through=through, built_at=clock.now(), settled_until=settled_until
    )


_pinned: ContextVar[tuple | None] = ContextVar("summary_pinned", default=None)


def _state() -> tuple[date | None, str | None, datetime | None]:
    """(the summary's end, its version, its settled moment), all None when it was never
    built."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    found = SummaryState.objects.values_list("through", "version", "settled_until").first()
    return (found[0], found[1].hex, found[2]) if found else (None, None, None)


def summarized_through() -> date | None:
    """The summary holds the months before this day's month and its days before it (None
    when it was never built)."""
    return _state()[0]


def summary_version() -> str | None:
    """Changes at every rebuild (None: never built)."""
    return _state()[1]


def settled_until() -> datetime | None:
    """Rows timed before this moment are read as they were at the last rebuild: the
    summary's own days, and the part of its end day (today) before the rebuild started,
    less SETTLING_MARGIN (None: never built)."""
    through, _version, moment = _state()
    if through is None:
        return None
    return max(day_start(through), moment) if moment else day_start(through)


@contextmanager
def pinned():
    """Read the summary's end, version and settled moment once for everything inside (one
    page: a dozen figures), so that they all read the same summary."""
    token = _pinned.set(_state())  # inside another pinned(): the same summary
    try:
        yield
    finally:
        _pinned.reset(token)


# Readers: the offices' subtree, months given as a list of month's 1sts.


def _of_office(rows: QuerySet, office: Office) -> QuerySet:
    offices = office_tree(office).values("id")
    return rows.filter(Q(registering_office__in=offices) | Q(responsible_office__in=offices))


def case_months(office: Office, months: list[date]) -> QuerySet[CaseMonth]:
    return _of_office(CaseMonth.objects.filter(month__in=months), office).order_by()


def closure_months(office: Office, months: list[date]) -> QuerySet[ClosureMonth]:
    return _of_office(ClosureMonth.objects.filter(month__in=months), office).order_by()


def wage_months(office: Office, months: list[date]) -> QuerySet[WageMonth]:
    return _of_office(WageMonth.objects.filter(month__in=months), office).order_by()


def workers_paid(office: Office, months: list[date], *, since: date) -> int:
    """Payments in the buckets that are their worker's first since `since` (a period's
    first day): the workers helped, when the buckets are the whole period."""
    rows = _of_office(WorkerPaymentMonth.objects.filter(month__in=months), office).filter(
        Q(previous_paid_on__isnull=True) | Q(previous_paid_on__lt=since)
    )
    return rows.aggregate(n=Sum("payments"))["n"] or 0


def desk_months(office: Office, months: list[date]) -> QuerySet[DeskMonth]:
    offices = office_tree(office).values("id")
    return DeskMonth.objects.filter(month__in=months, desk__office__in=offices).order_by()


def officer_months(office: Office, months: list[date]) -> QuerySet[OfficerMonth]:
    offices = office_tree(office).values("id")
    return OfficerMonth.objects.filter(month__in=months, desk__office__in=offices).order_by()


def consultations_by(office: Office, months: list[date]) -> dict[tuple[str, str], int]:
    """Consultations logged in the months by (channel, category)."""
    offices = office_tree(office).values("id")
    rows = (
        ConsultationMonth.objects.filter(month__in=months, office__in=offices)
        .order_by()
        .values_list("channel", "category")
        .annotate(n=Sum("received"))
    )
    return {(channel, category): n or 0 for channel, category, n in rows}


def received_by(office: Office, months: list[date]) -> dict[tuple[str, str], int]:
    """Cases received in the months by (channel, category)."""
    totals: dict = defaultdict(int)
    rows = (
        case_months(office, months).values_list("channel", "category").annotate(n=Sum("received"))
    )
    for channel, category, n in rows:
        totals[(channel, category)] += n or 0
    return totals
