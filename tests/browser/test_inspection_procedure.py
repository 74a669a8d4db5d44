"""One wage case through the whole inspection procedure, in the browser, with two
inspectors and the head of the inspection body.

Twelve workers of a subcontractor complain. The inspector takes the case on and proposes
to file it; the head approves (立案审批表). The inspector issues an inquiry notice and has it
served, records the inquiry, orders the general contractor to pay the twelve workers
(保障农民工工资支付条例 Art. 30) and has the order posted at the site with a photo, the
boss having absconded (拒付解释 Art. 4). The clock moves past the pay-by date with nothing
paid. The transfer report goes to the head, who approves it within the 3 days; the case
goes to the police within the 24 hours; the police's answer is recorded; the handling
decision orders 加付赔偿金; the head approves the closing. Every document opens as a Word
file (read back with python-docx) and prints on A4.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from browser_steps import (
    A4_POINTS,
    accept_referral,
    approve_acceptance,
    expect_status,
    open_case,
    pdf_pages,
    print_document,
    propose_acceptance,
    tiny_png,
)
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from procedure_steps import decide_from_the_queue, procedure_row, serve, take_next_step, word_text

from complaints.models import Case, DocumentKind, IssuedDocument, Outcome
from complaints.services import ComplainantData, EmployerData
from dispatch.models import Deadline
from inspection.models import Service, Step, StepKind, StepStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBCONTRACTOR = "宜昌鑫达劳务有限公司"
CONTRACTOR = "湖北长江建设集团有限公司"
CONTRACTOR_CODE = "91420500MA4F12345X"
WORKERS = [
    ComplainantData(name=name, phone=f"1390000{index:04d}", owed_amount=Decimal(8000 + 500 * index))
    for index, name in enumerate(
        [
            "王伟",
            "李娜",
            "张敏",
            "刘强",
            "陈静",
            "杨洋",
            "黄勇",
            "赵艳",
            "吴杰",
            "周涛",
            "徐明",
            "孙超",
        ]
    )
]
OWED = sum(worker.owed_amount for worker in WORKERS)
# Every document the chain issues, and a word each must hold besides its title.
EXPECTED = {
    DocumentKind.FILING: "同意立案",
    DocumentKind.INQUIRY_NOTICE: "询问",
    DocumentKind.INQUIRY_RECORD: "问：",
    DocumentKind.RECTIFICATION: CONTRACTOR,
    DocumentKind.SERVICE_PROOF: "送达",
    DocumentKind.TRANSFER_REPORT: "拒不支付劳动报酬",
    DocumentKind.TRANSFER_LETTER: "公安",
    DocumentKind.HANDLING_DECISION: "加付赔偿金",
    DocumentKind.CLOSING: "结案",
}


POLICE = "宜昌市公安局西陵区分局"
DECISION = {
    "pay_within_days": 15,
    "facts": "逾期未按指令支付十二名工人工资。",
    "evidence": "询问笔录、工资表、送达回证。",
}
CLOSING_SUMMARY = "已移送公安机关立案侦查，已作出行政处理决定。"


def just_before(minutes: int) -> str:
    """A datetime-local field's value `minutes` ago (a record is never in the future,
    whatever hour of the day in Asia/Shanghai the test runs at)."""
    return f"{timezone.localtime() - timedelta(minutes=minutes):%Y-%m-%dT%H:%M}"


def at_local(day, hour, minute=0) -> str:
    """A datetime-local field's value on `day`."""
    return f"{day:%Y-%m-%d}T{hour:02d}:{minute:02d}"


