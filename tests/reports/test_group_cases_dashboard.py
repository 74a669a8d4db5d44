"""The dashboard's "Group cases" block: the open group wage-arrears cases on top, within
the office's scope only, in one query (reports/group_cases.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.services import ComplainantData
from config import clock
from dispatch import services
from dispatch.models import GroupCase
from dispatch.services.group_cases import group_case_report_upward
from reports.group_cases import open_group_cases

SHANGHAI = ZoneInfo("Asia/Shanghai")
SUNDAY_NIGHT = datetime(2026, 3, 8, 22, 0, tzinfo=SHANGHAI)
NAMES = "赵钱孙李周吴郑王冯陈褚卫"
MARCH = {"date_from": "2026-03-01", "date_to": "2026-03-09"}


def workers(n: int) -> list[ComplainantData]:
    return [ComplainantData(name=f"{NAMES[i]}工", phone=f"1380013{i:04d}") for i in range(n)]


@pytest.fixture
def cases(register_case, officer, inspection_head, city_supervisor):
    """At West: a group case of 12 workers (Sunday 22:00), one of 11 an hour later, and an
    ordinary case of 2."""
    made = {}
    for name, n, when in (
        ("first", 12, SUNDAY_NIGHT),
        ("second", 11, SUNDAY_NIGHT + timedelta(hours=1)),
        ("ordinary", 2, SUNDAY_NIGHT),
    ):
        with clock.frozen_at(when):
            made[name] = register_case(complainants=workers(n))
            services.case_route(case_id=made[name].pk)
    return made


def dashboard(client, user, office, when):
    client.force_login(user)
    with clock.frozen_at(when):
        response = client.get("/reports/", {"office": office.pk, **MARCH})
    assert response.status_code == 200
    return response.content.decode()


def test_the_open_group_cases_are_listed_first(client, cases, supervisor, district):
    page = dashboard(client, supervisor, district, SUNDAY_NIGHT + timedelta(hours=3))
    block = page.index('id="section-group-cases"')
    assert block < page.index('id="section-headline"')  # above every figure
    rows = page[block : page.index("</table>", block)]
    assert rows.index(cases["first"].ticket) < rows.index(cases["second"].ticket)
    assert cases["ordinary"].ticket not in rows
    assert "宜昌某某建筑有限公司" in rows
    assert "overdue" in rows  # the first was due at 00:00


def test_a_reported_case_comes_after_those_still_to_report(cases, district, inspection_head):
    with clock.frozen_at(SUNDAY_NIGHT + timedelta(minutes=30)):
        group_case_report_upward(case=cases["first"], actor=inspection_head, note="已报告")
    rows = open_group_cases(district)
    assert [row.case.pk for row in rows] == [cases["second"].pk, cases["first"].pk]
    assert not rows[1].overdue


def test_only_an_office_that_may_see_the_case_lists_it(
    client, cases, east_supervisor, other_district, city_supervisor, city
):
    east = dashboard(client, east_supervisor, other_district, SUNDAY_NIGHT + timedelta(hours=3))
    assert 'id="section-group-cases"' not in east
    assert cases["first"].ticket not in east
    everything = dashboard(client, city_supervisor, city, SUNDAY_NIGHT + timedelta(hours=3))
    assert cases["first"].ticket in everything
    # The East supervisor may not ask for the West district's dashboard at all.
    client.force_login(east_supervisor)
    with clock.frozen_at(SUNDAY_NIGHT + timedelta(hours=3)):
        response = client.get("/reports/", {"office": cases["first"].registering_office_id})
    assert response.status_code == 400


def test_the_block_reads_a_fixed_number_of_queries_however_many_cases(cases, district):
    with CaptureQueriesContext(connection) as captured:
        rows = open_group_cases(district)
        [(row.case.employer, row.report_due, row.overdue) for row in rows]
    assert len(rows) == GroupCase.objects.count() == 2
    # The office's scope check (read once per office object), the unreported ones, the
    # reported ones, and the rows of those chosen.
    assert len(captured) <= 4
