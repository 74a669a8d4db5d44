"""The demo bureau's busy seasons and its duty roster (accounts/duty.py).

The city bureau answers its 12345 hotline around the clock at the start of the autumn
term, at the year end and around the Spring Festival: its peak periods, for last year,
this year and next year, so the dashboard's after-hours block and its comparison have
seasons whenever the demo runs. Each district has a night shift every day (and a day
shift on rest days) from yesterday to two weeks ahead, taken in turn by its officers, so
a complaint phoned in tonight has someone on duty. A re-run adds only what is missing.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.duty import is_working_day, office_hours
from accounts.models import DutyShift, Office, PeakPeriod, User

# 春节 (the first day of the lunar year), for the years the demo may run in.
SPRING_FESTIVAL = {
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
}
# Who stands duty in each district, in turn (demo_data.USERS).
DUTY_OFFICERS = {
    "xiling": ["inspector", "supervisor", "inspectionhead"],
    "wujiagang": ["inspector2", "inspectionhead2"],
    "yiling": ["inspector3", "inspectionhead3"],
}
ROSTER_DAYS_BEHIND, ROSTER_DAYS_AHEAD = 1, 14


def seasons(year: int) -> list[tuple[str, date, date]]:
    """The bureau's peak periods of `year`: name, first day, last day."""
    festival = SPRING_FESTIVAL.get(year, date(year, 2, 1))
    return [
        (f"{year}年春节前后", festival - timedelta(days=21), festival + timedelta(days=7)),
        (f"{year}年秋季开学", date(year, 8, 25), date(year, 9, 15)),
        (f"{year}年岁末年终", date(year, 12, 1), date(year, 12, 31)),
    ]


def ensure_peak_periods(city: Office, today: date) -> int:
    """The city bureau's seasons of last year, this year and next year; the number added."""
    added = 0
    for year in (today.year - 1, today.year, today.year + 1):
        for name, first, last in seasons(year):
            _period, created = PeakPeriod.objects.get_or_create(
                office=city,
                name=name,
                defaults={"starts_on": first, "ends_on": last, "hotline_around_the_clock": True},
            )
            added += created
    return added


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def shifts_of_day(day: date) -> list[tuple[datetime, datetime]]:
    """The night after office hours to the next morning; on a rest day the day too."""
    opens, closes = office_hours()
    night = (_at(day, closes), _at(day + timedelta(days=1), opens))
    return [night] if is_working_day(day) else [(_at(day, opens), _at(day, closes)), night]


def ensure_duty_roster(offices: dict[str, Office], users: dict[str, User], today: date) -> int:
    """The districts' shifts from yesterday to two weeks ahead; the number added.

    Written directly (the roster page's service refuses a shift already over, and the
    demo wants last night's): each shift is the office's, its officer one of the office's,
    and one officer's shifts follow each other without overlapping.
    """
    added = 0
    for code, usernames in DUTY_OFFICERS.items():
        office = offices.get(code)
        officers = [users[name] for name in usernames if name in users]
        if office is None or not officers:
            continue
        turn = 0
        for offset in range(-ROSTER_DAYS_BEHIND, ROSTER_DAYS_AHEAD + 1):
            for starts_at, ends_at in shifts_of_day(today + timedelta(days=offset)):
                officer = officers[turn % len(officers)]
                turn += 1
                _shift, created = DutyShift.objects.get_or_create(
                    office=office,
                    starts_at=starts_at,
                    defaults={"user": officer, "ends_at": ends_at, "note": "值班电话 12345 转接"},
                )
                added += created
    return added
