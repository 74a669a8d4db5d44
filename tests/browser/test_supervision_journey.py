"""Supervision (督办) from the case page: a supervisor sets instructions and a report-back
date; the inspector sees the mark in My cases and the instructions, and reports back.

`investigation` (conftest.py): a case routed to the inspector, who accepted it."""

from datetime import timedelta

import pytest
from browser_steps import (
    cases_url,
    open_case,
    put_under_supervision,
    report_on_supervision,
    timeline,
)
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dispatch.models import Supervision

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INSTRUCTIONS = "涉及二十名工人，春节前必须结清，每周报告进展。"


def test_supervisor_puts_a_case_under_supervision_and_the_inspector_reports_back(
    page_as, inspector, supervisor, investigation
):
    ticket = investigation.referral.case.ticket
    report_by = timezone.localdate() + timedelta(days=7)

    page = page_as(supervisor)
    open_case(page, ticket, listing=reverse("complaints:case_list"))
    expect(page.locator("details.supervision-start summary")).to_have_text("Put under supervision")
    put_under_supervision(page, instructions=INSTRUCTIONS, report_by=report_by)
    panel = page.locator("#supervision")
    expect(panel.locator("h2")).to_contain_text("Under supervision")
    expect(panel.locator("dd time")).to_have_text(f"{report_by:%Y-%m-%d}")
    assert timeline(page)[-1] == f"Put under supervision; report back by {report_by:%Y-%m-%d}."

    page = page_as(inspector)
    page.goto(cases_url())
    row = page.locator("table.cases tbody tr").filter(has_text=ticket)
    expect(row.locator(".mark-supervision")).to_have_text("Under supervision")
    open_case(page, ticket)
    panel = page.locator("#supervision")
    expect(panel.locator(".supervision-instructions")).to_have_text(INSTRUCTIONS)
    expect(panel.locator("time")).to_have_attribute("datetime", f"{report_by:%Y-%m-%d}")
    # Only a supervisor lifts it.
    expect(panel.locator("form[action$='/supervision/lift/']")).to_have_count(0)

    report_on_supervision(page, "已约谈用人单位，承诺本月底前全部支付。")
    assert timeline(page)[-1] == "Supervision report."
    supervision = Supervision.objects.get(case=investigation.referral.case)
    assert supervision.reported_by == inspector
    assert supervision.lifted_at is None
