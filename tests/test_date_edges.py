"""Every date a page takes in, at the calendar's edges and malformed: never a server error.

Python's dates run from year 1 to 9999, but the day after 9999-12-31 does not exist and
midnight of 0001-01-01 in Asia/Shanghai is year 0 in UTC. Each date parameter and date
field of the pages is sent such dates; the page must refuse them (a 4xx, or the page
again with the error shown), and nothing may be written. The API's twin is
tests/api/test_api_dates.py; the range itself is complaints/dates.py.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import pytest
from django.apps import apps
from django.http import QueryDict

from complaints import services
from complaints.models import DeskKind, Outcome
from config import clock
from dispatch import services as dispatch
from dispatch.models import Desk, FilterPage

# Out of the range, impossible, or not a date at all.
BAD_DAYS = ["0001-01-01", "9999-12-31", "0000-01-01", "3000-01-01", "2026-02-30", "not-a-date"]
BAD_MONTHS = ["0001-01", "9999-12", "0000-01", "2026-13"]

CASE_LIST_DATES = [
    "date_from",
    "date_to",
    "closed_from",
    "closed_to",
    "work_from",
    "work_to",
    "referred_from",
    "referred_to",
    "paid_from",
    "paid_to",
]


class World:
    """The state an entry needs, built through the services on first use: a case routed to
    the inspection desk and accepted by its inspector (open: payments, supervision, an
    order to pay), and a resolved case (to close), filed by the head of the inspection body."""

    def __init__(self, *, register_case, office, supervisor, inspector, head):
        self.register_case, self.office = register_case, office
        self.supervisor, self.inspector, self.head = supervisor, inspector, head

    @cached_property
    def case(self):
        desk = Desk.objects.get_or_create(office=self.office, kind=DeskKind.INSPECTION)[0]
        desk.members.add(self.inspector)
        case = self.register_case()
        referral = dispatch.case_route(case_id=case.pk)[0]
        dispatch.referral_accept(referral=referral, actor=self.inspector)
        return case

    @cached_property
    def worker(self):
        return self.case.complainants.get()

    @cached_property
    def resolved(self):
        case = services.case_accept(case=self.register_case(), actor=self.head)
        for step in (services.case_start, services.case_resolve):
            case = step(case=case, actor=self.inspector)
        return case


@pytest.fixture
def world(register_case, district, supervisor, inspector, inspection_head) -> World:
    return World(
        register_case=register_case,
        office=district,
        supervisor=supervisor,
        inspector=inspector,
        head=inspection_head,
    )


@dataclass(frozen=True)
class Entry:
    """One date a page takes in: who sends it, and the request that carries `value`."""

    user: str
    method: str
    request: object  # (world, value) -> (path, data)
    future: bool = False  # a sensible value lies after today (a date to report or pay by)


def _period(field: str, path: str = "/reports/", **extra):
    def request(world, value):
        today = clock.today()
        period = {"date_from": today - timedelta(days=30), "date_to": today, field: value}
        return path, {"office": world.office.pk, **period, **extra}

    return request


def _query(**values) -> str:
    query = QueryDict(mutable=True)
    query.update(values)
    return query.urlencode()


ENTRIES = {
    **{
        f"case list {name}": Entry("supervisor", "get", lambda w, v, n=name: ("/cases/", {n: v}))
        for name in CASE_LIST_DATES
    },
    "dashboard from": Entry("supervisor", "get", _period("date_from")),
    "dashboard to": Entry("supervisor", "get", _period("date_to")),
    "dashboard export from": Entry(
        "supervisor", "get", _period("date_from", "/reports/export/", format="xlsx")
    ),
    "dashboard export to": Entry(
        "supervisor", "get", _period("date_to", "/reports/export/", format="xlsx")
    ),
    "case export": Entry(
        "supervisor",
        "post",
        lambda w, v: ("/reports/exports/cases/", {"format": "csv", "query": _query(date_from=v)}),
    ),
    "saved filter": Entry(
        "supervisor",
        "post",
        lambda w, v: (
            "/work/filters/",
            {"page": FilterPage.CASE_LIST, "name": "edge", "query": _query(closed_to=v)},
        ),
    ),
    "deadline calculator": Entry(
        "inspector",
        "get",
        lambda w, v: ("/deadlines/calculator/", {"policy": "inspection.accept", "start": v}),
    ),
    "payment paid on": Entry(
        "inspector",
        "post",
        lambda w, v: (
            f"/cases/{w.case.ticket}/payments/",
            {"complainant": w.worker.pk, "amount": "100", "paid_on": v},
        ),
    ),
    "supervision report by": Entry(
        "supervisor",
        "post",
        lambda w, v: (
            f"/cases/{w.case.ticket}/supervision/start/",
            {"supervision-instructions": "督促调查", "supervision-report_by": v},
        ),
        future=True,
    ),
    "order pay by": Entry(
        "inspector",
        "post",
        lambda w, v: (
            f"/cases/{w.case.ticket}/order/",
            {
                "order-findings": "查实拖欠工资",
                "order-amount_found": "5000",
                "order-addressee_role": "employer",
                f"order-line_{w.worker.pk}": "5000",
                "order-second_inspector": w.head.pk,
                "order-pay_by": v,
            },
        ),
        future=True,
    ),
    "close follow-up time": Entry(
        "inspector",
        "post",
        lambda w, v: (
            f"/cases/{w.resolved.ticket}/actions/close/",
            {
                "close-outcome": Outcome.objects.get(code="paid_in_full").pk,
                "close-followup_at": f"{v}T00:00",  # midnight: year 0 in UTC
                "close-followup_method": "phone",
                "close-followup_result": "已拿到工资",
                "close-satisfaction": "satisfied",
            },
        ),
    ),
}
MONTH_ENTRIES = {
    "monthly return": "/reports/monthly/",
    "monthly return workbook": "/reports/monthly/xlsx/",
}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def shows_an_error(html: str) -> bool:
    return 'role="alert"' in html or "message error" in html


def refused(client, method: str, path: str, data: dict):
    """Send the request; assert it was refused without a server error and return the
    page the user ends on."""
    response = getattr(client, method)(path, data)
    assert response.status_code < 500, response.content[:500]
    if response.status_code in (301, 302):  # small forms go back to the case with a message
        response = client.get(response["Location"])
        assert response.status_code == 200
        assert "message error" in response.content.decode()
    return response


@pytest.mark.parametrize("value", BAD_DAYS)
@pytest.mark.parametrize("entry", ENTRIES)
def test_a_page_refuses_a_date_out_of_range_and_writes_nothing(client, world, entry, value):
    entry = ENTRIES[entry]
    client.force_login(getattr(world, entry.user))
    path, data = entry.request(world, value)  # builds the state first
    before = row_counts()
    response = refused(client, entry.method, path, data)
    assert row_counts() == before
    assert response.status_code in (200, 400)
    if response.status_code == 200:  # the page again, with the error next to the field
        assert shows_an_error(response.content.decode())


@pytest.mark.parametrize("entry", ENTRIES)
def test_the_same_request_with_a_sensible_date_is_taken(client, world, entry):
    """The refusals above are the date's: with a sensible date the page does its work."""
    entry = ENTRIES[entry]
    client.force_login(getattr(world, entry.user))
    today = clock.today()
    value = today + timedelta(days=7) if entry.future else today - timedelta(days=1)
    path, data = entry.request(world, value.isoformat())
    before = row_counts()
    response = getattr(client, entry.method)(path, data)
    assert response.status_code in (200, 302), response.content[:500]
    if response.status_code == 302:  # the form's work is done: something was written
        assert row_counts() != before
        response = client.get(response["Location"])
        assert "message success" in response.content.decode()
    elif response["Content-Type"].startswith("text/html"):
        assert not shows_an_error(response.content.decode())


