"""Wages recovered and workers helped, from the per-worker wage ledger.

The amounts add up like counts; the workers do not: a worker paid several times in a
period is helped once, counted at their first payment in it (in the ledger's order: day
paid, then entry). The summary keeps what it needs for that (WageMonth: recovered and
workers paid in a month, or for a day of the current month those whose first payment of
the month it was; WorkerPaymentMonth: payments by the date of the same worker's payment
before), and a payment counted from the ledger counts a worker only when it is their
first since the period's first day (`first_paid_since`), so a worker paid on both sides
of the summary's end is one worker. The two figures here read like reports/measures.py's
(`name`, `parts`, `summarized`, `counted`), added up by reports/totals.py.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DateField, Exists, Min, OuterRef, Q, Sum
from django.db.models.functions import Cast, TruncMonth

from accounts.models import Office
from complaints.models import WagePayment
from reports.models import WageMonth, WorkerPaymentMonth
from reports.periods import Parts, Period, local_day, month_start, split, split_whole
from reports.restriction import summary_rows
from reports.scope import CASE_OFFICE_PAIR, OFFICE_PAIR, in_scope, payments_in

CENT = Decimal("0.01")
# A payment's wage-arrears keys (reports.models.WageFlags): its worker a migrant worker,
# its case a construction case.
FLAGS = ("complainant__is_migrant_worker", "complainant__case__is_construction")
KEYS = (*CASE_OFFICE_PAIR, *FLAGS)
# A wage row's office: the case's responsible office, its name and its place in the tree.
OFFICE_FIELDS = ("responsible_office", "responsible_office__name", "responsible_office__path")


def first_paid_since(since: date, *, in_its_month: bool = False) -> Exists:
    """True for a payment that is its worker's first from `since` on, or with
    `in_its_month`, its worker's first in its month from `since` on. Counting these counts
    each worker once, however the payments are cut into pieces."""
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


def _bucket(day: date, current_month: date) -> date:
    """A payment day's summary bucket: its month's 1st before the current month."""
    return day if day >= current_month else month_start(day)


def wage_rows(through: date) -> list[WageMonth]:
    """WageMonth, rebuilt. Months: amount and workers paid in the month. Days of the
    current month: amount paid on the day, and workers whose first payment of the month
    was on the day, so that the days from the month's 1st add up to the workers paid in
    them."""
    current = month_start(through)
    months = (
        WagePayment.objects.filter(paid_on__lt=current)
        .values_list(TruncMonth("paid_on"), *KEYS)
        .annotate(recovered=Sum("amount"), workers=Count("complainant", distinct=True))
        .order_by()
    )
    totals = {(local_day(m), *keys): [recovered, n] for m, *keys, recovered, n in months}
    this_month = WagePayment.objects.filter(paid_on__gte=current, paid_on__lt=through).order_by()
    by_day = this_month.values_list("paid_on", *KEYS).annotate(n=Sum("amount"))
    for day, *keys, recovered in by_day:
        totals[(day, *keys)] = [recovered, 0]
    first_paid = this_month.values_list("complainant", *KEYS)
    for _complainant, *keys, day in first_paid.annotate(day=Min("paid_on")):
        totals[(day, *keys)][1] += 1
    return [
        WageMonth(
            month=month,
            registering_office_id=registering,
            responsible_office_id=responsible,
            migrant=migrant,
            construction=construction,
            recovered=recovered,
            workers=workers,
        )
        for (month, registering, responsible, migrant, construction), (
            recovered,
            workers,
        ) in totals.items()
    ]


def worker_payment_rows(through: date) -> list[WorkerPaymentMonth]:
    """WorkerPaymentMonth, rebuilt: payments before `through` by bucket, office pair and
    the worker's payment before, read worker by worker."""
    current = month_start(through)
    payments = (
        WagePayment.objects.filter(paid_on__lt=through)
        .order_by("complainant", "paid_on", "pk")
        .values_list("complainant", "paid_on", *KEYS)
    )
    counts: dict[tuple, int] = defaultdict(int)
    worker, previous = None, None
    for complainant, paid_on, *keys in payments.iterator(chunk_size=5000):
        if complainant != worker:
            worker, previous = complainant, None
        counts[(_bucket(paid_on, current), *keys, previous)] += 1
        previous = paid_on
    return [
        WorkerPaymentMonth(
            month=month,
            registering_office_id=registering,
            responsible_office_id=responsible,
            migrant=migrant,
            construction=construction,
            previous_paid_on=previous,
            payments=n,
        )
        for (month, registering, responsible, migrant, construction, previous), n in counts.items()
    ]