def test_a_wage_case_goes_through_the_whole_procedure(
    page_as, register_case, inspector, supervisor, inspection_head, desks, tmp_path
):
    case = register_case(
        complainants=WORKERS,
        employer=EmployerData(name=SUBCONTRACTOR),
        site="长江花园三期工地",
        description="十二名工人被拖欠四个月工资，劳务公司负责人失联",
    )
    ticket, second = case.ticket, supervisor.pk  # the supervisor holds an inspection card
    today = timezone.localdate()

    # Filing: the inspector takes the case on and proposes; the head approves (立案审批表).
    page = page_as(inspector)
    open_case(page, ticket)
    accept_referral(page)
    propose_acceptance(page, reason="十二名工人，材料齐全，予以立案。")
    head = page_as(inspection_head)
    open_case(head, ticket, listing=reverse("complaints:case_list"))
    approve_acceptance(head)
    page.reload()
    expect_status(page, "accepted")
    year = today.year
    expect(procedure_row(page, f"west立字〔{year}〕第1号")).to_be_visible()

    # Investigation: an inquiry notice, served in person; the inquiry record.
    take_next_step(
        page,
        "inquiry-notice",
        {"second_inspector": second, "appear_at": at_local(today + timedelta(days=2), 9),
         "place": "西陵区劳动保障监察大队二楼询问室"},
    )  # fmt: skip
    serve(page, f"west询通字〔{year}〕第1号", method="in_person", served_on=today,
          recipient="长江建设项目部 李经理")  # fmt: skip
    take_next_step(
        page,
        "inquiry-record",
        {"second_inspector": second, "person_name": "李建国", "person_role": "项目经理",
         "started_at": just_before(90), "ended_at": just_before(30), "place": "项目部",
         "form-0-question": "劳务公司是否已支付十二名工人工资？",
         "form-0-answer": "没有，劳务公司老板已经联系不上。"},
    )  # fmt: skip

    # The order to correct, itemised for the twelve, addressed to the general contractor.
    pay_by = today + timedelta(days=5)
    order_form = page.locator("form[action$='/order/']")
    page.locator("details").filter(has=order_form).last.locator("summary").click()
    for name, value in {
        "order-findings": "经查，鑫达劳务拖欠十二名工人四个月工资，负责人逃匿。",
        "order-addressee_name": CONTRACTOR,
        "order-addressee_credit_code": CONTRACTOR_CODE,
        "order-amount_found": str(OWED),
        "order-pay_by": pay_by.isoformat(),
    }.items():
        order_form.locator(f"[name='{name}']").fill(value)
    order_form.locator("[name='order-addressee_role']").select_option("general_contractor")
    order_form.locator("[name='order-second_inspector']").select_option(str(second))
    order_form.locator("button[type=submit]").click()
    order_number = f"west限改字〔{year}〕第1号"
    expect(procedure_row(page, order_number)).to_be_visible()

    # Posted at the site with a photo: the boss absconded. The pay-by clock runs from now.
    photo = tmp_path / "张贴现场.png"
    photo.write_bytes(tiny_png())
    serve(page, order_number, method="posting", served_on=today, place="长江花园三期项目部大门",
          photo=str(photo))  # fmt: skip
    periods = page.locator("#procedure .procedure-periods")
    expect(periods).to_contain_text(f"{pay_by:%Y-%m-%d}")

    # The clock moves past the pay-by date; nothing was paid.
    later = timezone.now() + timedelta(days=8)
    with time_machine.travel(later, tick=True):
        page = page_as(inspector)  # the sessions of a week ago have expired
        open_case(page, ticket)
        order_pk = Case.objects.get(ticket=ticket).rectification_orders.get().pk
        reasons = "指令书张贴送达后逾期仍未支付，负责人逃匿。"
        take_next_step(
            page,
            "transfer-report",
            {"second_inspector": second, "order": order_pk, "reasons": reasons},
        )
        report = Step.objects.get(case__ticket=ticket, kind=StepKind.TRANSFER_REPORT)
        approve_by = Deadline.objects.get(
            referral__case__ticket=ticket, policy__code="criminal.approve"
        )
        # 3 days from the report, moved to the next working day when the last is a rest day.
        assert approve_by.due >= timezone.localdate(report.created_at) + timedelta(days=3)

        head = page_as(inspection_head)
        decide_from_the_queue(head, ticket, decision="approve", note="同意移送。")
        report.refresh_from_db()
        assert report.status == StepStatus.APPROVED
        assert report.decided_at <= approve_by_end(approve_by)
        transfer_by = Deadline.objects.get(
            referral__case__ticket=ticket, policy__code="criminal.transfer"
        )
        assert transfer_by.due_at == report.decided_at + timedelta(hours=24)

        page.reload()
        expect(page.locator("#procedure .procedure-periods")).to_contain_text(
            timezone.localtime(transfer_by.due_at).strftime("%Y-%m-%d %H:%M")
        )
        take_next_step(page, "transfer", {"second_inspector": second, "police_body": POLICE})
        transfer_by.refresh_from_db()
        assert transfer_by.closed_reason == "met" and transfer_by.overdue_at is None
        answered = {"outcome": "filed", "answered_on": timezone.localdate().isoformat()}
        take_next_step(page, "police-answer", {**answered, "reference": "西公（经）立字88号"})

        # The handling decision with 加付赔偿金 at 75%, then the closing, approved.
        decision = {"second_inspector": second, "order": order_pk, "rate": 75}
        take_next_step(page, "handling-decision", {**decision, **DECISION})
        outcome = Outcome.objects.get(code="transferred_to_police").pk
        take_next_step(page, "closing", {"outcome": outcome, "summary": CLOSING_SUMMARY})
        decide_from_the_queue(head, ticket, decision="approve", note="同意结案。")
        check_the_file(page, ticket)


