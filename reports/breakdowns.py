"""The dashboard's tables: by desk, by officer, wages by office and month, 24-month trends.

Desk and officer figures count referrals (a desk's part of a case), at the desks of the
office and the offices below it; a transfer returns the old office's referral (never
counted as done) and refers the case again at the new office.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Office
from complaints.models import DeskKind, Status
from complaints.selectors import late_deadline, office_tree, overdue_deadline_now
from dispatch.models import OPEN_REFERRAL_STATUSES, Deadline, Referral, ReferralStatus
from reports.figures import cases_in, payments_in, share
from reports.periods import Period


def referrals_in(office: Office) -> QuerySet[Referral]:
    return Referral.objects.filter(desk__office__in=office_tree(office).values("id"))


def _late_referral() -> Exists:
    return Exists(Deadline.objects.filter(late_deadline(), referral=OuterRef("pk")))


def _overdue_referral() -> Exists:
    return Exists(Deadline.objects.filter(overdue_deadline_now(), referral=OuterRef("pk")))


def _done_in(period: Period) -> Q:
    return Q(status=ReferralStatus.DONE, closed_at__gte=period.start, closed_at__lt=period.end)


@dataclass
class DeskRow:
    desk: str
    label: str
    done: int
    late: int

    @property
    def on_time(self) -> int:
        return self.done - self.late

    @property
    def on_time_share(self) -> Decimal | None:
        return share(self.on_time, self.done)


def desks(office: Office, period: Period) -> list[DeskRow]:
    """Referrals finished in the period per desk, and how many of them late (one query)."""
    rows = (
        referrals_in(office)
        .filter(_done_in(period))
        .values_list("desk__kind")
        .annotate(done=Count("id"), late=Count("id", filter=Q(_late_referral())))
        .order_by()
    )
    found = {kind: (done, late) for kind, done, late in rows}
    return [DeskRow(kind, str(label), *found.get(kind, (0, 0))) for kind, label in DeskKind.choices]


@dataclass
class OfficerRow:
    officer_id: int | None
    name: str
    open: int
    overdue: int
    done: int


def officers(office: Office, period: Period) -> list[OfficerRow]:
    """Per officer: open referrals and overdue ones now, referrals done in the period."""
    open_now = Q(status__in=OPEN_REFERRAL_STATUSES)
    rows = (
        referrals_in(office)
        .filter(open_now | _done_in(period))
        .values_list("officer", "officer__username", "officer__last_name", "officer__first_name")
        .annotate(
            open=Count("id", filter=open_now),
            overdue=Count("id", filter=open_now & Q(_overdue_referral())),
            done=Count("id", filter=_done_in(period)),
        )
        .order_by("officer__username")
    )
    return [
        OfficerRow(officer, f"{last or ''}{first or ''}" or username or "—", *counts)
        for officer, username, last, first, *counts in rows
    ]


def _month(value) -> date:
    """A TruncMonth value (a datetime in Asia/Shanghai, or a date) as the month's 1st."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


@dataclass
class WageRow:
    office_id: int
    office: str
    month: date
    recovered: Decimal
    workers: int


def wages_by_office_and_month(office: Office, period: Period) -> list[WageRow]:
    """Ledger payments in the period by the case's responsible office and month paid."""
    rows = (
        payments_in(office, period)
        .annotate(month=TruncMonth("paid_on"))
        .values_list(
            "complainant__case__responsible_office",
            "complainant__case__responsible_office__name",
            "month",
        )
        .annotate(recovered=Sum("amount"), workers=Count("complainant", distinct=True))
        .order_by("complainant__case__responsible_office__path", "month")
    )
    return [
        WageRow(office_id, name, _month(month), recovered, workers)
        for office_id, name, month, recovered, workers in rows
    ]


@dataclass
class TrendRow:
    month: date
    received: int
    closed: int

    @property
    def period(self) -> Period:
        return Period.month(self.month)


def _count_by_month(queryset: QuerySet, field: str, keys=()) -> dict:
    rows = (
        queryset.annotate(month=TruncMonth(field))
        .values_list(*keys, "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(*row[:-2], _month(row[-2])): row[-1] for row in rows}


def monthly_trend(office: Office, months: Period) -> list[TrendRow]:
    """Cases received and cases closed per month (two grouped queries)."""
    cases = cases_in(office)
    received = _count_by_month(
        cases.filter(registered_at__gte=months.start, registered_at__lt=months.end),
        "registered_at",
    )
    closed = _count_by_month(
        cases.filter(status=Status.CLOSED, closed_at__gte=months.start, closed_at__lt=months.end),
        "closed_at",
    )
    return [
        TrendRow(month, received.get((month,), 0), closed.get((month,), 0))
        for month in months.months()
    ]


def desk_trend(office: Office, months: Period) -> dict[str, list[TrendRow]]:
    """Per desk: referrals received and referrals done per month (two grouped queries)."""
    referrals = referrals_in(office)
    received = _count_by_month(
        referrals.filter(created_at__gte=months.start, created_at__lt=months.end),
        "created_at",
        keys=("desk__kind",),
    )
    done = _count_by_month(referrals.filter(_done_in(months)), "closed_at", keys=("desk__kind",))
    trend = defaultdict(list)
    for kind in DeskKind.values:
        for month in months.months():
            key = (kind, month)
            trend[kind].append(TrendRow(month, received.get(key, 0), done.get(key, 0)))
    return dict(trend)
