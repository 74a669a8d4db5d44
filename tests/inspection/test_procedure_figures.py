"""The inspection procedure in the statistics: the dashboard's and the monthly return's
"Inspection procedure" table counts what was done in the period, the same from the summary
tables as from the rows, and each figure opens the cases behind it."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from dispatch.models import Desk
from inspection.services.transfer import police_answer_record
from reports.periods import Period
from reports.procedure import procedure
from reports.procedure_board import procedure_table
from reports.summary import stats_rebuild
from tests.inspection.conftest import at

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))


def test_the_chain_is_counted_in_its_month(filed, transfer, officer, district):
    with at(3, 19):
        police_answer_record(
            case=filed, actor=officer, outcome="filed", answered_on=date(2026, 3, 19),
            reference="西公立字12号", note="",
        )  # fmt: skip
    figures = procedure(district, MARCH)
    assert figures.count("filing") == 1
    assert (figures.orders_issued, figures.orders_served, figures.orders_complied) == (1, 1, 0)
    assert figures.amount_ordered == Decimal("8000.00")
    assert figures.count("transfer_report") == 1 and figures.count("transfer") == 1
    assert figures.police == {"filed": 1}
    assert procedure(district, APRIL).orders_issued == 0


def test_the_summary_and_the_rows_agree(filed, transfer, district):
    live = procedure(district, MARCH)
    with at(4, 2):
        stats_rebuild(through=date(2026, 4, 2))
    assert procedure(district, MARCH) == live


def test_another_districts_figures_leave_the_case_out(filed, transfer, other_district):
    Desk.objects.get_or_create(office=other_district, kind="inspection")
    assert procedure(other_district, MARCH).orders_issued == 0


def test_each_figure_opens_the_cases_behind_it(client, filed, transfer, supervisor, district):
    table = procedure_table(district, MARCH)
    rows = {row.key: row for row in table.rows}
    assert rows["transfers"].cells[1].value == 1
    client.force_login(supervisor)
    behind = client.get(rows["transfers"].cells[1].link).content.decode()
    assert filed.ticket in behind
    served_link = rows["orders_served"].cells[1].link
    assert filed.ticket in client.get(served_link).content.decode()
    april = procedure_table(district, APRIL)
    empty = {row.key: row for row in april.rows}["transfers"].cells[1].link
    assert filed.ticket not in client.get(empty).content.decode()


def test_the_dashboard_shows_the_table(client, filed, transfer, supervisor, district):
    client.force_login(supervisor)
    page = client.get(
        reverse("reports:dashboard"),
        {"office": district.pk, "date_from": "2026-03-01", "date_to": "2026-03-31"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "移送公安机关" in page and "下达限期改正指令书" in page
