"""The wage-arrears return (根治欠薪): each row counts what its definition says, the same
read live or from the summary, on the monthly return page, its Excel file and the README."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

from complaints.models import AdvancePayment, AdvanceRecovery, AdvanceSource, Complainant
from complaints.services.dimensions import case_set_dimensions
from config import clock
from dispatch import services as dispatch
from reports.arrears_table import _rows
from reports.dashboard import build
from reports.periods import Period
from reports.summary import stats_rebuild
from tests.reports.conftest import at

JANUARY = Period.month(at(2026, 1, 1).date())


@pytest.fixture
def marked(january, inspector, supervisor, inspection_head, register_case):
    """January's cases with the wage-arrears keys: a's worker (paid 400) a migrant worker,
    b (paid 2,000) a construction case; a group case declared on the 22nd; 600 advanced to
    one worker of b on the 23rd, 250 of it recovered on the 27th."""
    for case, construction, migrant in ((january.a, False, True), (january.b, True, False)):
        worker = case.complainants.get()
        case_set_dimensions(  # closed cases: a supervisor's change
            case=case,
            actor=supervisor,
            is_construction=construction,
            mass_incident_risk=False,
            migrant_worker_ids={worker.pk} if migrant else set(),
        )
    with clock.frozen_at(at(2026, 1, 22)):
        group = register_case(workers_affected=14)
        dispatch.case_route(case_id=group.pk)  # declared a group case at routing
    worker = january.b.complainants.get()
    AdvancePayment.objects.create(
        complainant=worker,
        source=AdvanceSource.EMERGENCY_FUND,
        amount=Decimal("600.00"),
        paid_on=at(2026, 1, 23).date(),
        approved_by=inspection_head,
        recorded_by=inspector,
        recorded_at=at(2026, 1, 23),
    )
    AdvanceRecovery.objects.create(
        case=january.b,
        amount=Decimal("250.00"),
        recovered_on=at(2026, 1, 27).date(),
        recorded_by=inspector,
        recorded_at=at(2026, 1, 27),
    )
    return january


def _return_rows(office) -> dict:
    board = build(office, JANUARY, monthly_return=True)
    table = next(table for table in board.tables if table.key == "arrears")
    return {row.key: row.cells[2].value for row in table.rows}


EXPECTED = {
    "closed": 2,
    "wages": Decimal("2400.00"),
    "workers": 2,
    "migrant_wages": Decimal("400.00"),
    "migrant_workers": 1,
    "construction_wages": Decimal("2000.00"),
    "construction_workers": 1,
    "advanced": Decimal("600.00"),
    "advanced_workers": 1,
    "advance_recovered": Decimal("250.00"),
    "group_cases": 1,
    "group_workers": 14,
    "followups": 2,
    "rate_satisfied": Decimal("100.00"),
    "rate_dissatisfied": Decimal("0.00"),
}


def test_each_row_counts_its_cases_live_and_from_the_summary(marked, district, city, now):
    live = _return_rows(district)
    assert {key: live[key] for key in EXPECTED} == EXPECTED
    # Advances are not wages recovered: the wages row is the ledger's alone.
    assert live["wages"] == sum(
        (worker.recovered_amount for worker in Complainant.objects.all()), Decimal("0")
    )
    stats_rebuild()
    assert _return_rows(district) == live
    assert _return_rows(city)["migrant_workers"] == 1


def test_a_worker_marked_later_moves_to_the_migrant_rows_after_the_rebuild(
    marked, supervisor, district, now
):
    stats_rebuild()
    worker = marked.b.complainants.get()
    case_set_dimensions(
        case=marked.b,
        actor=supervisor,
        is_construction=True,
        mass_incident_risk=False,
        migrant_worker_ids={worker.pk},
    )
    stats_rebuild()
    found = _return_rows(district)
    assert (found["migrant_wages"], found["migrant_workers"]) == (Decimal("2400.00"), 2)


def _page(client, user, language="en"):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_the_monthly_return_shows_numbered_rows_with_definitions(
    marked, client, supervisor, district, now
):
    page = _page(client, supervisor)
    query = {"office": district.pk, "month": "2026-01"}
    html = page.get("/reports/monthly/", query).content.decode()
    assert "Wage-arrears return" in html
    assert "Advance payments (yuan)" in html
    assert "Not wages recovered." in html
    xlsx = page.get("/reports/monthly/xlsx/", query)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    rows = list(book["Wage-arrears return"].iter_rows(values_only=True))
    assert rows[0] == ("Line", "Figure", "Period", "A year earlier", "Definition")
    by_label = {row[1]: row for row in rows[1:]}
    line, _label, value, _earlier, meaning = by_label["of which migrant workers: workers"]
    assert (value, "migrant workers" in meaning) == (1, True)
    assert [row[0] for row in rows[1:]] == list(range(1, len(rows)))


def test_the_chinese_return(marked, client, supervisor, district, now):
    page = _page(client, supervisor, "zh-hans")
    html = page.get("/reports/monthly/", {"office": district.pk, "month": "2026-01"})
    text = html.content.decode()
    assert "根治欠薪统计" in text
    assert "先行垫付金额（元）" in text


def test_the_readme_defines_every_row():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The wage-arrears return", 1)[1].split("\n## ", 1)[0]
    zero = _zero_side()
    for _key, label, _value, _kind, _meaning in _rows(zero):
        assert f"**{label}**" in section, label


def _zero_side():
    from reports.arrears import Advances, Arrears
    from reports.arrears_table import Counted
    from reports.figures import Closure, Received, Wages
    from reports.procedure import Procedure

    empty = Arrears(Wages(), Wages(), Advances())
    return Counted(Received(), Closure(), Wages(), Procedure(), empty)
