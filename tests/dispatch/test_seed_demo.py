"""`seed_demo`: demo accounts that log in, idempotent re-runs, cases in every stage."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, Q
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Office, User
from accounts.roles import Role
from complaints.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    Channel,
    Consultation,
    Employer,
    Status,
)
from config import clock

PASSWORD = "x-test-pass-1"
DEMO_ROLES = {
    "window": Role.WINDOW,
    "inspector": Role.INSPECTOR,
    "deskofficer": Role.DESK_OFFICER,
    "supervisor": Role.SUPERVISOR,
    "depthead": Role.DEPARTMENT_HEAD,
    "arbchair": Role.ARBITRATION_CHAIR,
    "admin": Role.ADMINISTRATOR,
}


def seed(cases: int = 40) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--cases", str(cases), "--password", PASSWORD, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (User, Office, Case, Employer, Consultation, CaseEvent)
    return {model.__name__: model.objects.count() for model in models}


# Seeding runs the real services for every case, so each test seeds once or twice only.


@pytest.mark.django_db
def test_seed_builds_accounts_offices_and_cases_in_every_stage():
    output = seed()
    assert PASSWORD in output
    assert_demo_accounts_log_in(PASSWORD)
    assert_offices()
    assert_cases_cover_channels_and_stages()
    assert_case_timelines()


@pytest.mark.django_db
def test_rerun_creates_no_duplicates_resets_accounts_and_tops_up():
    seed()
    before = counts()
    seals = dict(Office.objects.values_list("code", "seal"))
    assert before["Case"] == 40
    window = User.objects.get(username="window")
    window.set_password("changed-by-someone")
    window.save()
    window.groups.clear()

    seed()

    assert counts() == before
    assert dict(Office.objects.values_list("code", "seal")) == seals  # the same seal files
    assert_demo_accounts_log_in(PASSWORD)
    seed(cases=45)
    assert Case.objects.count() == 45
    assert_case_timelines()


def login_request():
    """A login comes with its request: the lockout counts failures per user and address."""
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR="127.0.0.1")


def assert_demo_accounts_log_in(password: str):
    for username, role in DEMO_ROLES.items():
        user = authenticate(login_request(), username=username, password=password)
        assert user is not None, username
        assert set(user.groups.values_list("name", flat=True)) == {role}
        assert user.first_name and user.last_name
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert admin.office.code == "city"
    assert User.objects.get(username="window").office.code == "xiling"
    assert authenticate(login_request(), username="window", password="wrong") is None


def assert_offices():
    city = Office.objects.get(code="city")
    assert city.level == Office.Level.CITY and city.phone == "0717-6221234"
    districts = Office.objects.filter(parent=city)
    assert districts.count() == 3
    assert all(office.phone for office in districts)
    # Each office's legal identity: decisions in the district bureau's name, not the brigade's.
    xiling = Office.objects.get(code="xiling")
    assert xiling.acting_body_name == "宜昌市西陵区人力资源和社会保障局"
    assert (xiling.review_body, xiling.court) == ("宜昌市西陵区人民政府", "宜昌市西陵区人民法院")
    assert city.document_prefix == "宜人社监" and xiling.document_prefix == "西人社监"
    # A specimen seal (样章) per office, in its acting body's name: no demo print passes for real.
    for office in Office.objects.all():
        with office.seal.open("rb") as seal:
            svg = seal.read().decode()
        assert svg.startswith("<svg") and office.acting_body_name in svg
        assert "样章 SPECIMEN" in svg and "<polygon" in svg  # the mark across it, the star
    for case in Case.objects.filter(status=Status.NOT_ACCEPTED):
        prefix = case.responsible_office.document_prefix
        assert case.not_accepted_notice.startswith(f"{prefix}不受字〔")


def assert_cases_cover_channels_and_stages():
    assert set(Case.objects.values_list("channel", flat=True)) == set(Channel.values)
    statuses = set(Case.objects.values_list("status", flat=True))
    assert Status.REGISTERED in statuses
    assert statuses & {Status.ACCEPTED, Status.IN_PROGRESS}
    assert Status.CLOSED in statuses
    for case in Case.objects.filter(status=Status.CLOSED):
        assert case.outcome_id is not None
        assert case.followup_satisfaction and case.followup_result
        assert case.registered_at <= case.followup_at <= case.closed_at
    # A filed case ends on a withdrawal only by the head's 撤销立案, after the request.
    for case in Case.objects.filter(status=Status.WITHDRAWN, accepted_at__isnull=False):
        kinds = set(case.events.values_list("kind", flat=True))
        assert case.outcome.code == "filing_cancelled", case.ticket
        assert {"withdrawal_requested", "filing_cancelled"} <= kinds and "withdraw" not in kinds


def assert_case_timelines():
    """Every case starts with its registration; nothing is in the future or out of order."""
    now = clock.now()
    without = Case.objects.annotate(
        registrations=Count("events", filter=Q(events__kind="registered"))
    ).filter(registrations=0)
    assert not without.exists()
    assert not Case.objects.filter(registered_at__gt=now).exists()
    assert not CaseEvent.objects.filter(created_at__gt=now).exists()
    for case in Case.objects.prefetch_related("events"):
        times = [event.created_at for event in case.events.all()]
        assert times == sorted(times)
        assert times[0] == case.registered_at


@pytest.mark.django_db
def test_demo_cases_are_routed_to_desks_with_deadlines():
    from dispatch.models import Deadline, Desk, Referral

    call_command("seed_demo", "--cases", "30", "--password", PASSWORD, stdout=io.StringIO())
    assert Desk.objects.filter(members__username="inspector", kind="inspection").exists()
    assert not Case.objects.filter(routing_state="pending").exists()
    open_cases = Case.objects.filter(status__in=["registered", "accepted", "in_progress"])
    assert all(Referral.objects.filter(case=case).exists() for case in open_cases)
    resolved_or_closed = Case.objects.filter(status__in=["resolved", "closed"])
    for case in resolved_or_closed:
        assert not case.referrals.filter(status__in=["pending", "accepted", "in_progress"]).exists()
    assert Deadline.objects.filter(policy__code="inspection.investigate").exists()


# --- The demo agrees with itself the moment it is seeded -------------------------------

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Wednesday in office hours: the seeded history and the sweeps then fall on days the
# holiday calendar knows, whatever the date the tests run on.
SEEDED_AT = datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)
OFFICERS = ("inspector", "inspector2", "inspector3", "deskofficer", "supervisor")
# A realistic mix: a few rows overdue, by days or a few weeks, never by months.
MOST_OVERDUE_WORKING_DAYS = 30


def every_row(client, url: str) -> list:
    """The rows of every page of a list, as the page shows them (with their clocks)."""
    rows, number = [], 1
    while True:
        response = client.get(f"{url}{'&' if '?' in url else '?'}page={number}")
        assert response.status_code == 200, url
        page = response.context["page"]
        rows += list(page.object_list)
        if not page.has_next():
            return rows
        number += 1


def headline_figure(board, key: str):
    row = next(row for row in board.headline.rows if row.key == key)
    return row.cells[1].value


def officer_figures(board) -> dict[str, tuple[int, int]]:
    """Officer name -> (open referrals, overdue) from the dashboard's workload table."""
    table = next(table for table in board.tables if table.key == "officers")
    return {row.cells[0].value: (row.cells[1].value, row.cells[2].value) for row in table.rows}


