"""The dashboard narrowed to a wage-arrears dimension: every figure counts only the cases
of the filter (read from the summary's construction key, or counted from the rows); for a
yes/no dimension the two halves add up to the whole, and every drill-down link carries the
filter to the case list."""

import re
from datetime import date
from html import unescape

import pytest

from complaints.services.dimensions import case_set_dimensions
from reports.dashboard import build
from reports.periods import Period
from reports.summary import stats_rebuild

SEASON = Period(date(2025, 12, 1), date(2026, 2, 10))
# Figures that add up over cases (shares, medians and changes do not).
ADDITIVE = {
    ("headline", "cases"),
    ("headline", "open"),
    ("headline", "closed"),
    ("headline", "late"),
    ("headline", "wages"),
    ("headline", "workers"),
    ("headline", "overdue"),
    ("arrears", "received"),
    ("arrears", "closed"),
    ("arrears", "wages"),
    ("arrears", "workers"),
    ("arrears", "migrant_workers"),
    ("arrears", "followups"),
}


@pytest.fixture
def split(january, supervisor):
    """January's case b (paid 2,000, closed) is a construction case, a (paid 400) is not."""
    worker = january.b.complainants.get()
    case_set_dimensions(
        case=january.b,
        actor=supervisor,
        is_construction=True,
        mass_incident_risk=False,
        migrant_worker_ids={worker.pk},
    )
    return january


def values(board) -> dict:
    return {
        (table.key, row.key): row.cells[2 if table.key == "arrears" else 1].value
        for table in [board.headline, *board.tables]
        for row in table.rows
        if (table.key, row.key) in ADDITIVE
    }


@pytest.mark.parametrize("rebuilt", [False, True])
def test_construction_and_the_rest_add_up_to_the_whole(split, district, now, rebuilt):
    if rebuilt:
        stats_rebuild()  # the whole and both halves read the summary
    whole = values(build(district, SEASON))
    built = values(build(district, SEASON, dimensions={"construction": "yes"}))
    rest = values(build(district, SEASON, dimensions={"construction": "no"}))
    assert set(whole) == ADDITIVE
    for key in ADDITIVE:
        assert (built[key] or 0) + (rest[key] or 0) == (whole[key] or 0), key
    assert built[("headline", "wages")] == 2000
    assert built[("headline", "cases")] == 1
    assert built[("arrears", "migrant_workers")] == 1


def test_narrowed_to_construction_the_summary_is_read_until_the_next_rebuild(
    split, district, supervisor, now
):
    """A change to an ended day shows after the next rebuild, narrowed as unnarrowed: the
    construction half is read from the summary's key, not counted from the rows."""
    stats_rebuild()
    narrowed = {"construction": "yes"}
    assert values(build(district, SEASON, dimensions=narrowed))[("headline", "cases")] == 1
    worker = split.b.complainants.get()
    case_set_dimensions(
        case=split.b,
        actor=supervisor,
        is_construction=False,
        mass_incident_risk=False,
        migrant_worker_ids={worker.pk},
    )
    assert values(build(district, SEASON, dimensions=narrowed))[("headline", "cases")] == 1
    stats_rebuild()
    assert values(build(district, SEASON, dimensions=narrowed))[("headline", "cases")] == 0


def test_consultations_have_no_dimension_and_count_none(split, district, now):
    board = build(district, SEASON, dimensions={"construction": "yes"})
    rows = {row.key: row.cells[1].value for row in board.headline.rows}
    assert rows["consultations"] == 0
    assert build(district, SEASON).headline.rows  # and the whole still has them


def test_every_drill_down_link_carries_the_filter(split, client, supervisor, district, now):
    client.force_login(supervisor)
    query = {
        "office": district.pk,
        "date_from": "2025-12-01",
        "date_to": "2026-02-10",
        "construction": "yes",
    }
    response = client.get("/reports/", query)
    assert response.status_code == 200
    links = [
        unescape(link) for link in re.findall(r'href="(/cases/\?[^"]+)"', response.content.decode())
    ]
    assert links and all("construction=yes" in link for link in links)
    wages = next(link for link in links if "paid_from" in link)
    listed = client.get(wages).content.decode()
    assert split.b.ticket in listed and split.a.ticket not in listed


def test_an_unknown_category_is_refused_and_nothing_is_counted(client, supervisor, district, now):
    client.force_login(supervisor)
    response = client.get("/reports/", {"office": district.pk, "violation": "no-such"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