def approve_by_end(deadline):
    """The end of the head's 3 days (the day itself, Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(deadline.due + timedelta(days=1), time()))


def check_the_file(page, ticket):
    """Every step taken, the order served by posting, and every document as Word and A4."""
    case = Case.objects.get(ticket=ticket)
    steps = {step.kind: step for step in Step.objects.filter(case=case)}
    assert set(steps) >= {
        StepKind.FILING, StepKind.INQUIRY_NOTICE, StepKind.INQUIRY_RECORD,
        StepKind.TRANSFER_REPORT, StepKind.TRANSFER, StepKind.POLICE_ANSWER,
        StepKind.HANDLING_DECISION, StepKind.CLOSING,
    }  # fmt: skip
    assert steps[StepKind.CLOSING].status == StepStatus.APPROVED
    decision = steps[StepKind.HANDLING_DECISION]
    assert decision.rate == 75 and decision.amount == OWED
    assert decision.compensation == (OWED * Decimal("0.75")).quantize(Decimal("0.01"))
    assert steps[StepKind.POLICE_ANSWER].outcome == "filed"
    order = case.rectification_orders.get()
    assert order.lines.count() == 12 and order.addressee_name == CONTRACTOR
    posting = Service.objects.get(document__number=order.number)
    assert posting.method == "posting" and posting.proof is not None
    for inspector_step in (steps[StepKind.INQUIRY_RECORD], steps[StepKind.TRANSFER]):
        assert inspector_step.inspectors.count() == 2

    documents = list(IssuedDocument.objects.filter(case=case))
    assert {document.kind for document in documents} >= set(EXPECTED)
    for document in documents:
        word = word_text(page, reverse("complaints:document_docx", args=[ticket, document.pk]))
        assert document.title in word and document.number in word
        assert EXPECTED.get(document.kind, "") in word, document.kind
        page.goto(reverse("complaints:document_page", args=[ticket, document.pk]))
        expect(page.locator("#document h1")).to_have_text(document.title)
        pages = pdf_pages(print_document(page))
        assert all((round(w), round(h)) == A4_POINTS for (w, h), _text in pages), document.kind
        printed = "".join(text for _size, text in pages).replace(" ", "")
        assert document.title in printed, document.kind
    order_word = word_text(
        page,
        reverse("complaints:document_docx", args=[ticket, order_document(case, order).pk]),
    )
    assert all(worker.name in order_word for worker in WORKERS)
    assert CONTRACTOR_CODE in order_word


def order_document(case, order):
    return IssuedDocument.objects.get(
        case=case, kind=DocumentKind.RECTIFICATION, number=order.number
    )
