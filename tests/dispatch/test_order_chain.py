"""The order to correct addressed to a party of the case's project: the form offers the
organisations of its chain of responsibility and takes the chosen one's role, name and
credit code; an order to a subcontractor cites the general provisions only.

The case is routed on 2026-03-02 and accepted on 03-04; the order is issued on 03-04.
"""

from datetime import date
from decimal import Decimal

import pytest
from dispatch_steps import at

from complaints import services as complaints_services
from complaints.models import PartyRole
from complaints.services import ComplainantData
from complaints.services.chain import PartyData, ProjectData, case_record_chain
from dispatch import services
from dispatch.forms.supervision import RectificationOrderForm
from dispatch.models import RectificationOrder
from dispatch.order_text import BASE_PROVISIONS, order_provisions

GENERAL = "宜昌城建集团有限公司"
GENERAL_CODE = "91420500MA4F0XXX1A"
SUBCONTRACTOR = "宜昌某某劳务有限公司"


@pytest.fixture
def case(register_case, officer, inspection_head, supervisor):
    """A construction case with its chain recorded, accepted by the inspection desk."""
    with at(3, 2):
        case = register_case(
            is_construction=True,
            complainants=[
                ComplainantData(name="张三", phone="13800138000", owed_amount=Decimal("5000"))
            ],
        )
        case_record_chain(
            case=case,
            actor=officer,
            project=ProjectData(name="滨江花园二期"),
            parties=[
                PartyData(
                    role=PartyRole.GENERAL_CONTRACTOR, name=GENERAL, credit_code=GENERAL_CODE
                ),
                PartyData(role=PartyRole.SUBCONTRACTOR, name=SUBCONTRACTOR),
                PartyData(role=PartyRole.TEAM_LEADER, name="王五"),
            ],
        )
        referral = services.case_route(case_id=case.pk)[0]
    with at(3, 4):
        services.referral_accept(referral=referral, actor=officer)
        complaints_services.case_accept(case=case, actor=inspection_head)
    return case


def order_form(case, second, party) -> dict:
    worker = case.complainants.get()
    return {
        "order-findings": "查实拖欠工资",
        "order-amount_found": "5000.00",
        "order-pay_by": "2026-03-13",
        "order-second_inspector": str(second.pk),
        "order-addressee_role": "employer",
        "order-party": str(party.pk),
        f"order-line_{worker.pk}": "5000.00",
    }


def test_the_form_offers_the_organisations_of_the_chain(case, officer):
    form = RectificationOrderForm(case=case, office=officer.office, actor=officer)
    offered = [str(label) for _value, label in form.fields["party"].choices if _value]
    assert offered == [
        f"General contractor: {GENERAL}",
        f"Subcontractor: {SUBCONTRACTOR}",
    ]


def test_an_order_to_the_general_contractor_chosen_from_the_parties(
    client, case, officer, supervisor
):
    general = case.parties.get(role=PartyRole.GENERAL_CONTRACTOR)
    client.force_login(officer)
    page = client.get(f"/cases/{case.ticket}/").content.decode()
    assert 'name="order-party"' in page
    with at(3, 4, 11):
        response = client.post(
            f"/cases/{case.ticket}/order/", order_form(case, supervisor, general)
        )
    assert response.status_code == 302
    order = RectificationOrder.objects.get()
    assert order.addressee_role == "general_contractor"
    assert (order.addressee_name, order.addressee_credit_code) == (GENERAL, GENERAL_CODE)
    assert any("Art. 30" in str(text) for text in order_provisions(order))


def test_an_order_to_the_subcontractor_cites_the_general_provisions_only(case, officer, supervisor):
    with at(3, 4, 11):
        order = services.rectification_order(
            case=case,
            actor=officer,
            findings="查实拖欠工资",
            amount_found=Decimal("5000"),
            pay_by=date(2026, 3, 13),
            second_inspector=supervisor,
            lines={case.complainants.get().pk: Decimal("5000")},
            addressee_role="subcontractor",
            addressee_name=SUBCONTRACTOR,
        )
    assert order.get_addressee_role_display() == "The subcontractor"
    assert order_provisions(order) == list(BASE_PROVISIONS)
