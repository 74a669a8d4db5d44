"""Peak periods and the duty roster (accounts/duty.py, accounts/services.py): who is on duty,
when the office is shut, the refusals of the roster's service and its page.

Dates: the city bureau's autumn-term peak period runs from Tuesday 2026-08-25 to Tuesday
2026-09-15; "now" is Tuesday 2026-09-01 at 10:00 (Asia/Shanghai), inside office hours.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from accounts.duty import in_peak_period, is_after_hours, on_duty
from accounts.models import DutyShift, PeakPeriod
from accounts.roles import Role
from accounts.services import duty_shift_add, duty_shift_remove
from config import clock
from dispatch.calendar import clear_cache
from dispatch.models import CalendarYear, Holiday, HolidayKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)


def at(day: int, hour: int, minute: int = 0, month: int = 9) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def autumn_term(city) -> PeakPeriod:
    return PeakPeriod.objects.create(
        office=city, name="2026年秋季开学", starts_on=date(2026, 8, 25), ends_on=date(2026, 9, 15)
    )


def add(actor, office, user, starts_at, ends_at, note=""):
    with clock.frozen_at(NOW):
        return duty_shift_add(
            actor=actor, office=office, user=user, starts_at=starts_at, ends_at=ends_at, note=note
        )


# --- Who is on duty, and when the office is shut ------------------------------------------


def test_the_officer_on_duty_is_the_shifts_from_its_start_to_its_end(supervisor, officer, district):
    add(supervisor, district, officer, at(1, 17, 30), at(2, 8, 30))
    assert on_duty(district, at(1, 17, 30)) == [officer]  # the start is in
    assert on_duty(district, at(2, 2)) == [officer]
    assert on_duty(district, at(2, 8, 30)) == []  # the end is out
    assert on_duty(district, at(1, 17, 29)) == []


def test_an_office_without_a_shift_leans_on_the_office_above_it(
    supervisor, city_supervisor, officer, district, other_district, city, user_factory
):
    night_officer = user_factory("nightofficer", city, Role.INSPECTOR)
    add(city_supervisor, city, night_officer, at(1, 17, 30), at(2, 8, 30))
    assert on_duty(district, at(2, 2)) == [night_officer]
    assert on_duty(other_district, at(2, 2)) == [night_officer]
    add(supervisor, district, officer, at(1, 17, 30), at(2, 8, 30))
    assert on_duty(district, at(2, 2)) == [officer]  # its own shift first
    assert on_duty(city, at(2, 2)) == [night_officer]  # never an office below


def test_an_officer_no_longer_active_is_not_on_duty(supervisor, officer, district):
    add(supervisor, district, officer, at(1, 17, 30), at(2, 8, 30))
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert on_duty(district, at(2, 2)) == []


@pytest.mark.parametrize(
    ("moment", "after"),
    [
        (at(1, 10), False),  # Tuesday, inside office hours
        (at(1, 8, 29), True),
        (at(1, 8, 30), False),
        (at(1, 17, 30), True),  # the end of office hours is out
        (at(2, 2), True),
        (at(5, 10), True),  # a Saturday
    ],
    ids=["tuesday 10:00", "08:29", "08:30", "17:30", "02:00", "saturday 10:00"],
)
def test_after_hours_is_outside_office_hours_or_on_a_rest_day(db, moment, after):
    assert is_after_hours(moment) is after


def test_a_holiday_of_the_calendar_is_after_hours_all_day(db):
    CalendarYear.objects.get_or_create(year=2026)
    Holiday.objects.update_or_create(
        date=date(2026, 9, 3), defaults={"kind": HolidayKind.REST, "name": "纪念日"}
    )
    clear_cache()
    assert is_after_hours(at(3, 10))


def test_a_peak_period_holds_for_the_offices_below_it_on_its_days(autumn_term, district, city):
    assert in_peak_period(district, date(2026, 8, 25)) == autumn_term
    assert in_peak_period(city, date(2026, 9, 15)) == autumn_term
    assert in_peak_period(district, date(2026, 9, 16)) is None
    assert in_peak_period(district, date(2026, 8, 24)) is None


# --- The service's refusals ---------------------------------------------------------------


def test_a_shift_is_added_by_the_offices_supervisor(supervisor, officer, district):
    shift = add(supervisor, district, officer, at(1, 17, 30), at(2, 8, 30), note=" 12345 ")
    assert (shift.office, shift.user, shift.note) == (district, officer, "12345")


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        (at(2, 8, 30), at(1, 17, 30), "ends_at"),  # the end before the start
        (at(1, 17, 30), at(1, 17, 30), "ends_at"),  # no time at all
        (at(1, 0), at(1, 8, 30), "ends_at"),  # over before "now" (10:00)
    ],
    ids=["reversed", "empty", "over"],
)
def test_a_shift_that_ends_before_it_starts_or_is_over_is_refused(
    supervisor, officer, district, starts, ends, field
):
    with pytest.raises(ValidationError) as refused:
        add(supervisor, district, officer, starts, ends)
    assert field in refused.value.message_dict
    assert not DutyShift.objects.exists()


def test_an_officer_of_another_office_or_inactive_is_refused(
    supervisor, district, east_inspector, inspector
):
    with pytest.raises(ValidationError, match="officer of this office"):
        add(supervisor, district, east_inspector, at(1, 17, 30), at(2, 8, 30))
    inspector.is_active = False
    inspector.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="officer of this office"):
        add(supervisor, district, inspector, at(1, 17, 30), at(2, 8, 30))
    assert not DutyShift.objects.exists()


def test_an_officer_may_stand_duty_for_an_office_above_theirs(city_supervisor, city, officer):
    assert add(city_supervisor, city, officer, at(1, 17, 30), at(2, 8, 30)).user == officer


def test_overlapping_shifts_of_one_officer_are_refused(supervisor, officer, district, inspector):
    add(supervisor, district, officer, at(1, 17, 30), at(2, 8, 30))
    with pytest.raises(ValidationError, match="already on duty"):
        add(supervisor, district, officer, at(2, 8), at(2, 12))
    add(supervisor, district, officer, at(2, 8, 30), at(2, 12))  # one after the other
    add(supervisor, district, inspector, at(1, 17, 30), at(2, 8, 30))  # two on duty at once
    assert DutyShift.objects.count() == 3


@pytest.mark.parametrize("who", ["window", "inspector", "east_supervisor"])
def test_only_the_offices_supervisors_and_heads_keep_its_roster(who, request, district, officer):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        add(actor, district, officer, at(1, 17, 30), at(2, 8, 30))


def test_a_shift_not_over_is_removed_and_one_over_stays(supervisor, officer, district):
    tonight = add(supervisor, district, officer, at(1, 17, 30), at(2, 8, 30))
    with clock.frozen_at(NOW):
        duty_shift_remove(actor=supervisor, shift_id=tonight.pk, office=district)
    assert not DutyShift.objects.exists()
    last_night = add(supervisor, district, officer, at(1, 0), at(1, 12))
    with clock.frozen_at(NOW + timedelta(hours=3)), pytest.raises(ValidationError, match="over"):
        duty_shift_remove(actor=supervisor, shift_id=last_night.pk, office=district)
    assert DutyShift.objects.filter(pk=last_night.pk).exists()


def test_another_offices_shift_is_not_removed(supervisor, east_supervisor, officer, district):
    shift = add(supervisor, district, officer, at(1, 17, 30), at(2, 8, 30))
    with clock.frozen_at(NOW), pytest.raises(ValidationError, match="not on the office"):
        duty_shift_remove(actor=east_supervisor, shift_id=shift.pk, office=east_supervisor.office)
    assert DutyShift.objects.filter(pk=shift.pk).exists()


def test_the_tables_refuse_an_end_before_the_start(district, officer, city):
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyShift.objects.create(
            office=district, user=officer, starts_at=at(2, 8), ends_at=at(1, 8)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PeakPeriod.objects.create(
            office=city, name="倒置", starts_on=date(2026, 9, 2), ends_on=date(2026, 9, 1)
        )


# --- The roster page ----------------------------------------------------------------------


def roster_post(client, **values):
    body = {"user": "", "starts_at": "", "ends_at": "", "note": "", **values}
    with clock.frozen_at(NOW):
        return client.post("/accounts/roster/", body)


def test_the_supervisor_adds_a_shift_and_sees_the_roster(
    client, supervisor, officer, district, autumn_term
):
    client.force_login(supervisor)
    response = roster_post(
        client,
        user=officer.pk,
        starts_at="2026-09-01T17:30",
        ends_at="2026-09-02T08:30",
        note="夜班",
    )
    assert response.status_code == 302
    shift = DutyShift.objects.get()
    assert (shift.user, shift.starts_at, shift.ends_at) == (officer, at(1, 17, 30), at(2, 8, 30))
    with clock.frozen_at(NOW):
        page = client.get("/accounts/roster/").content.decode()
    assert officer.display_name in page and "2026-09-01 17:30" in page and "夜班" in page
    assert "2026年秋季开学" in page


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"starts_at": "2026-09-02T08:30", "ends_at": "2026-09-01T17:30"}, "ends after it starts"),
        ({"starts_at": "2026-09-01T00:00", "ends_at": "2026-09-01T08:30"}, "already over"),
        ({"starts_at": "tonight", "ends_at": "2026-09-02T08:30"}, "Enter a valid date/time"),
        ({"starts_at": "9999-12-31T23:00", "ends_at": "9999-12-31T23:30"}, "between the years"),
    ],
    ids=["reversed", "over", "not a time", "year 9999"],
)
def test_bad_input_is_a_form_error_and_nothing_is_written(
    client, supervisor, officer, district, values, error
):
    client.force_login(supervisor)
    response = roster_post(client, user=officer.pk, **values)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not DutyShift.objects.exists()


def test_an_overlapping_shift_is_refused_in_chinese(client, supervisor, officer, district):
    add(supervisor, district, officer, at(1, 17, 30), at(2, 8, 30))
    client.force_login(supervisor)
    client.cookies["django_language"] = "zh-hans"
    response = roster_post(
        client, user=officer.pk, starts_at="2026-09-02T08:00", ends_at="2026-09-02T12:00"
    )
    assert response.status_code == 400
    assert "已在" in response.content.decode()
    assert DutyShift.objects.count() == 1


def test_another_offices_officer_is_not_offered(client, supervisor, east_inspector, district):
    client.force_login(supervisor)
    response = roster_post(
        client, user=east_inspector.pk, starts_at="2026-09-01T17:30", ends_at="2026-09-02T08:30"
    )
    assert response.status_code == 400
    assert not DutyShift.objects.exists()


def test_a_shift_is_removed_from_the_page(client, supervisor, officer, district):
    shift = add(supervisor, district, officer, at(1, 17, 30), at(2, 8, 30))
    client.force_login(supervisor)
    with clock.frozen_at(NOW):
        response = client.post("/accounts/roster/remove/", {"shift": shift.pk})
    assert response.status_code == 302
    assert not DutyShift.objects.exists()
    with clock.frozen_at(NOW):
        response = client.post("/accounts/roster/remove/", {"shift": "x"}, follow=True)
    assert "Choose a shift on the roster." in response.content.decode()


def test_the_roster_forms_need_the_csrf_token(supervisor, officer, district):
    shift = add(supervisor, district, officer, at(1, 17, 30), at(2, 8, 30))
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    assert client.post("/accounts/roster/remove/", {"shift": shift.pk}).status_code == 403
    assert roster_post(client, user=officer.pk).status_code == 403
    assert DutyShift.objects.count() == 1


@pytest.mark.parametrize("who", ["window", "inspector", "desk_officer"])
def test_other_roles_do_not_reach_the_roster(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/accounts/roster/").status_code == 403
    assert client.post("/accounts/roster/remove/", {"shift": "1"}).status_code == 403


def test_the_head_of_the_inspection_body_keeps_the_roster(client, inspection_head):
    client.force_login(inspection_head)
    with clock.frozen_at(NOW):
        assert client.get("/accounts/roster/").status_code == 200
