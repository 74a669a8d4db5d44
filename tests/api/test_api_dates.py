"""Every date the API takes in, at the calendar's edges and malformed: a 400, never a 500.

Python's dates run from year 1 to 9999, but the day after 9999-12-31 does not exist and
midnight of 0001-01-01 in Asia/Shanghai is year 0 in UTC. The range the API admits is
complaints/dates.py; the longest statistics period is reports/periods.py, one rule for
the dashboard and GET stats/summary/. The pages' twin is tests/test_date_edges.py.
"""

from datetime import date, timedelta

import pytest
from django.apps import apps

from complaints import services
from complaints.models import Status
from reports import periods
from reports.forms import DashboardForm

STATS = "/api/v1/stats/summary/"
BAD_DAYS = ["0001-01-01", "9999-12-31", "0000-01-01", "3000-01-01", "2026-02-30", "not-a-date"]
CLOSE_BODY = {
    "outcome": "paid_in_full",
    "followup_method": "phone",
    "followup_result": "已拿到工资",
    "satisfaction": "satisfied",
}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def resolved(register_case, inspector, inspection_head):
    case = services.case_accept(case=register_case(), actor=inspection_head)
    for step in (services.case_start, services.case_resolve):
        case = step(case=case, actor=inspector)
    return case


# (user, method, path, the field the error names, the request for a value)
ENTRIES = {
    "stats from": ("supervisor", "get", lambda r, v: (STATS, {"from": v}), "from"),
    "stats to": ("supervisor", "get", lambda r, v: (STATS, {"to": v}), "to"),
    "cases registered_from": (
        "inspector",
        "get",
        lambda r, v: ("/api/v1/cases/", {"registered_from": v}),
        "registered_from",
    ),
    "cases registered_to": (
        "inspector",
        "get",
        lambda r, v: ("/api/v1/cases/", {"registered_to": v}),
        "registered_to",
    ),
    "due date start": (
        "inspector",
        "get",
        lambda r, v: ("/api/v1/due-date/", {"policy": "inspection.accept", "start": v}),
        "start",
    ),
    "close follow-up time": (
        "inspector",
        "post",
        lambda r, v: (
            f"/api/v1/cases/{r.getfixturevalue('resolved').ticket}/close/",
            {**CLOSE_BODY, "followup_at": f"{v}T00:00:00+08:00"},
        ),
        "followup_at",
    ),
}


@pytest.mark.parametrize("value", BAD_DAYS)
@pytest.mark.parametrize("entry", ENTRIES)
def test_the_api_refuses_a_date_out_of_range_and_writes_nothing(
    db, request, api_client, assert_error, entry, value
):
    user, method, build, field = ENTRIES[entry]
    client = api_client(request.getfixturevalue(user))
    path, data = build(request, value)
    before = row_counts()
    if method == "post":
        response = client.post(path, data, format="json")
    else:
        response = client.get(path, data)
    error = assert_error(response, 400, "invalid")
    assert field in error["fields"]
    assert row_counts() == before


def test_a_case_closed_by_api_at_year_one_stays_resolved(
    api_client, assert_error, inspector, resolved
):
    client = api_client(inspector)
    body = {**CLOSE_BODY, "followup_at": "0001-01-01T00:00:00+08:00"}
    response = client.post(f"/api/v1/cases/{resolved.ticket}/close/", body, format="json")
    assert_error(response, 400, "invalid")
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED


@pytest.mark.parametrize(
    ("first", "last"), [("1900-01-01", "1900-12-31"), ("2997-01-01", "2999-12-31")]
)
def test_the_stats_answer_at_the_edges_of_the_range(api_client, supervisor, first, last):
    response = api_client(supervisor).get(STATS, {"from": first, "to": last})
    assert response.status_code == 200, response.content[:500]
    assert (response.json()["from"], response.json()["to"]) == (first, last)


def test_the_case_list_filters_at_the_edges_of_the_range(api_client, inspector, register_case):
    register_case()
    response = api_client(inspector).get(
        "/api/v1/cases/", {"registered_from": "1900-01-01", "registered_to": "2999-12-31"}
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


# --- The longest period: one rule for the dashboard and the API -------------------------

START = date(2026, 1, 1)


def test_a_stats_period_longer_than_three_years_is_a_400(api_client, assert_error, supervisor):
    client = api_client(supervisor)
    longest = START + timedelta(days=periods.MAX_PERIOD_DAYS)
    ok = client.get(STATS, {"from": START.isoformat(), "to": longest.isoformat()})
    assert ok.status_code == 200
    too_long = START + timedelta(days=periods.MAX_PERIOD_DAYS + 1)
    response = client.get(STATS, {"from": START.isoformat(), "to": too_long.isoformat()})
    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {"to": ["Choose a period of at most three years."]}


def dashboard_errors(user, office, first: date, last: date) -> list[str]:
    data = {"office": office.pk, "date_from": first.isoformat(), "date_to": last.isoformat()}
    form = DashboardForm(data, user=user)
    return [] if form.is_valid() else form.errors["date_to"]


def api_errors(client, first: date, last: date) -> list[str]:
    response = client.get(STATS, {"from": first.isoformat(), "to": last.isoformat()})
    if response.status_code == 200:
        return []
    assert response.status_code == 400
    return response.json()["error"]["fields"]["to"]


@pytest.mark.parametrize("limit", [periods.MAX_PERIOD_DAYS, 30])
def test_the_dashboard_and_the_api_apply_the_same_period_rule(
    api_client, supervisor, district, monkeypatch, limit
):
    """Whatever reports/periods.py allows, both allow; whatever it refuses, both refuse
    with the same message (a limit changed there changes both)."""
    monkeypatch.setattr(periods, "MAX_PERIOD_DAYS", limit)
    client = api_client(supervisor)
    for days in (0, limit, limit + 1, 4000, -1):
        last = START + timedelta(days=days)
        from_the_page = dashboard_errors(supervisor, district, START, last)
        assert api_errors(client, START, last) == from_the_page, days
        assert bool(from_the_page) == (days < 0 or days > limit), days
