"""A complaint phoned in after hours in a peak period goes to the officer on duty as its first
responder (complaints/services/intake.py `duty_officer_for`); everything else is unchanged.

Dates: the city bureau's autumn-term peak period runs from 2026-08-25 to 2026-09-15; the
district's night shift from Tuesday 09-01 17:30 to Wednesday 09-02 08:30 is 赵强's (the
officer). The window clerk takes the calls.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import DutyShift, PeakPeriod
from complaints.models import CaseEvent, Channel, EventKind
from config import clock

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHT = datetime(2026, 9, 2, 2, 0, tzinfo=SHANGHAI)  # Wednesday 02:00


@pytest.fixture
def autumn_term(city) -> PeakPeriod:
    return PeakPeriod.objects.create(
        office=city, name="2026年秋季开学", starts_on=date(2026, 8, 25), ends_on=date(2026, 9, 15)
    )


@pytest.fixture
def night_shift(district, officer) -> DutyShift:
    return DutyShift.objects.create(
        office=district,
        user=officer,
        starts_at=datetime(2026, 9, 1, 17, 30, tzinfo=SHANGHAI),
        ends_at=datetime(2026, 9, 2, 8, 30, tzinfo=SHANGHAI),
    )


def register_at(register_case, when, **fields):
    with clock.frozen_at(when):
        return register_case(**fields)


def test_a_call_at_night_in_a_peak_period_goes_to_the_officer_on_duty(
    register_case, autumn_term, night_shift, officer, window, district
):
    case = register_at(register_case, NIGHT, channel=Channel.HOTLINE)
    assert case.first_responder == officer
    assert case.registering_office == district  # where it was taken, as always
    step = CaseEvent.objects.get(case=case, kind=EventKind.STEP_RECORDED)
    assert step.actor == window and step.message == officer.display_name
    assert "officer on duty" in step.payload["step_en"] and "值班" in step.payload["step_zh"]
    registered = CaseEvent.objects.get(case=case, kind=EventKind.REGISTERED)
    assert registered.actor == window


@pytest.mark.parametrize(
    ("when", "channel"),
    [
        (NIGHT, Channel.WALK_IN),  # not by phone
        (NIGHT, Channel.ONLINE),
        (datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI), Channel.HOTLINE),  # office hours
        (datetime(2026, 9, 16, 2, 0, tzinfo=SHANGHAI), Channel.HOTLINE),  # after the period
    ],
    ids=["walk-in", "online", "office hours", "after the period"],
)
def test_otherwise_whoever_registers_is_the_first_responder(
    register_case, autumn_term, night_shift, window, when, channel
):
    DutyShift.objects.create(
        office=night_shift.office,
        user=night_shift.user,
        starts_at=datetime(2026, 9, 15, 17, 30, tzinfo=SHANGHAI),
        ends_at=datetime(2026, 9, 16, 8, 30, tzinfo=SHANGHAI),
    )
    case = register_at(register_case, when, channel=channel)
    assert case.first_responder == window
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.STEP_RECORDED).exists()


def test_a_peak_period_without_the_24_hour_hotline_changes_nothing(
    register_case, autumn_term, night_shift, window
):
    PeakPeriod.objects.filter(pk=autumn_term.pk).update(hotline_around_the_clock=False)
    assert register_at(register_case, NIGHT, channel=Channel.HOTLINE).first_responder == window


def test_with_nobody_on_duty_whoever_answered_stays_the_first_responder(
    register_case, autumn_term, window
):
    assert register_at(register_case, NIGHT, channel=Channel.HOTLINE).first_responder == window


def test_a_platform_account_keeps_the_cases_it_pushes(
    register_case, autumn_term, night_shift, user_factory, district
):
    """A platform sees only the cases it is first responder of: it keeps them."""
    platform = user_factory("hotline12345", district, platform_channel=Channel.HOTLINE)
    case = register_at(register_case, NIGHT, actor=platform, channel=Channel.HOTLINE)
    assert case.first_responder == platform
