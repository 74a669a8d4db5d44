"""Findings and an order to pay (责令改正): the order, its service, its chased pay-by date,
compliance.

The case is routed on Monday 2026-03-02 and accepted by the inspector on 03-04; the order
is issued on 03-04 to pay by Friday 03-13 and served in person the same day. Two working
days before is Wednesday 03-11; the first overdue day is Monday 03-16.
"""

from datetime import date
from decimal import Decimal

import pytest
from dispatch_steps import at, moment, page_queries, sweep
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.roles import Role
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import CaseEvent, DocumentKind, IssuedDocument
from complaints.services import case_cancel_filing, case_request_withdrawal
from dispatch import services
from dispatch.demo_data import specimen_seal_svg
from dispatch.models import (
    Deadline,
    DeadlineEnd,
    Escalation,
    Notification,
    RectificationOrder,
    Reminder,
)
from dispatch.services.case_end import case_end_close_work
from tests.builders import second_inspector, serve_order

PAY_BY = date(2026, 3, 13)


def order_data(case, actor, **overrides):
    """The order's arguments: 86,000 yuan to the case's worker, signed with a second
    inspector of the actor's office."""
    worker = case.complainants.get()
    data = {
        "findings": "查实拖欠12名工人2025年10-12月工资",
        "amount_found": Decimal("86000.00"),
        "pay_by": PAY_BY,
        "lines": {worker.pk: Decimal("86000.00")},
        "second_inspector": second_inspector(actor.office, actor),
    }
    return {**data, **overrides}


def order_form(case, actor, **overrides) -> dict:
    """The order as the case page's form posts it."""
    data = order_data(case, actor, **overrides)
    form = {
        f"order-{name}": str(value)
        for name, value in data.items()
        if name not in ("lines", "second_inspector")
    }
    form["order-second_inspector"] = str(data["second_inspector"].pk)
    form["order-addressee_role"] = "employer"
    for pk, amount in data["lines"].items():
        form[f"order-line_{pk}"] = str(amount)
    return form


@pytest.fixture
def referral(accepted, supervisor):
    """The inspection referral, accepted on 03-04; its office has a supervisor."""
    return accepted


@pytest.fixture
def issued(referral, officer) -> RectificationOrder:
    """The order issued on 03-04, not yet served."""
    with at(3, 4, 11):
        return services.rectification_order(
            case=referral.case, actor=officer, **order_data(referral.case, officer)
        )


@pytest.fixture
def order(issued, officer) -> RectificationOrder:
    """The order served in person the day it was issued: its pay-by clock runs."""
    with at(3, 4, 15):
        serve_order(issued, officer, served_on=date(2026, 3, 4))
    issued.refresh_from_db()
    return issued


def test_an_issued_order_is_chased_for_service_not_for_payment(issued, referral):
    """Until it is served, nothing shows the party was ordered to pay: no pay-by clock runs,
    the bureau's service standard does (3 working days from the issue)."""
    assert issued.deadline is None
    running = referral.deadlines.filter(closed_at__isnull=True, policy__code="inspection.serve")
    serve = running.get()
    assert serve.start == date(2026, 3, 4) and serve.due == date(2026, 3, 9)
    assert not serve.policy.is_statutory
    assert not referral.deadlines.filter(policy__code="inspection.rectify").exists()


def test_the_inspector_records_findings_and_an_order_to_pay(order, referral, officer):
    case = referral.case
    assert order.number == "west限改字〔2026〕第1号"
    assert order.amount_ordered == Decimal("86000.00") and order.workers_concerned == 1
    assert order.issued_by == officer and order.referral == referral
    serve = referral.deadlines.get(policy__code="inspection.serve")
    assert serve.closed_reason == DeadlineEnd.MET
    deadline = order.deadline
    assert deadline.policy.code == "inspection.rectify"
    assert deadline.referral == referral and deadline.due == PAY_BY and deadline.is_open
    assert deadline.start == date(2026, 3, 4)
    event = CaseEvent.objects.get(case=case, kind="rectification_ordered")
    assert event.payload == {"number": order.number, "amount": "86000.00", "pay_by": "2026-03-13"}
    assert event.message == order.findings


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pay_by", date(2026, 3, 4)),
        ("pay_by", date(2026, 3, 1)),
        ("lines", {}),
        ("findings", " "),
    ],
)
def test_bad_orders_are_refused(referral, officer, field, value):
    with at(3, 4), pytest.raises(ValidationError) as error:
        data = order_data(referral.case, officer, **{field: value})
        services.rectification_order(case=referral.case, actor=officer, **data)
    assert field in error.value.message_dict
    assert not RectificationOrder.objects.exists()


