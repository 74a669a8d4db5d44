"""The demo's lead case: a construction project's arrears along its chain of
responsibility, the order to pay addressed to the general contractor, the workers paid."""

import io

import pytest
from django.core.management import call_command

from complaints.models import Case, EventKind, PartyRole
from dispatch.demo_lead import GENERAL_CONTRACTOR, LEAD_PROJECT, TEAM_LEADER
from dispatch.models import RectificationOrder


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
