"""Advance payments (先行垫付) on the dashboard and in the case export: shown apart from the
wages recovered from employers, with a drill-down to the cases they were paid on."""

import csv
import io
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.http import QueryDict

from complaints.forms import CaseFilterForm
from complaints.selectors.lists import case_list_for
from complaints.services.advances import advance_record, advance_recovery_record
from config import clock
from reports.dashboard import build
from reports.periods import Period
from tests.reports.conftest import at

JANUARY = Period.month(at(2026, 1, 1).date())
QUERY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}


@pytest.fixture
def advanced(january, inspector, inspection_head):
    """600 advanced on the 23rd to the worker of G (open, registered on the 20th), 250 of it
    recovered from the employer on the 27th."""
    with clock.frozen_at(at(2026, 1, 23)):
        advance_record(
            complainant=january.g.complainants.get(),
            actor=inspector,
            source="emergency_fund",
            amount=Decimal("600.00"),
            paid_on=clock.today(),
            approved_by=inspection_head,
        )
    with clock.frozen_at(at(2026, 1, 27)):
        advance_recovery_record(
            case=january.g, actor=inspector, amount=Decimal("250"), recovered_on=clock.today()
        )
    return january


def _headline(board) -> dict:
    return {row.key: row.cells[1] for row in board.headline.rows}


def test_the_headline_keeps_advances_apart_from_wages_recovered(advanced, district, now):
    cells = _headline(build(district, JANUARY))
    assert cells["advanced"].value == Decimal("600.00")
    assert cells["advances_recovered"].value == Decimal("250.00")
    assert cells["wages"].value == Decimal("2400.00")  # A's 400 and B's 2,000 only


def test_the_advanced_figure_lists_the_cases_it_was_paid_on(advanced, supervisor, district, now):
    link = _headline(build(district, JANUARY))["advanced"].link
    query = QueryDict(urlparse(link).query)
    assert (query["advanced_from"], query["advanced_to"]) == ("2026-01-01", "2026-01-31")
    form = CaseFilterForm(query)
    assert form.is_valid(), form.errors
    listed = case_list_for(user=supervisor, filters=form.filters())
    assert list(listed.values_list("ticket", flat=True)) == [advanced.g.ticket]


@pytest.mark.parametrize(
    ("language", "advanced_label", "recovered_label"),
    [
        ("en", "Wages advanced (先行垫付)", "Advances recovered from employers"),
        ("zh-hans", "先行垫付工资", "已向用人单位追回的垫付款"),
    ],
)
def test_the_dashboard_page_names_them_in_both_languages(
    advanced, client, supervisor, district, now, language, advanced_label, recovered_label
):
    page = client
    page.force_login(supervisor)
    page.cookies["django_language"] = language
    response = page.get("/reports/", {"office": district.pk, **QUERY})
    html = response.content.decode()
    assert response.status_code == 200
    assert advanced_label in html
    assert recovered_label in html
    assert 'id="headline-advanced"' in html


def test_the_export_has_the_advances_beside_the_wages_recovered(advanced, client, supervisor, now):
    client.force_login(supervisor)
    response = client.post("/reports/exports/cases/", {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    advanced_at, recovered_at = header.index("Advanced"), header.index("Advance recovered")
    wages_at = header.index("Amount recovered")
    line = next(row for row in rows[1:] if row[0] == advanced.g.ticket)
    assert (line[advanced_at], line[recovered_at]) == ("600.00", "250.00")
    assert Decimal(line[wages_at]) == 0
