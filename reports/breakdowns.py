"""The dashboard's tables: by desk, by officer, wages by office and month, 24-month trends.

Desk and officer figures count referrals (a desk's part of a case), at the desks of the
office and the offices below it; a transfer returns the old office's referral (never
counted as done) and refers the case again at the new office.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Office
from complaints.models import DeskKind, Status
from complaints.selectors import late_deadline, office_tree, overdue_deadline_now
from dispatch.models import Deadline, Referral, ReferralStatus
from reports import settled, summary, tallies
from reports.figures import cases_in, covers_everything, first_paid_since, payments_in, share
from reports.overdue import OverdueNow, overdue_now
from reports.periods import Period, month_end, month_start, split

User = get_user_model()


def referrals_in(office: Office) -> QuerySet[Referral]:
    if covers_everything(office):
        return Referral.objects.all()
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
    """Referrals finished in the period per desk, and how many of them late (the summary's
    months and a grouped count of the rest)."""
    months, live = split(period, summary.summarized_through())
    summarized = (
        summary.desk_months(office, months)
        .values_list("desk__kind")
        .annotate(done=Sum("done"), late=Sum("done_late"))
    )
    rows = list(settled.summary_rows("desks", office, months, lambda: list(summarized)))
    for part in live:
        for found in settled.each_piece(_desks_live, office, part):
            rows += found
    found = defaultdict(lambda: (0, 0))
    for kind, done, late in rows:
        found[kind] = (found[kind][0] + (done or 0), found[kind][1] + (late or 0))
    return [DeskRow(kind, str(label), *found[kind]) for kind, label in DeskKind.choices]


def _desks_live(office: Office, period: Period) -> list[tuple]:
    return list(
        referrals_in(office)
        .filter(_done_in(period))
        .values_list("desk__kind")
        .annotate(done=Count("id"), late=Count("id", filter=Q(_late_referral())))
        .order_by()
    )


@dataclass
class OfficerRow:
    officer_id: int | None
    name: str
    open: int
    overdue: int
    done: int


def _per_officer(referrals: QuerySet[Referral]) -> dict:
    return dict(referrals.values_list("officer").annotate(n=Count("id")).order_by())


def _done_per_officer(office: Office, period: Period) -> dict:
    months, live = split(period, summary.summarized_through())
    done = defaultdict(int)
    summarized = (
        summary.officer_months(office, months).values_list("officer").annotate(n=Sum("done"))
    )
    for officer, n in settled.summary_rows("officers", office, months, lambda: list(summarized)):
        done[officer] += n
    for part in live:
        for found in settled.each_piece(_done_live, office, part):
            for officer, n in found.items():
                done[officer] += n
    return dict(done)


def _done_live(office: Office, period: Period) -> dict:
    return _per_officer(referrals_in(office).filter(_done_in(period)))


def officers(office: Office, period: Period, overdue: OverdueNow | None = None) -> list[OfficerRow]:
    """Per officer: open referrals and overdue ones now, referrals done in the period.

    Open referrals from the tally (reports/tallies.py), the overdue ones from the few
    overdue deadlines (overdue.overdue_now, or `overdue` when the caller has it), referrals
    done in the period from the summary's months and the rest by their closing time; the
    officers' names last, in the order of usernames."""
    counts = [
        tallies.open_referrals_by_officer(office),
        (overdue or overdue_now(office)).by_officer,
        _done_per_officer(office, period),
    ]
    found = {officer for officer, n in counts[0].items() if n} | set(counts[2])
    users = User.objects.filter(pk__in=[pk for pk in found if pk is not None]).order_by("username")
    names = {
        user.pk: f"{user.last_name or ''}{user.first_name or ''}" or user.username or "—"
        for user in users.only("username", "last_name", "first_name")
    }
    order = [*names, *([None] if None in found else [])]  # no officer: last, as in SQL
    return [
        OfficerRow(officer, names.get(officer, "—"), *(count.get(officer, 0) for count in counts))
        for officer in order
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


OFFICE_FIELDS = ("responsible_office", "responsible_office__name", "responsible_office__path")


def _wages_live(office: Office, part: Period, since: date) -> list[tuple]:
    """Payments of a live part (or a piece of it); a worker is counted in a month at their
    first payment in it from `since` on (the days from `since` to the part's start are in
    the summary, in the same month)."""
    return list(
        payments_in(office, part)
        .annotate(month=TruncMonth("paid_on"), first=first_paid_since(since, in_its_month=True))
        .values_list(*(f"complainant__case__{name}" for name in OFFICE_FIELDS), "month")
        .annotate(recovered=Sum("amount"), workers=Count("pk", filter=Q(first=True)))
        .order_by()
    )


def _wage_parts(part: Period, period: Period) -> list[tuple[Period, date]]:
    """(live part, start of the days already counted in its first month): a part that
    starts after its month's 1st and after the period's first day follows the summary's
    days of that month, so its first month is asked apart from the rest."""
    month = month_start(part.first)
    since = max(period.first, month)
    if since == part.first:
        return [(part, part.first)]
    first = Period(part.first, min(part.last, month_end(month)))
    parts = [(first, since)]
    if first.last < part.last:
        rest = Period(first.last + timedelta(days=1), part.last)
        parts.append((rest, rest.first))
    return parts


def wages_by_office_and_month(office: Office, period: Period) -> list[WageRow]:
    """Ledger payments in the period by the case's responsible office and month paid (the
    summary's months and days, and the rest from the ledger)."""
    through = summary.summarized_through()
    months, live = split(period, through, days_from_month_start=True)
    summarized = (
        summary.wage_months(office, months)
        .values_list(*OFFICE_FIELDS, "month")
        .annotate(recovered=Sum("recovered"), workers=Sum("workers"))
    )
    rows = settled.summary_rows("wage_rows", office, months, lambda: list(summarized))
    for part in live:
        for piece, since in _wage_parts(part, period):
            for found in settled.each_piece(_wages_live, office, piece, since):
                rows = [*rows, *found]
    merged: dict[tuple, list] = {}
    for office_id, name, path, month, recovered, workers in rows:
        entry = merged.setdefault((path, _month(month), office_id, name), [Decimal("0.00"), 0])
        entry[0] += recovered
        entry[1] += workers
    return [
        WageRow(office_id, name, month, recovered, workers)
        for (_path, month, office_id, name), (recovered, workers) in sorted(merged.items())
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


def _received_by_month(office: Office, piece: Period) -> dict:
    cases = cases_in(office).filter(registered_at__gte=piece.start, registered_at__lt=piece.end)
    return _count_by_month(cases, "registered_at")


def _closed_by_month(office: Office, piece: Period) -> dict:
    cases = cases_in(office).filter(
        status=Status.CLOSED, closed_at__gte=piece.start, closed_at__lt=piece.end
    )
    return _count_by_month(cases, "closed_at")


def _referred_by_month(office: Office, piece: Period) -> dict:
    referrals = referrals_in(office).filter(created_at__gte=piece.start, created_at__lt=piece.end)
    return _count_by_month(referrals, "created_at", keys=("desk__kind",))


def _done_by_month(office: Office, piece: Period) -> dict:
    referrals = referrals_in(office).filter(_done_in(piece))
    return _count_by_month(referrals, "closed_at", keys=("desk__kind",))


def _live_counts(office: Office, live: list[Period], *counts) -> list[Counter]:
    """Per count function: its {key: n} added up over the live parts' pieces (kept or
    counted: settled.each_piece)."""
    totals = [Counter() for _count in counts]
    for part in live:
        for total, count in zip(totals, counts, strict=True):
            for found in settled.each_piece(count, office, part):
                total.update(found)
    return totals


def _trend_counts(summarized, live_counts, months: Period, keys) -> dict:
    """{(*keys, month): (received, closed)} from the summary and the live counts."""
    counts: dict = defaultdict(lambda: [0, 0])
    for *key, month, received, closed in summarized:
        counts[(*key, _month(month))][0] += received or 0
        counts[(*key, _month(month))][1] += closed or 0
    for position, found in enumerate(live_counts):
        for key, n in found.items():
            counts[key][position] += n
    return counts


def monthly_trend(office: Office, months: Period) -> list[TrendRow]:
    """Cases received and cases closed per month (the summary's months, then the rest)."""
    whole, live = split(months, summary.summarized_through())
    by_month = (
        summary.case_months(office, whole)
        .values_list("month")
        .annotate(received=Sum("received"), closed=Sum("closed"))
    )
    live_counts = _live_counts(office, live, _received_by_month, _closed_by_month)
    summarized = settled.summary_rows("trend", office, whole, lambda: list(by_month))
    counts = _trend_counts(summarized, live_counts, months, ())
    return [TrendRow(month, *counts[(month,)]) for month in months.months()]


def desk_trend(office: Office, months: Period) -> dict[str, list[TrendRow]]:
    """Per desk: referrals received and referrals done per month (summary, then the rest)."""
    whole, live = split(months, summary.summarized_through())
    by_month = (
        summary.desk_months(office, whole)
        .values_list("desk__kind", "month")
        .annotate(received=Sum("referred"), done=Sum("done"))
    )
    live_counts = _live_counts(office, live, _referred_by_month, _done_by_month)
    summarized = settled.summary_rows("desk_trend", office, whole, lambda: list(by_month))
    counts = _trend_counts(summarized, live_counts, months, ("desk__kind",))
    trend = defaultdict(list)
    for kind in DeskKind.values:
        for month in months.months():
            trend[kind].append(TrendRow(month, *counts[(kind, month)]))
    return dict(trend)