@pytest.mark.parametrize("value", BAD_MONTHS)
@pytest.mark.parametrize("path", MONTH_ENTRIES.values(), ids=MONTH_ENTRIES)
def test_the_monthly_return_refuses_a_month_out_of_range(client, world, path, value):
    client.force_login(world.supervisor)
    before = row_counts()
    response = client.get(path, {"office": world.office.pk, "month": value})
    assert response.status_code == 400
    assert row_counts() == before


@pytest.mark.parametrize(
    ("first", "last"), [("1900-01-01", "1900-12-31"), ("2997-01-01", "2999-12-31")]
)
def test_the_dashboard_answers_at_the_edges_of_the_range(client, world, first, last):
    client.force_login(world.supervisor)
    response = client.get(
        "/reports/", {"office": world.office.pk, "date_from": first, "date_to": last}
    )
    assert response.status_code == 200
    assert 'id="table-headline"' in response.content.decode()


@pytest.mark.parametrize("name", CASE_LIST_DATES)
@pytest.mark.parametrize("value", ["1900-01-01", "2999-12-31"])
def test_the_case_list_filters_at_the_edges_of_the_range(client, world, name, value):
    client.force_login(world.supervisor)
    response = client.get("/cases/", {name: value})
    assert response.status_code == 200
    assert not shows_an_error(response.content.decode())
