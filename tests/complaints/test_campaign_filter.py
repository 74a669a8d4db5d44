"""The case list's `campaign` filter (complaints/selectors/campaigns.py): a campaign holds
the cases of its scope (its offices with those below them, all when none; construction
cases only when it says so) registered in its period, or registered earlier and still
handled in it.

The spring campaign runs from 2026-03-02 to 2026-03-31 at the West District; "now" is
2026-04-10.
"""

from datetime import date
from types import SimpleNamespace

import pytest

from complaints import services
from complaints.forms import CaseFilterForm
from complaints.models import Campaign, DeskKind
from complaints.selectors.lists import case_list_for
from config import clock
from dispatch import services as dispatch
from dispatch.models import Desk
from tests.reports.conftest import accept_and_start, at, close

NOW = at(2026, 4, 10)


@pytest.fixture
def spring(register_case, window, east_window, inspector, inspection_head, district):
    Desk.objects.create(office=district, kind=DeskKind.INSPECTION).members.add(inspector)
    campaign = Campaign.objects.create(
        name="春季专项行动", starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 31)
    )
    campaign.offices.add(district)

    def closed_case(registered, closed):
        with clock.frozen_at(registered):
            case = register_case()
            (referral,) = dispatch.case_route(case_id=case.pk)
        case = accept_and_start(case, referral, inspector, registered, head=inspection_head)
        return close(case, referral, inspector, closed)

    cases = SimpleNamespace(campaign=campaign)
    cases.closed_in = closed_case(at(2026, 2, 10), at(2026, 3, 3))
    cases.closed_before = closed_case(at(2026, 2, 11), at(2026, 2, 25))
    with clock.frozen_at(at(2026, 2, 12)):
        cases.withdrawn_before = register_case()
        services.case_withdraw(case=cases.withdrawn_before, actor=window, reason="已协商")
    with clock.frozen_at(at(2026, 2, 20)):
        cases.open_before = register_case()
    with clock.frozen_at(at(2026, 3, 5)):
        cases.registered_in = register_case()
        cases.east_in = register_case(actor=east_window, is_construction=True)
    with clock.frozen_at(at(2026, 4, 2)):
        cases.after = register_case(is_construction=True)
    return cases


def listed(user, **query) -> set[str]:
    form = CaseFilterForm(query)
    assert form.is_valid(), form.errors
    with clock.frozen_at(NOW):
        return {case.ticket for case in case_list_for(user=user, filters=form.filters())}


def tickets(cases, *names) -> set[str]:
    return {getattr(cases, name).ticket for name in names}


def test_the_campaign_holds_its_offices_cases_registered_or_handled_in_its_period(
    administrator, spring
):
    found = listed(administrator, campaign=spring.campaign.pk)
    assert found == tickets(spring, "registered_in", "open_before", "closed_in")


def test_with_the_registration_days_only_those_registered_in_them(administrator, spring):
    found = listed(
        administrator, campaign=spring.campaign.pk, date_from="2026-03-01", date_to="2026-03-31"
    )
    assert found == tickets(spring, "registered_in")


def test_a_campaign_of_all_offices_for_construction_cases_only(administrator, spring):
    construction = Campaign.objects.create(
        name="工程建设领域专项行动",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 31),
        construction_only=True,
    )
    assert listed(administrator, campaign=construction.pk) == tickets(spring, "east_in")


def test_the_filter_keeps_to_what_the_user_may_see(inspector, spring):
    """A campaign of all offices: the West District's inspector sees only its cases."""
    everywhere = Campaign.objects.create(
        name="全市专项行动", starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 31)
    )
    found = listed(inspector, campaign=everywhere.pk)
    assert found == tickets(spring, "registered_in", "open_before", "closed_in")


def test_an_unknown_campaign_is_refused(db):
    form = CaseFilterForm({"campaign": "999999"})
    assert not form.is_valid() and "campaign" in form.errors
