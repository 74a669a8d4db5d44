"""An order to correct put right before it is served: the corrected order is a new document
with the next number, naming the one it corrects; the one corrected is never served, and a
served order is not corrected (its pay-by date has run against the party)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import DocumentNumber
from complaints.exceptions import InvalidTransition
from complaints.models import DocumentKind, IssuedDocument
from dispatch import services as dispatch_services
from dispatch.models import Deadline, RectificationOrder
from inspection.services.service import document_serve
from tests.builders import serve_order
from tests.inspection.conftest import at


def correct(filed, officer, second, corrected, pay_by=date(2026, 3, 20)):
    zhang, li = filed.complainants.order_by("pk")
    with at(3, 6):
        return dispatch_services.rectification_order(
            case=filed,
            actor=officer,
            findings="更正：支付期限延至3月20日",
            amount_found=Decimal("8000"),
            pay_by=pay_by,
            second_inspector=second,
            lines={zhang.pk: Decimal("5000"), li.pk: Decimal("3000")},
            corrects=corrected,
        )


def document_of(order) -> IssuedDocument:
    return IssuedDocument.objects.get(kind=DocumentKind.RECTIFICATION, number=order.number)


def serve_standards(filed):
    return list(
        Deadline.objects.filter(referral__case=filed, policy__code="inspection.serve")
        .order_by("id")
        .values_list("closed_reason", flat=True)
    )


def test_the_correction_replaces_the_order_not_yet_served(filed, order, officer, second):
    correction = correct(filed, officer, second, order)
    assert (order.number, correction.number) == (
        "west限改字〔2026〕第1号",
        "west限改字〔2026〕第2号",
    )
    assert document_of(correction).corrects == document_of(order)
    assert serve_standards(filed) == ["superseded", ""]  # the new order waits to be served
    with at(3, 7), pytest.raises(InvalidTransition, match="was corrected by west限改字"):
        document_serve(
            document=document_of(order), actor=officer, method="in_person",
            served_on=date(2026, 3, 7), recipient="王经理", place="", proof=None, note="",
        )  # fmt: skip
    assert not hasattr(document_of(order), "service")


def test_without_naming_it_a_new_order_is_refused_while_one_waits(filed, order, officer, second):
    with pytest.raises(InvalidTransition, match="still running"):
        correct(filed, officer, second, None)
    assert RectificationOrder.objects.count() == 1


def test_a_served_order_is_not_corrected(filed, order, officer, second):
    with at(3, 6):
        serve_order(order, officer, served_on=date(2026, 3, 6))
    order.refresh_from_db()
    before = DocumentNumber.objects.get(kind="rectification").last
    with pytest.raises(InvalidTransition, match="was served"):
        correct(filed, officer, second, order)
    assert DocumentNumber.objects.get(kind="rectification").last == before
    assert RectificationOrder.objects.count() == 1


def test_an_order_is_corrected_once(filed, order, officer, second):
    correct(filed, officer, second, order)
    with pytest.raises(InvalidTransition):
        correct(filed, officer, second, order)
    assert RectificationOrder.objects.count() == 2


def test_the_case_page_offers_the_correction(client, filed, order, officer, second):
    client.force_login(officer)
    with at(3, 6):
        page = client.get(reverse("complaints:case_detail", args=[filed.ticket])).content
        assert b'name="order-corrects"' in page
        zhang, li = filed.complainants.order_by("pk")
        answer = client.post(
            reverse("dispatch:order_create", args=[filed.ticket]),
            {
                "order-corrects": order.pk, "order-findings": "更正支付期限",
                "order-amount_found": "8000", "order-addressee_role": "employer",
                "order-pay_by": "2026-03-20", "order-second_inspector": second.pk,
                f"order-line_{zhang.pk}": "5000", f"order-line_{li.pk}": "3000",
            },
        )  # fmt: skip
    assert answer.status_code == 302
    correction = RectificationOrder.objects.exclude(pk=order.pk).get()
    assert document_of(correction).corrects == document_of(order)


def test_the_procedure_panel_says_which_order_replaced_it(client, filed, order, officer, second):
    correct(filed, officer, second, order)
    client.force_login(officer)
    with at(3, 6):
        page = client.get(
            reverse("complaints:case_detail", args=[filed.ticket]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "Corrected by west限改字〔2026〕第2号; not served" in page
    serve_links = page.count("/serve/")
    assert serve_links == 1  # only the correction waits to be served