@pytest.mark.django_db
def test_the_demo_agrees_with_itself_the_moment_it_is_seeded(client):
    """The dashboard counts the overdue marks the chase sweep sets; the lists compute
    overdue from the due dates. Right after seeding, before beat has run anything, both
    must tell the same story, and ended cases must have no desk work left running."""
    from dispatch.models import OPEN_REFERRAL_STATUSES, Deadline, Referral

    with time_machine.travel(SEEDED_AT, tick=True):
        seed(cases=60)

        open_rows, overdue_cases = {}, set()
        for username in OFFICERS:
            client.force_login(User.objects.get(username=username))
            mine = every_row(client, reverse("dispatch:my_cases"))
            queue = every_row(client, reverse("dispatch:desk_queue"))
            open_rows[username] = mine
            overdue_cases |= {row.case_id for row in [*mine, *queue] if row.clock.overdue}
        client.force_login(User.objects.get(username="admin"))
        board = client.get(reverse("reports:dashboard")).context["board"]
        listed = every_row(client, board.overdue_link)

    assert board.office.code == "city"
    assert overdue_cases, "the demo shows some overdue work"
    assert headline_figure(board, "overdue") == len(overdue_cases)
    assert {case.pk for case in listed} == overdue_cases
    workload = officer_figures(board)
    for username, rows in open_rows.items():
        user = User.objects.get(username=username)
        overdue = sum(row.clock.overdue for row in rows)
        assert workload.get(user.last_name + user.first_name, (0, 0)) == (len(rows), overdue)

    everything = [row for rows in open_rows.values() for row in rows]
    late = [row.clock.overdue_days for row in everything if row.clock.overdue]
    assert max(late) <= MOST_OVERDUE_WORKING_DAYS
    assert len(late) * 4 <= len(everything), "most work is on time"
    ended = Case.objects.exclude(status__in=OPEN_STATUSES)
    assert not Referral.objects.filter(case__in=ended, status__in=OPEN_REFERRAL_STATUSES).exists()
    assert not Deadline.objects.filter(referral__case__in=ended, closed_at__isnull=True).exists()
