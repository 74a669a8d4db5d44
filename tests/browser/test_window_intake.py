"""The window registers a 20-worker group complaint in the browser and prints the receipt;
the statement's counter; the paste box's preview."""

import re

import pytest
from browser_steps import (
    A4_POINTS,
    fill_one_worker,
    group_of_workers,
    pdf_pages,
    preview_paste,
    print_receipt,
    register_and_reach_the_receipt,
    register_expecting_errors,
    register_group_case,
)
from django.urls import reverse
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
    expect(receipt.get_by_role("heading", level=1)).to_have_text("Complaint registration receipt")
    expect(receipt.locator(".receipt-facts ul li")).to_have_count(20)
    # Phones are masked on paper: the last four digits only.
    expect(receipt).not_to_contain_text(workers[0].phone)

    pdf = print_receipt(page)
    pages = pdf_pages(pdf)
    for (width, height), _text in pages:
        assert (round(width), round(height)) == A4_POINTS
    printed = "\n".join(text for _size, text in pages)
    assert ticket in printed
    assert "Complaint registration receipt" in printed
    assert all(worker.name in printed for worker in workers)
    assert "Log out" not in printed  # no navigation on paper

    case = Case.objects.get(ticket=ticket)
    assert case.complainants.count() == 20
    assert case.routing_state == RoutingState.ROUTED
    assert Referral.objects.get(case=case).officer == inspector


def test_the_statement_counter_warns_and_nothing_the_worker_said_is_cut(
    page_as, window, inspector, desks
):
    page = page_as(window)
    page.goto(reverse("complaints:intake"))
    statement, counter = page.locator("#id_description"), page.locator("#id_description-count")
    expect(counter).to_have_text("0 / 20,000 characters")

    statement.fill("拖欠工资𠀀")  # a rare character outside the BMP is one character
    expect(counter).to_have_text("5 / 20,000 characters")

    too_long = "欠" * 20_001
    statement.fill(too_long)
    expect(counter).to_have_text(
        "20,001 / 20,000 characters: 1 over the limit. Shorten it to register; nothing is cut."
    )
    expect(counter).to_have_class(re.compile(r"\berror\b"))
    assert statement.input_value() == too_long  # the browser cut nothing

    fill_one_worker(page, group_of_workers(1)[0])
    register_expecting_errors(page)
    errors = page.locator(".field.has-error:has(#id_description) div.error")
    expect(errors).to_have_count(1)
    expect(errors).to_have_text(
        '"What happened" is too long: 20,001 characters, the limit is 20,000.'
    )
    assert page.locator("#id_description").input_value() == too_long
    expect(counter).to_contain_text("1 over the limit")

    page.locator("#id_description").press("End")
    page.locator("#id_description").press("Backspace")
    expect(counter).to_have_text("20,000 / 20,000 characters")
    ticket = register_and_reach_the_receipt(page)

    assert Case.objects.get(ticket=ticket).description == "欠" * 20_000


def test_pasted_name_phone_amount_lines_are_previewed_then_added(page_as, window, inspector, desks):
    workers = group_of_workers(20)
    lines = [f"{worker.name},{worker.phone},{worker.owed}" for worker in workers]
    page = page_as(window)
    page.goto(reverse("complaints:intake"))
    page.locator("#id_description").fill("滨江花园工地拖欠二十名工人工资")

    wrong = [*lines[:4], f"{workers[4].name},1390000,{workers[4].owed}", *lines[5:]]
    preview = preview_paste(page, "\n".join(wrong))
    expect(preview.locator(".paste-summary")).to_have_text(
        "20 pasted lines read: 19 ready to add, 1 to correct (line 5). "
        "Nothing has been added: correct or delete those lines first."
    )
    expect(preview.locator(".paste-errors li")).to_have_text(
        re.compile(r"^Line 5: .*read as Name, Phone, Owed \(yuan\).*11-digit mobile number")
    )
    ready = preview.locator("table.paste-ready tbody tr")
    expect(ready).to_have_count(19)
    expect(ready.first.locator("td")).to_have_text(
        ["1", workers[0].name, workers[0].phone, "—", "3000.00", "—"]
    )
    assert Case.objects.count() == 0
    assert page.locator("#id_description").input_value() == "滨江花园工地拖欠二十名工人工资"

    preview = preview_paste(page, "\n".join(lines))
    expect(preview.locator(".paste-summary")).to_have_text(
        "20 pasted lines read: all will be added when the case is registered."
    )
    expect(preview.locator("table.paste-ready tbody tr")).to_have_count(20)

    ticket = register_and_reach_the_receipt(page)
    expect(page.locator(".messages")).to_contain_text(
        f"20 workers from the paste box were added to {ticket}."
    )
    owed = dict(Case.objects.get(ticket=ticket).complainants.values_list("name", "owed_amount"))
    assert owed == {worker.name: worker.owed for worker in workers}
