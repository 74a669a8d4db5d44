"""A group complaint from the window to closure, each user in their own browser (issue #4).

The window registers 20 workers; routing (run after commit, as the worker would) refers
the case to the district's inspector, who finds it in My cases, adds a note and proposes
to file it, which the head of the inspection body approves in their own browser; the
inspector uploads a photo of the payroll, records the findings and an order to pay by a
date, records each worker's payment in the wage ledger, resolves it and closes it with
the follow-up call. The head of the department approves an extension on another case
against the same employer, whose page then shows both cases.
"""

from datetime import timedelta

import pytest
from browser_steps import (
    accept_referral,
    add_note,
    approve_acceptance,
    approve_extension,
    back_to_case,
    close_case,
    expect_referral_status,
    expect_status,
    group_of_workers,
    ledger_totals,
    listed_tickets,
    open_case,
    open_employer,
    open_printable_order,
    propose_acceptance,
    record_order_complied,
    record_order_to_pay,
    record_payment,
    register_group_case,
    start_case_work,
    start_referral_work,
    timeline,
    tiny_png,
    upload_evidence,
)
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from procedure_steps import decide_from_the_queue, serve, take_next_step

from complaints.models import Case, Outcome, Status
from complaints.services import EmployerData
from dispatch.models import RectificationOrder

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMPLOYER = "宜昌滨江建筑劳务有限公司"
PAYROLL_PHOTO = "滨江花园十月工资表.png"