def test_only_the_inspector_or_a_supervisor_orders(referral, window, user_factory, district):
    other = user_factory("other-inspector", district, Role.INSPECTOR)
    for actor in (window, other):
        with at(3, 4), pytest.raises(ActionNotPermitted):
            services.rectification_order(
                case=referral.case, actor=actor, **order_data(referral.case, actor)
            )
    assert not RectificationOrder.objects.exists()


def test_no_order_before_the_inspection_desk_accepts(register_case, officer, supervisor):
    case = register_case()
    services.case_route(case_id=case.pk)
    with at(3, 4), pytest.raises(InvalidTransition):
        services.rectification_order(case=case, actor=supervisor, **order_data(case, supervisor))


def test_one_running_order_at_a_time_then_numbered_in_sequence(order, referral, supervisor):
    with at(3, 5), pytest.raises(InvalidTransition):
        services.rectification_order(
            case=referral.case, actor=supervisor, **order_data(referral.case, supervisor)
        )
    with at(3, 5):
        services.rectification_complied(order=order, actor=supervisor)
        second = services.rectification_order(
            case=referral.case,
            actor=supervisor,
            **order_data(referral.case, supervisor, pay_by=date(2026, 3, 20)),
        )
    assert second.number == "west限改字〔2026〕第2号"


def test_the_pay_by_date_is_chased_once_each_step(order, officer, supervisor):
    deadline = order.deadline
    sweep(3, 10)
    assert not Reminder.objects.filter(deadline=deadline).exists()
    sweep(3, 11)
    sweep(3, 11, 15)
    sweep(3, 13)
    sweep(3, 13, 15)
    assert sorted(Reminder.objects.filter(deadline=deadline).values_list("kind", flat=True)) == [
        "due_today",
        "two_days_left",
    ]
    key = f"reminder:{deadline.pk}:two_days_left:2026-03-13"
    assert Notification.objects.filter(key=key, channel="inbox", recipient=officer).count() == 1

    sweep(3, 16)
    sweep(3, 16, 15)
    deadline.refresh_from_db()
    assert deadline.overdue_at == moment(3, 16)
    assert Escalation.objects.filter(deadline=deadline).count() == 1
    key = f"escalation:{deadline.pk}:2026-03-16"
    assert Notification.objects.filter(key=key, channel="inbox", recipient=supervisor).count() == 1
    sweep(3, 17)
    assert Escalation.objects.filter(deadline=deadline).count() == 2


def test_compliance_closes_the_deadline_and_stops_the_chase(order, officer):
    with at(3, 12):
        services.rectification_complied(order=order, actor=officer)
    order.refresh_from_db()
    deadline = order.deadline
    assert order.complied_by == officer and order.complied_at == moment(3, 12)
    assert deadline.closed_reason == DeadlineEnd.MET and not deadline.is_open
    assert CaseEvent.objects.filter(kind="rectification_complied").count() == 1
    sweep(3, 13)
    sweep(3, 16)
    assert not Reminder.objects.filter(deadline=deadline, kind="due_today").exists()
    assert not Escalation.objects.filter(deadline=deadline).exists()
    with pytest.raises(InvalidTransition):
        services.rectification_complied(order=order, actor=officer)


def test_an_order_not_yet_served_is_still_running(issued, referral, supervisor):
    with at(3, 5), pytest.raises(InvalidTransition):
        services.rectification_order(
            case=referral.case, actor=supervisor, **order_data(referral.case, supervisor)
        )
    assert RectificationOrder.objects.count() == 1


def test_compliance_before_service_meets_the_service_standard(issued, referral, officer):
    with at(3, 5):
        services.rectification_complied(order=issued, actor=officer)
    serve = referral.deadlines.get(policy__code="inspection.serve")
    assert serve.closed_reason == DeadlineEnd.MET
    assert not referral.deadlines.filter(policy__code="inspection.rectify").exists()


def test_the_window_cannot_record_compliance(order, window):
    with pytest.raises(ActionNotPermitted):
        services.rectification_complied(order=order, actor=window)
    order.refresh_from_db()
    assert order.complied_at is None