@dataclass(frozen=True)
class Paid:
    """(recovered, workers helped) in a period whose first day is `since`, as one row
    keyed (); `by_flags`: a row per wage-arrears key (migrant worker, construction case),
    whose workers add up (each worker has one value of each)."""

    since: date
    by_flags: bool = False

    @property
    def name(self) -> str:
        return f"paid:{self.since}:{self.by_flags}"

    def parts(self, period: Period, summarized_through: date | None) -> Parts:
        # A payment in the days after the period is its worker's first from `since` on
        # only if they had none in the period: taking those away leaves the period's.
        return split_whole(period, summarized_through)

    def summarized(self, office: Office, buckets: list[date]) -> list[tuple]:
        keys = ("migrant", "construction") if self.by_flags else ()
        months = in_scope(
            summary_rows(WageMonth.objects.filter(month__in=buckets)), office, *OFFICE_PAIR
        )
        payments = in_scope(
            summary_rows(WorkerPaymentMonth.objects.filter(month__in=buckets)), office, *OFFICE_PAIR
        ).filter(Q(previous_paid_on__isnull=True) | Q(previous_paid_on__lt=self.since))
        recovered = _summed(months, keys, recovered=Sum("recovered"))
        workers = _summed(payments, keys, workers=Sum("payments"))
        return [
            (key, (_yuan(recovered.get(key, (None,))[0]), workers.get(key, (0,))[0] or 0))
            for key in {*recovered, *workers}
        ]

    def counted(self, office: Office, piece: Period) -> list[tuple]:
        paid = payments_in(office, piece).annotate(first=first_paid_since(self.since))
        found = _summed(
            paid,
            FLAGS if self.by_flags else (),
            recovered=Sum("amount"),
            workers=Count("pk", filter=Q(first=True)),
        )
        return [(key, (_yuan(recovered), workers)) for key, (recovered, workers) in found.items()]


def _summed(rows, keys: tuple, **sums) -> dict[tuple, tuple]:
    """{key: sums} of `rows` grouped by the fields `keys`; one row keyed () without keys."""
    if not keys:
        found = rows.aggregate(**sums)
        return {(): tuple(found[name] for name in sums)}
    grouped = rows.values_list(*keys).annotate(**sums).order_by()
    return {tuple(row[: len(keys)]): tuple(row[len(keys) :]) for row in grouped}


@dataclass(frozen=True)
class PaidByMonth:
    """(recovered, workers helped) by the case's responsible office (OFFICE_FIELDS) and
    the month paid, in a period whose first day is `since`: a worker is helped in each
    month they are paid in, at their first payment in it from `since` on."""

    since: date

    @property
    def name(self) -> str:
        return f"paid_by_month:{self.since}"

    def parts(self, period: Period, summarized_through: date | None) -> Parts:
        # A month's workers add up over its days only from the month's 1st.
        return Parts(*split(period, summarized_through, days_from_month_start=True), [])

    def summarized(self, office: Office, buckets: list[date]) -> list[tuple]:
        rows = (
            in_scope(
                summary_rows(WageMonth.objects.filter(month__in=buckets)), office, *OFFICE_PAIR
            )
            .values_list(*OFFICE_FIELDS, "month")
            .annotate(recovered=Sum("recovered"), workers=Sum("workers"))
            .order_by()
        )
        return [_by_month(row) for row in rows]

    def counted(self, office: Office, piece: Period) -> list[tuple]:
        first = first_paid_since(self.since, in_its_month=True)
        rows = (
            payments_in(office, piece)
            .annotate(month=TruncMonth("paid_on"), first=first)
            .values_list(*(f"complainant__case__{name}" for name in OFFICE_FIELDS), "month")
            .annotate(recovered=Sum("amount"), workers=Count("pk", filter=Q(first=True)))
            .order_by()
        )
        return [_by_month(row) for row in rows]


def _by_month(row: tuple) -> tuple[tuple, tuple]:
    """((office id, name, path, the month's 1st), (recovered, workers)) of a row."""
    *office, month, recovered, workers = row
    return (*office, month_start(local_day(month))), (_yuan(recovered), workers)


def _yuan(amount: Decimal | None) -> Decimal:
    """A sum of amounts to the cent, as PostgreSQL gives it (SQLite drops the cents)."""
    return (amount or Decimal(0)).quantize(CENT)