def test_inspector_works_a_routed_group_case_from_referral_to_closure(
    page_as,
    window,
    inspector,
    supervisor,
    inspection_head,
    department_head,
    open_investigation,
    tmp_path,
):
    # Another case against the same employer is already under investigation.
    other_case = open_investigation(employer=EmployerData(name=EMPLOYER), site="滨江花园一期")
    other_ticket = other_case.referral.case.ticket
    workers = group_of_workers(20)
    owed_total = sum(worker.owed for worker in workers)
    ticket = register_group_case(
        page_as(window),
        workers,
        description="滨江花园工地拖欠二十名工人三个月工资",
        employer=EMPLOYER,
        site="滨江花园二期",
        duplicate_of=other_ticket,  # another site of the employer: another case
    )

    page = page_as(inspector)
    open_case(page, ticket)
    expect_status(page, "registered")
    expect(page.locator("#referrals")).to_contain_text("Officer: 李强")
    expect_referral_status(page, "pending")

    add_note(page, "已电话联系劳务公司负责人，约定周五到队接受询问。")
    accept_referral(page)
    propose_acceptance(page, reason="材料齐全，予以立案。")
    head = page_as(inspection_head)  # the head of the inspection body approves (立案审批)
    open_case(head, ticket, listing=reverse("complaints:case_list"))
    approve_acceptance(head)
    page.reload()
    expect_status(page, "accepted")
    start_case_work(page)
    start_referral_work(page)

    # A photo of the payroll, taken at the site office.
    photo = tmp_path / PAYROLL_PHOTO
    photo.write_bytes(tiny_png())
    download_link = upload_evidence(page, photo, kind="payroll", description="项目部十月工资发放表")
    row = page.locator("table.evidence tbody tr").filter(has_text=PAYROLL_PHOTO)
    expect(row.locator("td").first).to_have_text("Payroll")
    expect(row).to_contain_text("李强")
    answer = page.request.get(download_link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-disposition"].startswith("attachment")
    assert answer.headers["content-type"] == "image/png"
    assert answer.body() == photo.read_bytes()

    # Findings and an order to pay by a date, served on the employer in person: the date
    # becomes a chased time limit from the day of service.
    pay_by = timezone.localdate() + timedelta(days=15)
    order = record_order_to_pay(
        page,
        findings="经查，该公司拖欠二十名工人2026年7月至9月工资。",
        amount_found=owed_total,
        pay_by=pay_by,
        second_inspector=supervisor.display_name,
    )
    expect(page.locator(".messages")).to_contain_text("Findings and order to pay recorded.")
    number = f"west限改字〔{timezone.localdate().year}〕第1号"
    expect(order.locator("h3")).to_contain_text(number)
    serve(page, number, method="in_person", served_on=timezone.localdate(), recipient="王伟")
    rectify = page.locator("#referrals table.deadlines tbody tr").filter(
        has_text="Pay as ordered (order to rectify)"
    )
    expect(rectify).to_contain_text(f"{pay_by:%Y-%m-%d}")
    expect(rectify).to_contain_text("running")

    open_printable_order(page, order)
    # The order's issued document, in the documents' language (Chinese).
    document = page.locator("#document")
    expect(document.locator("h1")).to_have_text("限期改正指令书")
    expect(document).to_contain_text(number)
    expect(document.locator(".addressee")).to_contain_text(EMPLOYER)
    expect(document.locator(".document-table tfoot")).to_contain_text(f"{owed_total:.2f}")
    expect(document.locator(".document-table tbody tr")).to_have_count(20)
    expect(document).to_contain_text(f"{pay_by:%Y-%m-%d}")
    back_to_case(page, ticket)

    paid_on = timezone.localdate()
    order = page.locator("article.rectification-order").last
    for worker in workers:
        record_payment(page, worker.name, worker.owed, paid_on)
    assert ledger_totals(page) == (f"{owed_total:.2f}", f"{owed_total:.2f}")
    record_order_complied(page, order)
    expect(order.locator("h3")).to_contain_text("complied with")
    expect(rectify).to_contain_text("Step done")

    # The inspection desk was the only desk: the closing proposed and approved by the head
    # (结案审批表), its part is done and the case is resolved.
    outcome = Outcome.objects.get(code="paid_in_full").pk
    take_next_step(page, "closing", {"outcome": outcome, "summary": "二十名工人工资已全部支付。"})
    decide_from_the_queue(head, ticket, decision="approve", note="同意结案。")
    page.reload()
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
    assert f"Evidence added: Payroll “{PAYROLL_PHOTO}”." in events
    assert (
        f"Findings and order to pay recorded: {number}, ¥{owed_total:.2f} by {pay_by:%Y-%m-%d}."
        in events
    )
    payments = [event for event in events if event.startswith("Payment recorded:")]
    assert len(payments) == 20
    assert f"Payment recorded: {workers[0].name} received ¥{workers[0].owed:.2f}" in payments[0]
    closing = [
        f"Order to pay {number} complied with.",
        "Submitted to the head for approval: Case closed.",
        "Approved by the head: Case closed.",
        f"Document issued: 结案审批表 west结字〔{timezone.localdate().year}〕第1号.",
        "Labor inspection finished its part.",
        "Resolved: every desk has finished its part.",
        "Closed with outcome “Wages paid in full”.",
    ]
    assert [event for event in events if event in closing] == closing
    # No action is left to the inspector on a closed case but reopening (a supervisor's).
    expect(page.locator("details.action")).to_have_count(0)
    # Evidence is no longer added to a closed case; what was added stays listed.
    expect(page.locator("form.evidence-form")).to_have_count(0)
    expect(page.locator("table.evidence")).to_contain_text(PAYROLL_PHOTO)

    case = Case.objects.get(ticket=ticket)
    assert case.status == Status.CLOSED
    assert case.outcome.code == "paid_in_full"
    assert RectificationOrder.objects.get(case=case).complied_by == inspector

    # The head of the department extends the other case's investigation (the approver
    # `inspection.extend` names), then opens the employer.
    page = page_as(department_head)
    open_case(page, other_ticket, listing=reverse("complaints:case_list"))
    approve_extension(page, "同一用人单位另案正在处理，需合并调查。")
    assert timeline(page)[-1].startswith("Extension approved:")
    open_employer(page)
    expect(page.locator(".employer-header h1")).to_have_text(EMPLOYER)
    assert sorted(listed_tickets(page)) == sorted([ticket, other_ticket])
    totals = page.locator(".employer-totals dl.totals")
    expect(totals.locator("div").nth(0).locator("dd")).to_have_text("1")  # open
    expect(totals.locator("div").nth(1).locator("dd")).to_have_text("1")  # ended
    expect(totals.locator("div").nth(2).locator("dd")).to_have_text("21")  # workers
