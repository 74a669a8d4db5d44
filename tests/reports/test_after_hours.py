"""The dashboard's after-hours intake per peak period (reports/after_hours.py): counted by
hand, narrowed to the office's scope and to the dimension filters, in one counting query.

The city bureau's autumn-term peak period runs from 2026-08-25 to 2026-09-15; the
dashboard shows September 2026. Registered at West unless said otherwise:
A  by phone, Tuesday 09-01 20:00: after hours, by phone.
B  at the window, Saturday 09-05 10:00: after hours (a rest day); a construction case.
C  by phone, Tuesday 09-01 10:00: office hours, not counted.
D  by phone, Sunday 09-20 22:00: after the peak period, not counted.
E  by phone at East, Wednesday 09-02 03:00: counted for the city, not for West.
F  by phone, Friday 08-28 21:00: in the peak period but before the period shown.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import PeakPeriod
from complaints.models import Channel
from config import clock
from reports.after_hours import after_hours_intake, after_hours_ranges
from reports.periods import Period

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEPTEMBER = Period(date(2026, 9, 1), date(2026, 9, 30))


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def autumn_term(city) -> PeakPeriod:
    return PeakPeriod.objects.create(
        office=city, name="2026年秋季开学", starts_on=date(2026, 8, 25), ends_on=date(2026, 9, 15)
    )


@pytest.fixture
def intake(register_case, east_window, autumn_term):
    made = {}
    for name, when, channel, extra in (
        ("A", at(9, 1, 20), Channel.HOTLINE, {}),
        ("B", at(9, 5, 10), Channel.WALK_IN, {"is_construction": True}),
        ("C", at(9, 1, 10), Channel.HOTLINE, {}),
        ("D", at(9, 20, 22), Channel.HOTLINE, {}),
        ("E", at(9, 2, 3), Channel.HOTLINE, {"actor": east_window}),
        ("F", at(8, 28, 21), Channel.HOTLINE, {}),
    ):
        with clock.frozen_at(when):
            made[name] = register_case(channel=channel, **extra)
    return made


def counts(rows) -> list[tuple]:
    return [(row.period.name, row.first, row.last, row.after_hours, row.by_phone) for row in rows]


def test_after_hours_are_the_nights_and_the_rest_days_joined(db):
    # Friday 09-04 to Monday 09-07: the weekend joins Friday's evening to Monday's morning.
    assert after_hours_ranges(date(2026, 9, 4), date(2026, 9, 7)) == [
        (at(9, 4, 0), at(9, 4, 8, 30)),
        (at(9, 4, 17, 30), at(9, 7, 8, 30)),
        (at(9, 7, 17, 30), at(9, 8, 0)),
    ]


def test_the_offices_after_hours_intake_per_peak_period(intake, district):
    rows = after_hours_intake(district, SEPTEMBER)
    assert counts(rows) == [("2026年秋季开学", date(2026, 9, 1), date(2026, 9, 15), 2, 1)]


def test_the_city_counts_its_districts(intake, city):
    assert counts(after_hours_intake(city, SEPTEMBER))[0][3:] == (3, 2)


def test_the_dimension_filters_narrow_the_count(intake, district):
    construction = after_hours_intake(district, SEPTEMBER, dimensions={"construction": "yes"})
    the_rest = after_hours_intake(district, SEPTEMBER, dimensions={"construction": "no"})
    assert counts(construction)[0][3:] == (1, 0)  # B
    assert counts(the_rest)[0][3:] == (1, 1)  # A


def test_every_period_in_one_counting_query(intake, district, city):
    PeakPeriod.objects.create(
        office=district, name="西陵区国庆", starts_on=date(2026, 9, 28), ends_on=date(2026, 10, 8)
    )
    with CaptureQueriesContext(connection) as captured:
        rows = after_hours_intake(district, SEPTEMBER)
    assert [row.period.name for row in rows] == ["2026年秋季开学", "西陵区国庆"]
    assert (rows[1].first, rows[1].last, rows[1].after_hours) == (
        date(2026, 9, 28),
        date(2026, 9, 30),
        0,
    )
    assert len(captured) <= 3  # the periods, the office's scope, the counts


def test_no_peak_period_no_block(register_case, district, supervisor, client):
    assert after_hours_intake(district, SEPTEMBER) == []
    client.force_login(supervisor)
    page = client.get("/reports/", {"office": district.pk, "date_from": "2026-09-01",
                                    "date_to": "2026-09-30"})  # fmt: skip
    assert page.status_code == 200
    assert 'id="section-after-hours"' not in page.content.decode()


def test_the_dashboard_shows_the_block(intake, district, supervisor, client):
    client.force_login(supervisor)
    page = client.get("/reports/", {"office": district.pk, "date_from": "2026-09-01",
                                    "date_to": "2026-09-30"}).content.decode()  # fmt: skip
    block = page[page.index('id="section-after-hours"') :]
    block = block[: block.index("</section>")]
    assert "2026年秋季开学" in block and "2026-09-01 – 2026-09-15" in block
    assert '<td class="number after-hours-count">2</td>' in block
    assert '<td class="number by-phone-count">1</td>' in block
    assert "outside office hours" in block  # the definition
