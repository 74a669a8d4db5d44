"""A group complaint from the window to closure, each user in their own browser.

The window registers 20 workers; routing (run after commit, as the worker would) refers
the case to the district's inspector, who files it, works it, records each worker's
payment in the wage ledger, resolves it and closes it with the follow-up call.
"""

import pytest
from browser_steps import (
    accept_case,
    accept_referral,
    add_note,
    close_case,
    expect_referral_status,
    expect_status,
    finish_referral,
    group_of_workers,
    ledger_totals,
    open_case,
    record_payment,
    register_group_case,
    start_case_work,
    start_referral_work,
    timeline,
)
from django.utils import timezone
from playwright.sync_api import expect

from complaints.models import Case, Status

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMPLOYER = "宜昌滨江建筑劳务有限公司"


def test_inspector_works_a_routed_group_case_from_referral_to_closure(
    page_as, window, inspector, desks
):
    workers = group_of_workers(20)
    ticket = register_group_case(
        page_as(window),
        workers,
        description="滨江花园工地拖欠二十名工人三个月工资",
        employer=EMPLOYER,
        site="滨江花园二期",
    )

    page = page_as(inspector)
    open_case(page, ticket)
    expect_status(page, "registered")
    expect(page.locator("#referrals")).to_contain_text("Officer: 李强")
    expect_referral_status(page, "pending")

    add_note(page, "已电话联系劳务公司负责人，约定周五到队接受询问。")
    accept_referral(page)
    accept_case(page, note="材料齐全，予以立案。")
    start_case_work(page)
    start_referral_work(page)

    paid_on = timezone.localdate()
    for worker in workers:
        record_payment(page, worker.name, worker.owed, paid_on)
    owed_total = sum(worker.owed for worker in workers)
    assert ledger_totals(page) == (f"{owed_total:.2f}", f"{owed_total:.2f}")

    # The inspection desk was the only desk: its part done, the case is resolved.
    finish_referral(page, note="二十名工人工资已全部支付。")
    expect_status(page, "resolved")
    close_case(
        page,
        outcome="Wages paid in full",
        followup_at=timezone.localtime().replace(second=0, microsecond=0),
        followup_method="Phone call",
        followup_result="代表王伟确认全部工人已收到工资。",
        satisfaction="Satisfied",
    )

    expect(page.locator(".case-header .facts")).to_contain_text("Wages paid in full")
    events = timeline(page)
    assert events[0] == "Registered via Walk-in with 20 complainant(s)."
    assert "Note added." in events
    assert "Accepted and filed (立案)." in events
    assert "Work started." in events
    payments = [event for event in events if event.startswith("Payment recorded:")]
    assert len(payments) == 20
    assert f"Payment recorded: {workers[0].name} received ¥{workers[0].owed:.2f}" in payments[0]
    assert events[-3:] == [
        "Labor inspection finished its part.",
        "Resolved: every desk has finished its part.",
        "Closed with outcome “Wages paid in full”.",
    ]
    # No action is left to the inspector on a closed case but reopening (a supervisor's).
    expect(page.locator("details.action")).to_have_count(0)

    case = Case.objects.get(ticket=ticket)
    assert case.status == Status.CLOSED
    assert case.outcome.code == "paid_in_full"
