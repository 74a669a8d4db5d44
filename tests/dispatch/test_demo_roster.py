"""The demo's busy seasons and duty roster (dispatch/demo_roster.py): seasons around any
day the demo runs, somebody on duty tonight in each district, and nothing added twice."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from accounts.duty import hotline_around_the_clock, on_duty
from accounts.models import DutyShift, PeakPeriod
from accounts.roles import Role
from dispatch.demo_roster import ensure_duty_roster, ensure_peak_periods

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_city_has_three_seasons_a_year_around_today(city):
    assert ensure_peak_periods(city, date(2026, 12, 7)) == 9
    assert ensure_peak_periods(city, date(2026, 12, 7)) == 0  # a re-run adds nothing
    names = set(PeakPeriod.objects.values_list("name", flat=True))
    assert {"2026年春节前后", "2026年秋季开学", "2026年岁末年终", "2027年春节前后"} <= names
    festival = PeakPeriod.objects.get(name="2026年春节前后")
    assert festival.starts_on <= date(2026, 2, 17) <= festival.ends_on


def test_somebody_is_on_duty_tonight_in_each_district(city, district, user_factory):
    users = {"inspector": user_factory("inspector", district, Role.INSPECTOR),
             "supervisor": user_factory("supervisor", district, Role.SUPERVISOR)}  # fmt: skip
    ensure_peak_periods(city, date(2026, 12, 7))
    added = ensure_duty_roster({"xiling": district}, users, date(2026, 12, 7))
    assert added == DutyShift.objects.count() > 15
    assert ensure_duty_roster({"xiling": district}, users, date(2026, 12, 7)) == 0
    tonight = datetime(2026, 12, 8, 2, 0, tzinfo=SHANGHAI)
    assert hotline_around_the_clock(district, tonight)
    assert len(on_duty(district, tonight)) == 1
    saturday = datetime(2026, 12, 12, 11, 0, tzinfo=SHANGHAI)
    assert on_duty(district, saturday)  # a rest day has a day shift
    assert not on_duty(district, datetime(2026, 12, 8, 11, 0, tzinfo=SHANGHAI))  # office hours
