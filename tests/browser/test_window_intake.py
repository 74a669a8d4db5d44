"""The window registers a 20-worker group complaint in the browser and prints the receipt."""

import pytest
from browser_steps import (
    A4_POINTS,
    group_of_workers,
    pdf_pages,
    print_receipt,
    register_group_case,
)
from playwright.sync_api import expect

from complaints.models import Case, RoutingState
from dispatch.models import Referral

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_window_registers_a_group_complaint_and_prints_an_a4_receipt(
    page_as, window, inspector, desks
):
    workers = group_of_workers(20)
    page = page_as(window)
    expect(page.get_by_role("link", name="Register a complaint")).to_be_visible()

    ticket = register_group_case(
        page,
        workers,
        description="滨江花园工地拖欠二十名工人三个月工资 Three months' wages unpaid",
        employer="宜昌滨江建筑劳务有限公司",
        site="滨江花园二期",
    )

    receipt = page.locator("#receipt")
    expect(receipt.get_by_role("heading", level=1)).to_have_text(
        "Acceptance receipt for a labor complaint"
    )
    expect(receipt.locator(".receipt-facts ul li")).to_have_count(20)
    # Phones are masked on paper: the last four digits only.
    expect(receipt).not_to_contain_text(workers[0].phone)

    pdf = print_receipt(page)
    pages = pdf_pages(pdf)
    for (width, height), _text in pages:
        assert (round(width), round(height)) == A4_POINTS
    printed = "\n".join(text for _size, text in pages)
    assert ticket in printed
    assert "Acceptance receipt for a labor complaint" in printed
    assert all(worker.name in printed for worker in workers)
    assert "Log out" not in printed  # no navigation on paper

    case = Case.objects.get(ticket=ticket)
    assert case.complainants.count() == 20
    assert case.routing_state == RoutingState.ROUTED
    assert Referral.objects.get(case=case).officer == inspector
