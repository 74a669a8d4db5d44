"""Smoke test of the benchmark harness (bench/): seed 1,000 cases, run each measurement once.

No timing is asserted (timings belong in bench/results, not in the unit tests): only that
the seed writes what it says and that every measurement returns numbers. PostgreSQL only,
as the seed loads with COPY. The HTTP parts of bench/run.py (gunicorn, Celery) are not
started here; their measurement functions are called in-process instead.
"""

from datetime import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import DocumentNumber
from bench import floor, measure
from bench.seeding.database import seed_database
from complaints.models import (
    AdvancePayment,
    Campaign,
    Case,
    CaseEvent,
    CaseParty,
    CaseViolation,
    Complainant,
    Employer,
    IssuedDocument,
    Project,
    TicketCounter,
)
from dispatch.models import Deadline, GroupCase, RectificationOrder, Referral
from inspection.models import Service, Step
from inspection.selectors import procedure_state
from reports.models import OrderMonth, ServiceMonth, StepMonth, SummaryState

SIZE = 1000

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the seed uses COPY"),
    # Committed, so the bare-insert floor's own connection sees the seed; the migrations'
    # data (roles, policies, calendar) is restored for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def seeded():
    # The look-up's rate limits count in the shared cache (Redis in CI): earlier runs'
    # look-ups must not refuse this run's.
    cache.clear()
    summary = seed_database(SIZE, seed=7, log=lambda *_args: None)
    return summary, measure.seed_meta()


def test_seed_then_every_measurement_once(seeded):
    """One test, one seed: the harness's smoke run stays well under two minutes."""
    summary, meta = seeded
    check_the_seed(summary, meta)
    check_the_procedure(summary, meta)
    check_the_dimensions(summary)
    check_every_measurement(meta)


def check_the_seed(summary, meta):
    assert Case.objects.count() == summary.cases == SIZE == meta["cases"]
    assert Complainant.objects.count() == summary.complainants > SIZE
    assert CaseEvent.objects.count() == summary.events >= 3 * SIZE
    assert Referral.objects.count() == summary.referrals >= SIZE * 0.95
    open_deadlines = Deadline.objects.filter(closed_at__isnull=True).count()
    assert open_deadlines == summary.open_deadlines
    assert 0.8 * SIZE < open_deadlines < 1.2 * SIZE
    assert len(summary.showcase_tickets) == 3
    showcase = Case.objects.get(ticket=summary.showcase_tickets[0])
    assert showcase.complainants.count() == 25 and showcase.events.count() == 100
    # Every path; "registered" is left out: a case stays registered for at most 10 days,
    # about half a case of 1,000 (5 of the 100 cases of the last 10 days at 10,000).
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses >= {"accepted", "in_progress", "resolved", "closed", "withdrawn"}
    last = Case.objects.order_by("-registered_at").first()
    counter = TicketCounter.objects.get(year=int(last.ticket.split("-")[1]))
    assert last.ticket.endswith(f"{counter.last_number:06d}")  # intake continues from here


def check_the_procedure(summary, meta):
    """The inspection procedure on a share of the filed cases, the showcase's in full."""
    assert Step.objects.count() == summary.steps > 0
    assert IssuedDocument.objects.count() == summary.documents > summary.steps
    assert Service.objects.count() == summary.services > 0
    assert RectificationOrder.objects.count() == summary.orders > 0
    filed = Case.objects.filter(accepted_at__isnull=False, category="wage_arrears").count()
    assert 0.1 * filed < summary.procedure_cases < 0.4 * filed
    showcase = Case.objects.get(ticket=meta["showcase_tickets"][0])
    state = procedure_state(showcase)
    kinds = {step.kind for step in state.steps}
    assert kinds >= {"filing", "inquiry_record", "handling_decision", "transfer", "police_answer"}
    assert kinds >= {"penalty_notice", "penalty_decision"} and state.served_orders
    # Numbers gap-free per office, kind and year, and the counters at the last one issued.
    for counter in DocumentNumber.objects.all():
        numbers = IssuedDocument.objects.filter(
            office=counter.office_id, kind=counter.kind, number__contains=f"〔{counter.year}〕"
        ).values_list("number", flat=True)
        issued = sorted(int(number.rsplit("第", 1)[1].rstrip("号")) for number in numbers)
        assert issued == list(range(1, counter.last + 1)), counter
    for order in RectificationOrder.objects.prefetch_related("lines")[:50]:
        assert sum(line.amount for line in order.lines.all()) == order.amount_ordered
        assert IssuedDocument.objects.filter(case=order.case_id, number=order.number).exists()


