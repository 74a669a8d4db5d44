"""A supervisor opens the dashboard, drills into the cases overdue now and exports them
as CSV and as Excel (issue #5).

Two cases were registered a month ago and never accepted: the deadline sweep has marked
their acceptance limits overdue. A third, registered today, is on time."""

import csv
from datetime import timedelta
from types import SimpleNamespace

import openpyxl
import pytest
from browser_steps import export_cases, listed_tickets, open_dashboard
from django.utils import translation
from playwright.sync_api import expect

from complaints.services import EmployerData
from config import clock
from dispatch.services.chasing import chase_deadlines
from reports.exports import cases as case_columns

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def overdue_and_on_time(register_case, desks):
    """Registered through the service and routed after commit, as the window would."""
    with clock.frozen_at(clock.now() - timedelta(days=30)):
        overdue = [
            register_case(employer=EmployerData(name="宜昌长江建设有限公司"), site="长江大道"),
            register_case(employer=EmployerData(name="宜昌峡江劳务有限公司"), site="峡江小区"),
        ]
    on_time = register_case(employer=EmployerData(name="宜昌夷陵物业公司"))
    chase_deadlines()
    return SimpleNamespace(overdue=sorted(case.ticket for case in overdue), on_time=on_time.ticket)


def test_supervisor_drills_into_overdue_cases_and_exports_them(
    page_as, supervisor, overdue_and_on_time, tmp_path
):
    overdue = overdue_and_on_time.overdue
    page = page_as(supervisor)
    open_dashboard(page)
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    figure = page.locator("#headline-overdue")
    expect(figure.locator("th")).to_have_text("Overdue now")
    expect(figure.locator("td a")).to_have_text("2")
    listed = page.locator("#table-overdue-list tbody td:first-child")
    assert sorted(listed.all_inner_texts()) == overdue

    figure.locator("td a").click()
    expect(page.get_by_role("heading", name="Cases", level=1)).to_be_visible()
    # The drill-down's filters are shown in the filter form, ready to refine.
    expect(page.locator("form.filters [name=overdue]")).to_be_checked()
    expect(page.locator("form.filters [name=scope] option:checked")).to_have_text("West District")
    expect(page.locator("p.count")).to_have_text("2 cases")
    assert sorted(listed_tickets(page)) == overdue

    download = export_cases(page, "csv")
    assert download.suggested_filename == "cases.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with saved.open(encoding="utf-8-sig", newline="") as exported:
        rows = list(csv.reader(exported))
    with translation.override("en"):
        headers = [str(header) for header in case_columns.headers()]
    assert rows[0] == headers
    assert rows[0][0] == "Ticket number"
    assert sorted(row[0] for row in rows[1:]) == overdue

    download = export_cases(page, "xlsx")
    assert download.suggested_filename == "cases.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = openpyxl.load_workbook(saved, read_only=True)
    sheet = workbook.active
    assert sheet.title == "Cases"
    table = list(sheet.iter_rows(values_only=True))
    assert list(table[0]) == headers
    assert sorted(row[0] for row in table[1:]) == overdue
