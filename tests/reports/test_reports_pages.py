"""The dashboard and monthly return pages: access, drill-downs agreeing with the figures,
exports of the tables, and a number of queries that does not grow with the cases."""

from datetime import datetime
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from complaints.forms import CaseFilterForm
from complaints.selectors.lists import case_list_for
from config import clock
from reports.dashboard import build
from reports.periods import Period
from reports.summary import stats_rebuild

SHANGHAI = ZoneInfo("Asia/Shanghai")
JANUARY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}


def at(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def browser(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_only_supervisors_and_administrators_see_the_dashboard(
    browser, window, supervisor, administrator, now
):
    assert browser(window).get("/reports/").status_code == 403
    assert browser(supervisor).get("/reports/").status_code == 200
    assert browser(administrator).get("/reports/").status_code == 200


def test_the_dashboard_shows_the_figures_with_stable_ids(january, browser, supervisor, district):
    response = browser(supervisor).get("/reports/", {"office": district.pk, **JANUARY})
    assert response.status_code == 200
    html = response.content.decode()
    for element in (
        'id="table-headline"',
        'id="headline-received"',
        'id="table-desks"',
        'id="table-officers"',
        'id="table-wages"',
        'id="chart-trend"',
        'id="table-overdue-list"',
        'id="definitions"',
        'id="export-all-xlsx"',
    ):
        assert element in html
    assert january.g.ticket in html  # the overdue list


def test_an_office_outside_the_users_own_is_refused(browser, east_supervisor, district, now):
    response = browser(east_supervisor).get("/reports/", {"office": district.pk, **JANUARY})
    assert response.status_code == 400


def _listed(user, link: str) -> int:
    query = QueryDict(urlparse(link).query)
    form = CaseFilterForm(query)
    assert form.is_valid(), form.errors
    return case_list_for(user=user, filters=form.filters()).count()


def test_every_count_links_to_exactly_the_cases_behind_it(january, supervisor, district, now):
    board = build(district, Period.month(at(2026, 1, 1).date()))
    checked = 0
    for table in [board.headline, *board.tables]:
        if table.key == "wages":
            continue  # money and workers: the link lists the cases they were paid on
        for row in table.rows:
            if row.key in ("workers", "wages"):
                continue
            for cell in row.cells:
                if cell.link and cell.kind == "int":
                    assert _listed(supervisor, cell.link) == cell.value, (table.key, row.key)
                    checked += 1
    assert checked > 50


def test_the_page_makes_the_same_number_of_queries_with_more_cases(
    january, browser, supervisor, district, register_case
):
    page = browser(supervisor)
    with clock.frozen_at(at(2026, 2, 10)), CaptureQueriesContext(connection) as before:
        page.get("/reports/", {"office": district.pk, **JANUARY})
    with clock.frozen_at(at(2026, 1, 21)):
        for _ in range(5):
            register_case()
    with clock.frozen_at(at(2026, 2, 10)), CaptureQueriesContext(connection) as after:
        page.get("/reports/", {"office": district.pk, **JANUARY})
    assert len(after) == len(before) <= 64


def test_a_table_as_csv_and_every_table_as_excel(january, browser, supervisor, district, now):
    import io

    import openpyxl

    page = browser(supervisor)
    query = {"office": district.pk, **JANUARY}
    csv = page.get("/reports/export/", {**query, "table": "desks", "format": "csv"})
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Desk,Done,On time,Late,Share on time"
    assert "Labor inspection,2,1,1,50.0" in lines
    xlsx = page.get("/reports/export/", {**query, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[0] == "Headline figures"
    rows = list(book["Headline figures"].iter_rows(values_only=True))
    assert ("Complaints received", 4, 1, 300) in rows


def test_the_monthly_return_of_a_past_month(january, browser, supervisor, district, now):
    page = browser(supervisor)
    response = page.get("/reports/monthly/", {"office": district.pk, "month": "2026-01"})
    assert response.status_code == 200
    assert 'id="monthly-return-title"' in response.content.decode()
    assert (
        page.get("/reports/monthly/", {"office": district.pk, "month": "2026-02"}).status_code
        == 400
    )
    xlsx = page.get("/reports/monthly/xlsx/", {"office": district.pk, "month": "2026-01"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].endswith('monthly-return-west-2026-01.xlsx"')


def test_with_the_summary_a_year_takes_the_same_bounded_number_of_queries(
    january, browser, supervisor, district, register_case
):
    """A year to a day in the middle of a month: ended months and days from the summary,
    the rest (a partial month at each end, today) live; more cases add no query. (About
    a quarter of the queries are the inspection procedure's table: three figures, for the
    period and a year earlier; a sixth the wage-arrears return's own figures.)"""
    page = browser(supervisor)
    year = {"office": district.pk, "date_from": "2025-02-10", "date_to": "2026-02-10"}

    def count_queries() -> int:
        with clock.frozen_at(at(2026, 2, 10)):
            stats_rebuild()
            with CaptureQueriesContext(connection) as queries:
                assert page.get("/reports/", year).status_code == 200
        return len(queries)

    before = count_queries()
    for day in (3, 5, 9):  # days of February before today: in the summary's days
        with clock.frozen_at(at(2026, 2, day)):
            register_case()
    assert count_queries() == before <= 146, before