def check_the_dimensions(summary):
    """The wage-arrears dimensions: construction, migrant workers, industries, projects and
    their parties, violation categories, advances, group cases and campaigns."""
    construction = Case.objects.filter(is_construction=True)
    assert 0.2 * SIZE < construction.count() < 0.45 * SIZE
    assert construction.filter(category="wage_arrears").count() > construction.count() / 2
    workers = Complainant.objects.filter(case__category="wage_arrears")
    assert workers.filter(is_migrant_worker=True).count() > workers.count() / 2
    assert Employer.objects.exclude(industry="").count() > 0.7 * Employer.objects.count()
    assert Project.objects.count() == summary.projects > 0
    shared = Case.objects.values("project").filter(project__isnull=False)
    assert shared.annotate(n=Count("id")).filter(n__gt=1).exists()  # projects shared
    assert not Case.objects.filter(project__isnull=False, is_construction=False).exists()
    named = Case.objects.filter(project__isnull=False)
    assert not named.exclude(parties__role="general_contractor").exists()
    assert CaseParty.objects.filter(role="team_leader").exclude(person_name="").exists()
    per_case = Case.objects.annotate(n=Count("violations"))
    assert not per_case.filter(Q(n__lt=1) | Q(n__gt=3)).exists()
    wages = Case.objects.filter(category="wage_arrears")
    assert not wages.exclude(violations__category__code="wages_unpaid").exists()
    found = CaseViolation.objects.filter(found=True)
    assert found.exists() and not found.exclude(case__status="closed").exists()
    assert AdvancePayment.objects.count() == summary.advances
    heads = set(AdvancePayment.objects.values_list("approved_by__username", flat=True))
    assert heads <= {"inspectionhead", "inspectionhead2", "inspectionhead3", "depthead"}
    groups = Case.objects.filter(Q(workers_affected__gte=10) | Q(mass_incident_risk=True))
    assert GroupCase.objects.count() == summary.group_cases == groups.count() > 0
    assert Campaign.objects.count() == summary.campaigns >= 2
    assert Campaign.objects.filter(name__contains="冬季", starts_on__month=11).exists()


def check_every_measurement(meta):
    rebuilt = measure.stats_rebuild(meta)
    assert rebuilt["seconds"] > 0
    # The procedure's statistics are rebuilt with the summary (the dashboard's table).
    assert StepMonth.objects.exists() and OrderMonth.objects.exists()
    assert ServiceMonth.objects.exists()
    # The summary ends at the seed's day, whose last 15 minutes before 17:00 are live.
    state = SummaryState.objects.get()
    assert state.through.isoformat() == meta["today"]
    assert timezone.localtime(state.settled_until).strftime("%H:%M") == "16:45"
    assert state.settled_until == datetime.fromisoformat(rebuilt["settled_until"])
    targets = measure.page_targets(meta)
    clients: dict = {}

    def fetch(role, path):
        if role not in clients:
            clients[role] = Client()
            if role:
                clients[role].force_login(measure.user(role))
        return clients[role].get(path).status_code

    for target in targets:
        queries = measure.count_queries(target)
        timing = measure.time_page(fetch, target, repeat=2)
        if target.path is None:  # a page not built yet: reported, not failed
            assert queries == timing == {"available": False}
            continue
        assert queries["status"] == 200, target
        assert queries["queries"] > 0
        assert timing["p95_ms"] >= timing["p50_ms"] > 0

    due = measure.sweep_with_due(meta)
    assert due["due"] > 0 and due["open"] > due["due"] and due["seconds"] > 0
    assert measure.sweep_none_due(meta)["seconds"] > 0
    assert measure.open_deadline_counts(meta) == {"open": due["open"], "due": due["due"]}
    assert measure.vacuum_after_probes()["seconds"] >= 0

    api = APIClient()
    api.force_authenticate(measure.user("window"))
    response = api.post("/api/v1/cases/", measure.api_body(1), format="json")
    assert response.status_code == 201, response.content
    url = "postgresql://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)
    with floor.open_connection(url) as bare:
        assert floor.insert_one_case(bare, 2).startswith("YC-")

    export = measure.export_cases_xlsx(rows_wanted=200)
    if export["available"]:
        assert export["rows"] > 0 and export["seconds"] > 0 and export["peak_rss_mb"] > 0
