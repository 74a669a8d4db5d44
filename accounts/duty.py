"""Peak periods and the duty roster (值班), read: who is on duty, and when the office is shut.

In a peak period (the start of the school term, the year end, the Spring Festival) a bureau
answers its hotline around the clock; outside office hours the officer on duty takes what
comes in (docs/duty-roster.md):

- `on_duty(office, at)`: the officers whose shift of the office covers the moment, else
  those of the office above it (a district without a night shift leans on the city's);
- `is_after_hours(at)`: outside `settings.OFFICE_HOURS` or on a day that is not a working
  day, in Asia/Shanghai;
- `in_peak_period(office, day)`: the peak period of the office, or of an office above it,
  that the day falls in.

Working days are the dispatch calendar's (holidays and make-up days), which accounts may not
import (docs/architecture.md "Layers"): dispatch hands its rule in at start-up through
`use_working_day_rule`; until then Monday to Friday are the working days.
"""

from collections.abc import Callable
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import DutyShift, Office, PeakPeriod, User


def _monday_to_friday(day: date) -> bool:
    return day.weekday() < 5


_working_day: list[Callable[[date], bool]] = [_monday_to_friday]


def use_working_day_rule(rule: Callable[[date], bool]) -> None:
    """Count working days by `rule` (the dispatch calendar's `is_working_day`)."""
    _working_day[0] = rule


def is_working_day(day: date) -> bool:
    return _working_day[0](day)


def office_hours() -> tuple[time, time]:
    """settings.OFFICE_HOURS ("08:30-17:30") as (start, end) local times."""
    start, _separator, end = settings.OFFICE_HOURS.partition("-")
    try:
        return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"OFFICE_HOURS must look like 08:30-17:30, not {settings.OFFICE_HOURS!r}"
        ) from None


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def is_after_hours(at: datetime) -> bool:
    """Outside office hours: before or after them, or any time of a rest day."""
    moment = local(at)
    start, end = office_hours()
    return not (is_working_day(moment.date()) and start <= moment.time() < end)


def office_and_above(office: Office) -> QuerySet[Office]:
    """The office and every office above it, by its materialised path."""
    ids = [int(part) for part in office.path.strip("/").split("/") if part] or [office.pk]
    return Office.objects.filter(pk__in=ids)


def in_peak_period(office: Office | None, day: date) -> PeakPeriod | None:
    """The peak period (a 24-hour hotline's first) of the office or an office above it that
    `day` falls in, or None."""
    if office is None:
        return None
    return (
        PeakPeriod.objects.filter(
            office__in=office_and_above(office), starts_on__lte=day, ends_on__gte=day
        )
        .order_by("-hotline_around_the_clock", "starts_on", "id")
        .first()
    )


def hotline_around_the_clock(office: Office | None, at: datetime) -> bool:
    """After hours on a day of a peak period whose hotline is answered at every hour."""
    if office is None or not is_after_hours(at):
        return False
    period = in_peak_period(office, local(at).date())
    return period is not None and period.hotline_around_the_clock


def shifts_covering(at: datetime) -> QuerySet[DutyShift]:
    """The shifts running at `at` (start included, end excluded)."""
    return DutyShift.objects.filter(starts_at__lte=at, ends_at__gt=at)


def on_duty(office: Office | None, at: datetime) -> list[User]:
    """The active officers on duty for the office at `at` (the earliest shift first); when
    the office has none, those of the nearest office above it that has one."""
    if office is None:
        return []
    offices = sorted(office_and_above(office), key=lambda row: len(row.path), reverse=True)
    shifts = (
        shifts_covering(at)
        .filter(office__in=offices, user__is_active=True)
        .select_related("user")
        .order_by("starts_at", "id")
    )
    by_office: dict[int, list[User]] = {}
    for shift in shifts:
        by_office.setdefault(shift.office_id, [])
        if shift.user not in by_office[shift.office_id]:
            by_office[shift.office_id].append(shift.user)
    for row in offices:
        if by_office.get(row.pk):
            return by_office[row.pk]
    return []


def on_duty_of_offices(office_ids, at: datetime) -> dict[int, list[User]]:
    """`on_duty` of each of the offices, by office id (the chase sweep reads each office
    once per sweep, so a query or two per office with a deadline due, not per deadline)."""
    offices = Office.objects.filter(pk__in={pk for pk in office_ids if pk is not None})
    return {office.pk: on_duty(office, at) for office in offices}


def roster_of(office: Office, *, since: datetime) -> QuerySet[DutyShift]:
    """The office's shifts not yet ended at `since`, the soonest first (the roster page)."""
    return (
        DutyShift.objects.filter(office=office, ends_at__gt=since)
        .select_related("user")
        .order_by("starts_at", "id")
    )


def peak_periods_of(office: Office, *, since: date) -> QuerySet[PeakPeriod]:
    """The peak periods that hold for the office (its own and those above it), not over."""
    return PeakPeriod.objects.filter(office__in=office_and_above(office), ends_on__gte=since)


def may_be_on_duty_for(user: User, office: Office) -> bool:
    """An officer stands duty for their own office or an office above it."""
    return user.office is not None and user.office.path.startswith(office.path)
