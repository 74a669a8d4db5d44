"""The working-day calendar on the seeded Holiday table (docs/statutory-time-limits.md,
"Counting rules")."""

from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispatch import calendar
from dispatch.calendar import (
    DueDate,
    add_calendar_days,
    add_working_days,
    is_working_day,
    is_year_loaded,
    working_days_between,
)
from dispatch.models import CalendarYear, Holiday, HolidayKind

pytestmark = pytest.mark.django_db  # the calendar is read from the database


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# docs/statutory-time-limits.md, "Counting rules": the State Council's 2026 notice.
MAKE_UP_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]
REST_PERIODS_2026 = [
    (date(2026, 1, 1), date(2026, 1, 3)),
    (date(2026, 2, 15), date(2026, 2, 23)),
    (date(2026, 4, 4), date(2026, 4, 6)),
    (date(2026, 5, 1), date(2026, 5, 5)),
    (date(2026, 6, 19), date(2026, 6, 21)),
    (date(2026, 9, 25), date(2026, 9, 27)),
    (date(2026, 10, 1), date(2026, 10, 7)),
]
REST_DAYS_2026 = [day for first, last in REST_PERIODS_2026 for day in days(first, last)]


# --- the seeded calendar -------------------------------------------------------------


def test_years_2004_to_2026_are_loaded_and_2027_is_not():
    assert list(CalendarYear.objects.values_list("year", flat=True)) == list(range(2004, 2027))
    assert is_year_loaded(2004) and is_year_loaded(2026)
    assert not is_year_loaded(2003) and not is_year_loaded(2027)


@pytest.mark.parametrize("day", MAKE_UP_2026, ids=str)
def test_2026_make_up_weekend_days_are_working_days(day):
    assert day.weekday() >= 5
    assert is_working_day(day)


@pytest.mark.parametrize("day", REST_DAYS_2026, ids=str)
def test_2026_rest_periods_are_not_working_days(day):
    assert not is_working_day(day)


def test_2026_holiday_table_holds_exactly_the_notice():
    """Only exceptions are stored: weekday rest days and weekend make-up days."""
    rows = set(Holiday.objects.filter(date__year=2026).values_list("date", "kind"))
    expected = {(day, HolidayKind.WORKDAY) for day in MAKE_UP_2026} | {
        (day, HolidayKind.REST) for day in REST_DAYS_2026 if day.weekday() < 5
    }
    assert rows == expected


def test_seeded_rows_carry_the_holiday_name_and_source():
    festival = Holiday.objects.get(date=date(2026, 2, 17))
    assert festival.kind == HolidayKind.REST
    assert festival.name == "春节"  # chinesecalendar's "Spring Festival" (migrations/0012)
    assert festival.source.startswith("chinesecalendar ")
    assert Holiday.objects.get(date=date(2026, 2, 14)).name == "春节"


def test_plain_weekdays_and_weekends():
    assert is_working_day(date(2026, 3, 2))  # Monday
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 3, 8))  # Sunday


def test_holiday_kind_is_constrained_in_the_database():
    with pytest.raises(IntegrityError):
        Holiday.objects.create(date=date(2026, 3, 3), kind="bridge", source="admin")


def test_a_datetime_is_refused_so_a_utc_moment_never_picks_the_day():
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 3, 2, 17, 0))


# --- adding working days -------------------------------------------------------------


def test_five_working_days_over_spring_festival_count_the_make_up_saturday():
    # Fri 02-13 -> Sat 02-14 (make-up, 1), 02-15..02-23 rest, 02-24 (2) .. 02-27 (5).
    assert is_working_day(date(2026, 2, 14))
    assert not is_working_day(date(2026, 2, 17))
    assert add_working_days(date(2026, 2, 13), 5) == DueDate(date(2026, 2, 27), False)


def test_the_start_day_is_not_counted():
    assert add_working_days(date(2026, 3, 2), 1).due == date(2026, 3, 3)
    assert add_working_days(date(2026, 3, 2), 0).due == date(2026, 3, 2)


def test_negative_working_days_count_backwards():
    assert add_working_days(date(2026, 2, 24), -1).due == date(2026, 2, 14)
    assert add_working_days(date(2026, 3, 9), -1).due == date(2026, 3, 6)


def test_working_days_between():
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5
    assert working_days_between(date(2026, 2, 27), date(2026, 2, 13)) == -5
    assert working_days_between(date(2026, 2, 14), date(2026, 2, 23)) == 0
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0


# --- adding calendar days ------------------------------------------------------------


