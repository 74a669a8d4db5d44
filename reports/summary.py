"""The monthly summary tables: rebuilt from the cases, read for the months that have ended.

The dashboard counts the months that have ended from CaseMonth, DeskMonth and WageMonth
and only the rest (the current month, a partial month at either end of the period) from
the cases themselves. `stats_rebuild` recomputes every ended month in one transaction
(the rebuild_stats command, and the beat task every few minutes, so a late change to a
past month, e.g. a payment entered with an earlier date, shows after the next run). Its
rows are the same grouped counts the direct queries make, so a figure read from the
summary equals a direct recount (tests/reports/test_summary.py).
"""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from accounts.models import Office
from complaints.models import Case, Status, WagePayment
from complaints.selectors import case_was_late, office_tree
from config import clock
from dispatch.models import Referral, ReferralStatus
from reports.models import CaseMonth, DeskMonth, SummaryState, WageMonth
from reports.periods import day_start, month_start


def _month(value) -> date:
    from reports.breakdowns import _month as as_month

    return as_month(value)


def _late_referral():
    from reports.breakdowns import _late_referral as late

    return late()


def _case_rows(boundary) -> list[CaseMonth]:
    cases = Case.objects.order_by()
    keys = ("registering_office", "responsible_office", "channel", "category")
    rows: dict[tuple, CaseMonth] = {}

    def row(month, *key) -> CaseMonth:
        full = (_month(month), *key)
        if full not in rows:
            rows[full] = CaseMonth(
                month=full[0],
                registering_office_id=key[0],
                responsible_office_id=key[1],
                channel=key[2],
                category=key[3],
            )
        return rows[full]

    received = (
        cases.filter(registered_at__lt=boundary)
        .annotate(m=TruncMonth("registered_at"))
        .values_list("m", *keys)
        .annotate(n=Count("id"))
    )
    for month, *key, n in received:
        row(month, *key).received = n
    closed = (
        cases.filter(status=Status.CLOSED, closed_at__lt=boundary)
        .annotate(m=TruncMonth("closed_at"), late=case_was_late())
        .values_list("m", *keys)
        .annotate(n=Count("id"), n_late=Count("id", filter=Q(late=True)))
    )
    for month, *key, n, late in closed:
        entry = row(month, *key)
        entry.closed, entry.closed_late = n, late
    return list(rows.values())


def _desk_rows(boundary) -> list[DeskMonth]:
    referrals = Referral.objects.order_by()
    rows: dict[tuple, DeskMonth] = {}

    def row(month, desk) -> DeskMonth:
        key = (_month(month), desk)
        if key not in rows:
            rows[key] = DeskMonth(month=key[0], desk_id=desk)
        return rows[key]

    referred = (
        referrals.filter(created_at__lt=boundary)
        .annotate(m=TruncMonth("created_at"))
        .values_list("m", "desk")
        .annotate(n=Count("id"))
    )
    for month, desk, n in referred:
        row(month, desk).referred = n
    done = (
        referrals.filter(status=ReferralStatus.DONE, closed_at__lt=boundary)
        .annotate(m=TruncMonth("closed_at"), late=_late_referral())
        .values_list("m", "desk")
        .annotate(n=Count("id"), n_late=Count("id", filter=Q(late=True)))
    )
    for month, desk, n, late in done:
        entry = row(month, desk)
        entry.done, entry.done_late = n, late
    return list(rows.values())


def _wage_rows(through: date) -> list[WageMonth]:
    rows = (
        WagePayment.objects.filter(paid_on__lt=through)
        .annotate(m=TruncMonth("paid_on"))
        .values_list(
            "m", "complainant__case__registering_office", "complainant__case__responsible_office"
        )
        .annotate(recovered=Sum("amount"), workers=Count("complainant", distinct=True))
        .order_by()
    )
    return [
        WageMonth(
            month=_month(month),
            registering_office_id=registering,
            responsible_office_id=responsible,
            recovered=recovered,
            workers=workers,
        )
        for month, registering, responsible, recovered, workers in rows
    ]


@transaction.atomic
def stats_rebuild(*, through: date | None = None) -> SummaryState:
    """Recount every month before `through` (default: the current month) from the cases."""
    through = month_start(through or clock.today())
    boundary = day_start(through)
    SummaryState.objects.select_for_update().all().delete()
    for model in (CaseMonth, DeskMonth, WageMonth):
        model.objects.all().delete()
    CaseMonth.objects.bulk_create(_case_rows(boundary), batch_size=2000)
    DeskMonth.objects.bulk_create(_desk_rows(boundary), batch_size=2000)
    WageMonth.objects.bulk_create(_wage_rows(through), batch_size=2000)
    return SummaryState.objects.create(through=through, built_at=clock.now())


def summarized_through() -> date | None:
    """Months before this day are in the summary (None when it was never built)."""
    return SummaryState.objects.values_list("through", flat=True).first()


# Readers: the offices' subtree, months given as a list of month's 1sts.


def _of_office(rows: QuerySet, office: Office) -> QuerySet:
    offices = office_tree(office).values("id")
    return rows.filter(Q(registering_office__in=offices) | Q(responsible_office__in=offices))


def case_months(office: Office, months: list[date]) -> QuerySet[CaseMonth]:
    return _of_office(CaseMonth.objects.filter(month__in=months), office).order_by()


def wage_months(office: Office, months: list[date]) -> QuerySet[WageMonth]:
    return _of_office(WageMonth.objects.filter(month__in=months), office).order_by()


def desk_months(office: Office, months: list[date]) -> QuerySet[DeskMonth]:
    offices = office_tree(office).values("id")
    return DeskMonth.objects.filter(month__in=months, desk__office__in=offices).order_by()


def received_by(office: Office, months: list[date]) -> dict[tuple[str, str], int]:
    """Cases received in the months by (channel, category)."""
    totals: dict = defaultdict(int)
    rows = (
        case_months(office, months).values_list("channel", "category").annotate(n=Sum("received"))
    )
    for channel, category, n in rows:
        totals[(channel, category)] += n or 0
    return totals