def test_the_end_of_the_case_closes_the_pay_by_deadline(order, referral, window, inspection_head):
    """The filed case ends on the complainant's withdrawal: the head cancels the filing."""
    with at(3, 5):
        case_request_withdrawal(case=referral.case, actor=window, reason="工资已付清")
        case_cancel_filing(case=referral.case, actor=inspection_head, reason="已改正")
        case_end_close_work(case_id=referral.case_id)
    deadline = Deadline.objects.get(pk=order.deadline_id)
    assert deadline.closed_reason == DeadlineEnd.CASE_ENDED


# Pages ----------------------------------------------------------------------------------


def test_the_case_page_panel_and_the_form(client, referral, officer, window):
    ticket = referral.case.ticket
    client.force_login(window)
    assert (
        "Record findings and an order to pay"
        not in client.get(f"/cases/{ticket}/").content.decode()
    )
    client.force_login(officer)
    assert "Record findings and an order to pay" in client.get(f"/cases/{ticket}/").content.decode()
    with at(3, 4):
        response = client.post(f"/cases/{ticket}/order/", order_form(referral.case, officer))
    assert response.status_code == 302
    order = RectificationOrder.objects.get()
    page = client.get(f"/cases/{ticket}/").content.decode()
    assert order.number in page and f"/orders/{order.pk}/" in page and "Paid as ordered" in page
    client.post(f"/orders/{order.pk}/complied/")
    order.refresh_from_db()
    assert order.complied_by == officer


def test_a_forged_order_by_the_window_changes_nothing(client, referral, window):
    client.force_login(window)
    with at(3, 4):
        response = client.post(
            f"/cases/{referral.case.ticket}/order/", order_form(referral.case, window), follow=True
        )
    assert "Only the inspector" in response.content.decode()
    assert not RectificationOrder.objects.exists()


def test_the_printable_order_is_its_issued_document(client, order, officer):
    """The order's print address leads to its issued document, whose prints are recorded:
    the first is the original, the next a copy (副本)."""
    client.force_login(officer)
    response = client.get(f"/orders/{order.pk}/")
    document = IssuedDocument.objects.get(kind=DocumentKind.RECTIFICATION, number=order.number)
    address = reverse("complaints:document_page", args=[order.case.ticket, document.pk])
    assert response.status_code == 302 and response["Location"] == address
    page = client.get(address).content.decode()
    assert order.number in page and "86000.00" in page and "2026-03-13" in page
    assert "宜昌某某建筑有限公司" in page and "West District" in page
    assert "document-copy-mark" not in page
    assert "document-copy-mark" in client.get(f"/orders/{order.pk}/", follow=True).content.decode()


def test_the_printable_order_carries_the_offices_seal_when_it_has_one(
    client, order, officer, district
):
    client.force_login(officer)
    page = client.get(f"/orders/{order.pk}/", follow=True).content.decode()
    assert '<span class="office-seal-name">West District</span>' in page
    assert "office-seal-image" not in page

    district.seal.save("seal.svg", ContentFile(specimen_seal_svg(district.acting_body_name)))
    page = client.get(f"/orders/{order.pk}/", follow=True).content.decode()
    # The acting body's name as issued, under the office's seal.
    assert '<span class="office-seal-name">West District</span>' in page
    assert f'<img class="office-seal-image" src="{district.seal.url}"' in page


def test_another_office_gets_404(client, order, other_district, user_factory):
    client.force_login(user_factory("outsider", other_district, Role.SUPERVISOR))
    assert client.get(f"/orders/{order.pk}/").status_code == 404
    assert client.post(f"/orders/{order.pk}/complied/").status_code == 404
    assert client.post(f"/cases/{order.case.ticket}/order/", {}).status_code == 404
    order.refresh_from_db()
    assert order.complied_at is None


def test_the_case_page_query_count_does_not_grow_with_orders_and_requests(
    client, order, referral, officer, supervisor, department_head
):
    investigation = Deadline.objects.get(referral=referral, policy__code="inspection.investigate")

    def another_round(day):
        with at(3, day):
            services.rectification_complied(order=RectificationOrder.objects.last(), actor=officer)
            services.rectification_order(
                case=referral.case,
                actor=officer,
                **order_data(referral.case, officer, pay_by=date(2026, 4, day)),
            )
            request = services.extension_request(deadline=investigation, actor=officer, reason="r")
            services.extension_refuse(request=request, actor=department_head, note="n")

    client.force_login(supervisor)
    another_round(5)
    before = page_queries(client, f"/cases/{referral.case.ticket}/")
    another_round(6)
    another_round(9)
    assert page_queries(client, f"/cases/{referral.case.ticket}/") == before
