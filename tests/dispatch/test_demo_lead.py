"""The demo's lead case: a construction project's arrears along its chain of
responsibility, the order to pay addressed to the general contractor and served on it, the
workers paid before the pay-by date; every date counted back from the demo's today."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from complaints.models import Case, EventKind, PartyRole
from config import clock
from dispatch.demo_lead import (
    GENERAL_CONTRACTOR,
    LEAD_PROJECT,
    RECIPIENT,
    TEAM_LEADER,
    arrears_period,
)
from dispatch.models import RectificationOrder
from inspection.models import Service


@pytest.mark.django_db
def test_the_demo_seeds_the_lead_case_once(client):
    call_command("seed_demo", "--cases", "6", "--password", "x-test-pass-1", stdout=io.StringIO())
    assert Case.objects.count() == 6
    case = Case.objects.get(project__code=LEAD_PROJECT.code)
    assert case.is_construction
    roles = {party.role: party.display_name for party in case.parties.select_related("employer")}
    assert roles[PartyRole.GENERAL_CONTRACTOR] == GENERAL_CONTRACTOR[0]
    assert roles[PartyRole.TEAM_LEADER] == TEAM_LEADER[0]
    assert set(roles) == set(PartyRole.values)
    order = RectificationOrder.objects.get(case=case)
    assert order.addressee_role == "general_contractor"
    assert order.addressee_credit_code == GENERAL_CONTRACTOR[1]
    assert all(worker.recovered_amount == worker.owed_amount for worker in case.complainants.all())
    assert case.events.filter(kind=EventKind.PARTIES_RECORDED).count() == 1
    assert TEAM_LEADER[1] not in str(list(case.events.values_list("payload", flat=True)))

    call_command("seed_demo", "--cases", "6", "--password", "x-test-pass-1", stdout=io.StringIO())
    assert Case.objects.count() == 6


@pytest.mark.django_db
def test_the_lead_cases_order_is_served_and_paid_before_its_date(client):
    call_command("seed_demo", "--cases", "6", "--password", "x-test-pass-1", stdout=io.StringIO())
    case = Case.objects.get(project__code=LEAD_PROJECT.code)
    order = RectificationOrder.objects.get(case=case)
    document = case.documents.get(kind="rectification", number=order.number)
    service = Service.objects.get(document=document)
    today = clock.today()

    assert service.method == "in_person" and service.recipient == RECIPIENT
    assert service.served_on == today - timedelta(days=8)
    assert order.deadline is not None and order.is_complied  # its pay-by clock ran, met
    paid_on = {payment.paid_on for w in case.complainants.all() for payment in w.payments.all()}
    assert paid_on == {today - timedelta(days=5)} and max(paid_on) < order.pay_by
    assert order.pay_by == today - timedelta(days=2)
    first, last = arrears_period(timezone.localdate(case.registered_at))
    assert (case.arrears_from, case.arrears_to) == (first, last)
    assert f"{first.year}年{first.month}月" in case.description

    client.force_login(User.objects.get(username="inspector"))
    page = client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    served = f"Served {service.served_on.isoformat()} (In person)"
    assert order.number in page and served in page
    assert "Not served yet" not in page
