"""The seed's clock: its "now", office-hours registration moments, working days.

Asia/Shanghai has no daylight saving: local time is UTC + 8 hours (`LOCAL`).
"""

import random
from datetime import UTC, date, datetime, timedelta

HISTORY_DAYS = 3 * 365
LOCAL = timedelta(hours=8)


def local_day(moment: datetime) -> date:
    return (moment + LOCAL).date()


def sweep_moment(today: date) -> datetime:
    """10:00 Asia/Shanghai on `today`: inside office hours, when the sweep sends."""
    return datetime(today.year, today.month, today.day, 10, tzinfo=UTC) - LOCAL


def seed_now(today: date) -> datetime:
    """17:00 Asia/Shanghai on `today`: the seed's "now", every row of it timed before."""
    return sweep_moment(today) + timedelta(hours=7)


def utc_midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def last_working_day(day: date) -> date:
    from dispatch.calendar import is_working_day

    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def registration_moments(rng: random.Random, n: int, now: datetime) -> list[datetime]:
    """N weekday office-hours moments over three years, growing busier, in time order."""
    moments = []
    first_day = local_day(now) - timedelta(days=HISTORY_DAYS)
    while len(moments) < n:
        day = first_day + timedelta(days=int(HISTORY_DAYS * rng.random() ** 0.8))
        if day.weekday() >= 5:
            continue
        minute = rng.randint(8 * 60 + 30, 17 * 60 + 30)
        local = datetime(
            day.year, day.month, day.day, minute // 60, minute % 60, rng.randrange(60), tzinfo=UTC
        )
        moment = local - LOCAL
        if moment < now - timedelta(minutes=30):
            moments.append(moment)
    moments.sort()
    return moments