def test_calendar_days_ending_in_national_day_roll_to_the_first_working_day_after():
    # 09-30 + 5 = 10-05, inside the 10-01..10-07 rest period; 10-08 (Thu) works.
    assert is_working_day(date(2026, 10, 8))
    assert add_calendar_days(date(2026, 9, 30), 5) == DueDate(date(2026, 10, 8), False)


def test_calendar_days_ending_on_a_plain_saturday_roll_to_monday():
    assert add_calendar_days(date(2026, 3, 9), 5).due == date(2026, 3, 16)


def test_calendar_days_ending_on_a_make_up_saturday_stay_there():
    assert add_calendar_days(date(2026, 2, 9), 5).due == date(2026, 2, 14)


# --- years with no loaded calendar ---------------------------------------------------


def test_a_deadline_in_an_unloaded_year_uses_weekends_alone_and_is_provisional():
    # Spring Festival 2027 starts 02-06, but 2027 is not loaded: weekdays all count.
    assert add_working_days(date(2027, 2, 5), 5) == DueDate(date(2027, 2, 12), True)
    assert add_calendar_days(date(2027, 3, 1), 5) == DueDate(date(2027, 3, 8), True)


def test_a_deadline_inside_a_loaded_year_is_final():
    assert add_working_days(date(2026, 12, 1), 20) == DueDate(date(2026, 12, 29), False)


def test_a_deadline_crossing_into_an_unloaded_year_is_provisional():
    result = add_working_days(date(2026, 12, 20), 60)
    assert result.due.year == 2027
    assert result.provisional is True
    assert add_calendar_days(date(2026, 12, 31), 1) == DueDate(date(2027, 1, 1), True)


def test_a_deadline_counted_from_an_unloaded_year_is_provisional():
    assert add_working_days(date(2003, 12, 30), 5).provisional is True


# --- editing the table ---------------------------------------------------------------


def test_adding_a_rest_day_changes_the_result():
    assert add_working_days(date(2026, 3, 2), 5).due == date(2026, 3, 9)
    Holiday.objects.create(date=date(2026, 3, 4), kind=HolidayKind.REST, source="admin")
    calendar.clear_cache()
    assert add_working_days(date(2026, 3, 2), 5).due == date(2026, 3, 10)


def test_a_year_counts_only_once_it_is_marked_loaded():
    Holiday.objects.create(
        date=date(2027, 2, 8), kind=HolidayKind.REST, name="Spring Festival", source="admin"
    )
    calendar.clear_cache()
    assert add_working_days(date(2027, 2, 5), 1) == DueDate(date(2027, 2, 8), True)
    CalendarYear.objects.create(year=2027, source="admin")
    calendar.clear_cache()
    assert add_working_days(date(2027, 2, 5), 1) == DueDate(date(2027, 2, 9), False)


def test_saving_a_date_in_the_admin_clears_the_cache(admin_client):
    assert is_working_day(date(2026, 3, 4))
    response = admin_client.post(
        reverse("admin:dispatch_holiday_add"),
        {"date": "2026-03-04", "kind": "rest", "name": "Local holiday", "source": ""},
    )
    assert response.status_code == 302
    assert Holiday.objects.get(date=date(2026, 3, 4)).source == "admin"
    assert not is_working_day(date(2026, 3, 4))

    holiday = Holiday.objects.get(date=date(2026, 3, 4))
    response = admin_client.post(
        reverse("admin:dispatch_holiday_delete", args=[holiday.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert is_working_day(date(2026, 3, 4))


def test_calendar_year_changelist_says_which_years_are_loaded(admin_client):
    response = admin_client.get(reverse("admin:dispatch_calendaryear_changelist"))
    assert response.status_code == 200
    assert "Loaded: 2004–2026." in response.content.decode()


# --- properties ----------------------------------------------------------------------

START_DATES = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


# The fixture only clears the read cache and the test only reads: sharing it is safe.
@settings(
    max_examples=200,
    deadline=None,
    database=None,  # no .hypothesis/ example store in the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(start=START_DATES, later_by=st.integers(0, 40), n=st.integers(1, 90))
def test_add_working_days_properties(start, later_by, n):
    result = add_working_days(start, n)
    assert is_working_day(result.due)
    assert result.due > start
    assert working_days_between(start, result.due) == n
    assert result.provisional == (result.due.year > 2026)
    later = start + timedelta(days=later_by)
    assert add_working_days(later, n).due >= result.due


def test_holiday_changelist_filters_and_searches(admin_client):
    url = reverse("admin:dispatch_holiday_changelist")
    response = admin_client.get(url, {"kind": "workday", "date__year": "2026", "q": "春节"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2  # 02-14 and 02-28
