"""The pages of the transfer to the police: the report, the head's decision, the transfer,
the police's answer; each POST runs its service and goes back to the case page, a refusal
is shown on the form."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from dispatch import services as dispatch_services
from inspection.models import Step, StepKind, StepStatus
from tests.builders import serve_order
from tests.inspection.conftest import at

POLICE = "宜昌市公安局西陵区分局"


@pytest.fixture
def order(filed, officer, second):
    """An order served in person on 03-05, to pay by 03-13, not paid."""
    zhang = filed.complainants.order_by("pk").first()
    with at(3, 5):
        order = dispatch_services.rectification_order(
            case=filed,
            actor=officer,
            findings="查实拖欠工资",
            amount_found=Decimal("5000"),
            pay_by=date(2026, 3, 13),
            second_inspector=second,
            lines={zhang.pk: Decimal("5000")},
        )
        serve_order(order, officer, served_on=date(2026, 3, 5))
    return order


def page(ticket, name, *args):
    return reverse(f"inspection:{name}", args=[ticket, *args])


def test_the_chain_through_the_pages(client, filed, order, officer, second, inspection_head):
    ticket = filed.ticket
    case_page = reverse("complaints:case_detail", args=[ticket])
    client.force_login(officer)
    with at(3, 16):
        form = client.get(page(ticket, "transfer_report_propose"), HTTP_ACCEPT_LANGUAGE="en")
        assert ticket in form.content.decode() and order.number in form.content.decode()
        response = client.post(
            page(ticket, "transfer_report_propose"),
            {"second_inspector": second.pk, "order": order.pk, "reasons": "负责人逃匿"},
        )
    assert response.status_code == 302 and response["Location"] == case_page
    report = Step.objects.get(case=filed, kind=StepKind.TRANSFER_REPORT)
    assert report.status == StepStatus.PROPOSED

    client.force_login(inspection_head)
    decide = page(ticket, "step_decide", report.pk)
    with at(3, 17, 10):
        assert "负责人逃匿" in client.get(decide).content.decode()
        response = client.post(decide, {"decision": "approve", "note": "同意"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == StepStatus.APPROVED

    client.force_login(officer)
    with at(3, 17, 15):
        response = client.post(
            page(ticket, "transfer_make"), {"second_inspector": second.pk, "police_body": POLICE}
        )
    assert response.status_code == 302
    transfer = Step.objects.get(case=filed, kind=StepKind.TRANSFER)
    assert transfer.document.number == "west移字〔2026〕第1号"

    with at(3, 19):
        form = client.get(page(ticket, "police_answer"), HTTP_ACCEPT_LANGUAGE="en")
        assert transfer.document.number in form.content.decode()
        response = client.post(
            page(ticket, "police_answer"),
            {"outcome": "filed", "answered_on": "2026-03-19", "reference": "西公立字12号"},
        )
    assert response.status_code == 302
    assert Step.objects.get(case=filed, kind=StepKind.POLICE_ANSWER).outcome == "filed"


def test_the_report_form_says_what_is_missing_and_refuses(client, filed, order, officer, second):
    client.force_login(officer)
    with at(3, 10):  # the pay-by date has not passed
        form = client.get(page(filed.ticket, "transfer_report_propose"), HTTP_ACCEPT_LANGUAGE="en")
        assert "pay-by date must have passed" in form.content.decode()
        response = client.post(
            page(filed.ticket, "transfer_report_propose"),
            {"second_inspector": second.pk, "order": order.pk, "reasons": "负责人逃匿"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert not Step.objects.filter(kind=StepKind.TRANSFER_REPORT).exists()


def test_refusing_without_a_reason_is_shown_on_the_form(
    client, filed, order, officer, second, inspection_head
):
    with at(3, 16):
        client.force_login(officer)
        client.post(
            page(filed.ticket, "transfer_report_propose"),
            {"second_inspector": second.pk, "order": order.pk, "reasons": "负责人逃匿"},
        )
    report = Step.objects.get(case=filed, kind=StepKind.TRANSFER_REPORT)
    client.force_login(inspection_head)
    with at(3, 17):
        response = client.post(
            page(filed.ticket, "step_decide", report.pk),
            {"decision": "refuse", "note": ""},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == StepStatus.PROPOSED


def test_only_the_head_gets_the_decision_page(client, filed, order, officer, second):
    with at(3, 16):
        client.force_login(officer)
        client.post(
            page(filed.ticket, "transfer_report_propose"),
            {"second_inspector": second.pk, "order": order.pk, "reasons": "负责人逃匿"},
        )
    report = Step.objects.get(case=filed, kind=StepKind.TRANSFER_REPORT)
    decide = page(filed.ticket, "step_decide", report.pk)
    assert client.get(decide).status_code == 403
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    report.refresh_from_db()
    assert report.status == StepStatus.PROPOSED
