"""Extending an investigation's time limit from the case page: the head of the department
(whom `inspection.extend` names) approves it directly, or approves the extension the
inspector asked for; a supervisor is not offered the approval.

`investigation` (conftest.py): a case routed to the inspector, who accepted it, so its
60-working-day investigation clock is running."""

import pytest
from browser_steps import (
    approve_extension,
    approve_extension_request,
    open_case,
    request_extension,
    timeline,
)
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_head_of_department_approves_an_extension_of_the_investigation(
    page_as, supervisor, department_head, investigation
):
    ticket = investigation.referral.case.ticket
    first_due = investigation.due
    page = page_as(supervisor)
    open_case(page, ticket, listing=reverse("complaints:case_list"))
    expect(page.locator("form[action$='/extend/']")).to_have_count(0)

    page = page_as(department_head)
    open_case(page, ticket, listing=reverse("complaints:case_list"))
    running = page.locator("table.deadlines tbody tr").filter(
        has=page.locator("form[action$='/extend/']")
    )
    expect(running).to_contain_text(f"{first_due:%Y-%m-%d}")
    expect(running.get_by_role("button", name="Approve an extension")).to_be_hidden()

    approve_extension(page, "涉及二十名工人，需调取银行流水，案情复杂。")

    investigation.refresh_from_db()
    assert investigation.original_due == first_due
    assert investigation.due > first_due
    expect(page.locator("table.deadlines")).to_contain_text(
        f"{investigation.due:%Y-%m-%d} (extended from {first_due:%Y-%m-%d})"
    )
    assert timeline(page)[-1].startswith("Extension approved:")
    expect(page.locator(".timeline blockquote").last).to_have_text(
        "涉及二十名工人，需调取银行流水，案情复杂。"
    )


def test_inspector_asks_for_an_extension_and_the_head_of_department_approves_it(
    page_as, inspector, department_head, investigation
):
    ticket = investigation.referral.case.ticket
    first_due = investigation.due
    reason = "用人单位账册在外地，需要异地调查取证。"
    page = page_as(inspector)
    open_case(page, ticket)
    request_extension(page, reason)
    expect(page.locator(".extension-pending")).to_contain_text(f"李强: {reason}")
    # Only the head of the department decides.
    expect(page.locator(".extension-pending form")).to_have_count(0)

    page = page_as(department_head)
    open_case(page, ticket, listing=reverse("complaints:case_list"))
    expect(page.locator(".extension-pending")).to_contain_text("Extension requested")
    approve_extension_request(page)

    investigation.refresh_from_db()
    assert investigation.original_due == first_due
    expect(page.locator("table.deadlines")).to_contain_text(
        f"{investigation.due:%Y-%m-%d} (extended from {first_due:%Y-%m-%d})"
    )
