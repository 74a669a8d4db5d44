"""The dashboard's "After-hours intake" block: per peak period of the office's scope, the
cases registered outside office hours, and of them those taken by phone (the 24-hour
hotline of the busy seasons, accounts/duty.py).

A peak period counts when it overlaps the dashboard's period; it is counted over its days
inside that period. "After hours" is the duty roster's own rule (`accounts.duty`): before
or after `settings.OFFICE_HOURS`, or any time of a day that is not a working day (the
holiday calendar). Those hours are turned into ranges of registration times, so every
period is counted in one query over the registration-time index, the cases of the
periods' days alone, however many cases there are; the cases are those of the office's
scope and of the dashboard's dimension filters (reports/scope.py `cases_in`).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.duty import is_working_day, office_and_above, office_hours
from accounts.models import Office, PeakPeriod
from complaints.selectors.predicates import office_tree
from complaints.services.intake import PHONE_CHANNELS
from reports.periods import Period, day_start
from reports.restriction import restricted_to
from reports.scope import cases_in

# The most peak periods shown: a three-year period holds about ten of a bureau's seasons.
PERIOD_ROWS = 24

DEFINITION = _(
    "Per peak period of the office, of an office above it or below it, over its days in the "
    "period shown: cases registered outside office hours (before or after them on a working "
    "day, or at any time of a rest day or holiday), and of them those taken by phone (the "
    "12345 hotline). Narrowed by the dimension filters like every figure."
)


@dataclass(frozen=True)
class AfterHoursRow:
    period: PeakPeriod
    first: date  # the peak period's first day inside the dashboard's period
    last: date
    after_hours: int
    by_phone: int


def after_hours_ranges(first: date, last: date) -> list[tuple[datetime, datetime]]:
    """The stretches of time outside office hours from `first` to `last` (whole local days),
    each [start, end), adjoining stretches joined (a weekend is one)."""
    opens, closes = office_hours()
    ranges: list[tuple[datetime, datetime]] = []
    day = first
    while day <= last:
        midnight, next_midnight = day_start(day), day_start(day + timedelta(days=1))
        if is_working_day(day):
            pieces = [
                (midnight, timezone.make_aware(datetime.combine(day, opens))),
                (timezone.make_aware(datetime.combine(day, closes)), next_midnight),
            ]
        else:
            pieces = [(midnight, next_midnight)]
        for start, end in pieces:
            if start >= end:
                continue
            if ranges and ranges[-1][1] == start:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
        day += timedelta(days=1)
    return ranges


def _registered_in(ranges: list[tuple[datetime, datetime]]) -> Q:
    condition = Q(pk__in=[])
    for start, end in ranges:
        condition |= Q(registered_at__gte=start, registered_at__lt=end)
    return condition


def peak_periods_of_scope(office: Office, period: Period) -> list[PeakPeriod]:
    """The peak periods overlapping `period` that hold for the office or an office below it:
    those of the office, of the offices above it and of the offices below it."""
    offices = Q(office__in=office_and_above(office)) | Q(office__in=office_tree(office))
    return list(
        PeakPeriod.objects.filter(offices, starts_on__lte=period.last, ends_on__gte=period.first)
        .select_related("office")
        .order_by("starts_on", "id")[:PERIOD_ROWS]
    )


def after_hours_intake(
    office: Office, period: Period, *, dimensions: dict | None = None
) -> list[AfterHoursRow]:
    """The block's rows, in one query for every peak period (none without a period)."""
    with restricted_to(dimensions):
        peaks = peak_periods_of_scope(office, period)
        if not peaks:
            return []
        spans = [(max(p.starts_on, period.first), min(p.ends_on, period.last)) for p in peaks]
        conditions = [_registered_in(after_hours_ranges(first, last)) for first, last in spans]
        counts = {}
        phone = Q(channel__in=PHONE_CHANNELS)
        for index, condition in enumerate(conditions):
            counts[f"after_{index}"] = Count("pk", filter=condition)
            counts[f"phone_{index}"] = Count("pk", filter=condition & phone)
        everywhere = Q(pk__in=[])
        for condition in conditions:
            everywhere |= condition
        found = cases_in(office).filter(everywhere).aggregate(**counts)
    return [
        AfterHoursRow(peak, first, last, found[f"after_{index}"], found[f"phone_{index}"])
        for index, (peak, (first, last)) in enumerate(zip(peaks, spans, strict=True))
    ]
