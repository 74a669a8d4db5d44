"""The transfer of a case to the police (拒不支付劳动报酬罪; 国务院令第310号 Arts. 5, 6, 8).

The chain: the order to correct is issued on Thursday 2026-03-05 to pay by Friday 03-13 and
served on 03-06 by posting with a photo; the pay-by date passes unpaid; the inspectors
propose the transfer on Monday 03-16 (the head has until 03-19); the head approves on 03-17
at 10:00 (24 hours to transfer: 03-18 10:00); the case is transferred on 03-17 at 15:00;
the police answer on 03-19.
"""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import CaseEvent, DocumentKind, IssuedDocument
from dispatch import services as dispatch_services
from dispatch.models import Deadline, DeadlineEnd
from inspection.models import Step, StepKind, StepStatus
from inspection.services.transfer import (
    police_answer_record,
    transfer_make,
    transfer_report_approve,
    transfer_report_refuse,
)
from tests.inspection.conftest import PAY_BY, POLICE, SHANGHAI, at, propose


def running(case, code):
    return Deadline.objects.filter(referral__case=case, policy__code=code, closed_at=None)


def snapshot(case) -> dict:
    return {
        "steps": list(Step.objects.order_by("id").values_list("kind", "status", "decision_note")),
        "documents": IssuedDocument.objects.count(),
        "events": CaseEvent.objects.count(),
        "deadlines": list(Deadline.objects.order_by("id").values_list("policy__code", "closed_at")),
    }


def refused(case, error, call):
    before = snapshot(case)
    with pytest.raises(error) as raised:
        call()
    assert snapshot(case) == before
    return raised.value


# --- the happy chain ---------------------------------------------------------------------


def test_the_whole_chain_to_the_polices_answer(
    filed, order, served, officer, second, inspection_head
):
    pay_by_clock = served.deadline
    assert pay_by_clock.start == date(2026, 3, 6) and pay_by_clock.due == PAY_BY

    report = propose(filed, officer, second, served)
    assert report.status == StepStatus.PROPOSED and report.order == served
    assert set(report.inspectors.all()) == {officer, second}
    approve = running(filed, "criminal.approve").get()
    assert approve.start == date(2026, 3, 16) and approve.due == date(2026, 3, 19)

    with at(3, 17, 10):
        transfer_report_approve(step=report, actor=inspection_head, note="同意移送")
    approve.refresh_from_db()
    assert approve.closed_reason == DeadlineEnd.MET
    within = running(filed, "criminal.transfer").get()
    assert within.due_at == datetime(2026, 3, 18, 10, 0, tzinfo=SHANGHAI)

    with at(3, 17, 15):
        step = transfer_make(
            case=filed, actor=officer, second_inspector=second, police_body=POLICE, note=""
        )
    assert step.follows == report and step.order == served
    within.refresh_from_db()
    assert within.closed_reason == DeadlineEnd.MET
    letter = step.document
    assert letter.kind == DocumentKind.TRANSFER_LETTER
    assert letter.number == "west移字〔2026〕第1号"
    answer = running(filed, "criminal.answer").get()
    assert answer.start == date(2026, 3, 17) and answer.due == date(2026, 3, 20)

    with at(3, 19):
        police_answer_record(
            case=filed,
            actor=officer,
            outcome="filed",
            answered_on=date(2026, 3, 19),
            reference="西公立字〔2026〕12号",
            note="",
        )
    answer.refresh_from_db()
    assert answer.closed_reason == DeadlineEnd.MET
    answered = Step.objects.get(case=filed, kind=StepKind.POLICE_ANSWER)
    assert answered.outcome == "filed" and answered.follows == step
    assert answered.details["reference"] == "西公立字〔2026〕12号"

    kinds = list(
        CaseEvent.objects.filter(case=filed, kind__startswith="step_").values_list(
            "kind", "payload__step_en"
        )
    )
    assert kinds[-4:] == [
        ("step_proposed", "Transfer to the police proposed"),
        ("step_approved", "Transfer to the police proposed"),
        ("step_recorded", "Case transferred to the police"),
        ("step_recorded", "Police's answer"),
    ]


def test_the_transfer_report_says_what_was_ordered_served_and_not_paid(report, served, officer):
    content = report.document.content
    assert report.document.kind == DocumentKind.TRANSFER_REPORT and report.document.number == ""
    assert content["title"] == "涉嫌犯罪案件移送报告"
    headings = [section["heading"] for section in content["sections"]]
    assert headings == [
        "限期改正指令书送达及逾期未履行情况",
        "涉及金额及劳动者",
        "涉嫌罪名",
        "承办人意见",
    ]
    served_text = " ".join(content["sections"][0]["paragraphs"])
    assert served.number in served_text and "2026-03-06" in served_text
    assert "张贴送达" in served_text and "2026-03-13" in served_text
    assert content["sections"][1]["table"]["rows"] == [["张三", "5000.00"], ["李四", "3000.00"]]
    assert content["sections"][1]["table"]["footer"] == ["合计2人", "8000.00"]
    assert "拒不支付劳动报酬罪" in content["sections"][2]["paragraphs"][0]
    assert "用人单位负责人逃匿" in content["sections"][3]["paragraphs"]
    assert len(content["signers"]) == 2 and content["signers"][0]["name"] == officer.display_name


def test_the_transfer_letter_holds_the_index_of_the_case_file(filed, transfer, served):
    letter = transfer.document
    content = letter.content
    assert content["title"] == "涉嫌犯罪案件移送书" and content["addressee"] == POLICE
    sections = {section["heading"]: section for section in content["sections"]}
    assert "拒不支付劳动报酬罪" in sections["涉嫌罪名"]["paragraphs"][0]
    assert sections["涉及金额及劳动者"]["table"]["footer"] == ["合计2人", "8000.00"]
    index = sections["案卷材料目录：文书"]["table"]
    listed = [(row[1], row[2]) for row in index["rows"]]
    assert ("立案审批表", "west立字〔2026〕第1号") in listed
    assert ("限期改正指令书", served.number) in listed
    assert ("送达回证", "—") in listed and ("涉嫌犯罪案件移送报告", "—") in listed
    assert [row[0] for row in index["rows"]] == [str(n) for n in range(1, len(listed) + 1)]
    evidence = sections["证据清单"]["table"]["rows"]
    assert evidence == [["1", "指令书张贴照片", "照片", "2026-03-06"]]
    assert sections["检查笔录"]["paragraphs"] == ["无。"]
    intro = " ".join(content["sections"][0]["paragraphs"])
    assert "第六条" in intro and "3日内" in intro and "郑强" in intro


def test_a_receipt_only_answer_keeps_the_police_chased(filed, transfer, officer):
    with at(3, 18):
        police_answer_record(
            case=filed,
            actor=officer,
            outcome="received",
            answered_on=date(2026, 3, 18),
            reference="",
            note="已接收",
        )
    assert running(filed, "criminal.answer").exists()


def test_the_head_refuses_with_the_reason_on_file(filed, report, inspection_head):
    with at(3, 17):
        transfer_report_refuse(step=report, actor=inspection_head, note="证据不足，补充调查")
    report.refresh_from_db()
    assert report.status == StepStatus.REFUSED and report.decision_note == "证据不足，补充调查"
    assert not running(filed, "criminal.approve").exists()
    assert not running(filed, "criminal.transfer").exists()
    event = CaseEvent.objects.filter(case=filed, kind="step_refused").get()
    assert event.message == "证据不足，补充调查"


# --- refusals: each changes nothing ------------------------------------------------------


def test_no_report_without_a_served_order(filed, order, officer, second):
    error = refused(filed, InvalidTransition, lambda: propose(filed, officer, second, order))
    assert "must have been served on the party before the case can be transferred" in str(
        error.message
    )


def test_no_report_before_the_pay_by_date_passed(filed, served, officer, second):
    error = refused(
        filed, InvalidTransition, lambda: propose(filed, officer, second, served, when=(3, 13))
    )
    assert "pay-by date must have passed with the wages still unpaid" in str(error.message)


def test_no_report_on_a_complied_order(filed, served, officer, second):
    with at(3, 12):
        dispatch_services.rectification_complied(order=served, actor=officer)
    error = refused(filed, InvalidTransition, lambda: propose(filed, officer, second, served))
    assert "pay-by date must have passed with the wages still unpaid" in str(error.message)


def test_a_report_needs_its_reasons_and_a_second_inspector(filed, served, officer, second):
    error = refused(
        filed, ValidationError, lambda: propose(filed, officer, second, served, reasons=" ")
    )
    assert "reasons" in error.message_dict
    error = refused(
        filed,
        ValidationError,
        lambda: propose(filed, officer, second, served, second_inspector=None),
    )
    assert "second_inspector" in error.message_dict


def test_a_report_resting_on_no_order_is_refused(filed, served, officer, second):
    error = refused(
        filed, ValidationError, lambda: propose(filed, officer, second, served, order=None)
    )
    assert "order" in error.message_dict


def test_only_the_head_decides(report, officer, supervisor):
    for actor in (officer, supervisor):
        error = refused(
            report.case,
            ActionNotPermitted,
            lambda actor=actor: transfer_report_approve(step=report, actor=actor, note=""),
        )
        assert "Only the head of the inspection body" in str(error.message)


def test_refusing_needs_a_reason(report, inspection_head):
    error = refused(
        report.case,
        InvalidTransition,
        lambda: transfer_report_refuse(step=report, actor=inspection_head, note=" "),
    )
    assert "Write the reason for not approving" in str(error.message)


def test_a_decided_report_is_not_decided_again(approved, inspection_head):
    error = refused(
        approved.case,
        InvalidTransition,
        lambda: transfer_report_refuse(step=approved, actor=inspection_head, note="不同意"),
    )
    assert "already decided" in str(error.message)


def test_no_transfer_without_approval(filed, report, officer, second):
    error = refused(
        filed,
        InvalidTransition,
        lambda: transfer_make(
            case=filed, actor=officer, second_inspector=second, police_body=POLICE
        ),
    )
    assert "The head must have approved a transfer report first" in str(error.message)


def test_a_transfer_names_the_police_body(filed, approved, officer, second):
    error = refused(
        filed,
        ValidationError,
        lambda: transfer_make(case=filed, actor=officer, second_inspector=second, police_body=""),
    )
    assert "police_body" in error.message_dict


def test_no_police_answer_before_the_transfer(filed, approved, officer):
    error = refused(
        filed,
        InvalidTransition,
        lambda: police_answer_record(
            case=filed, actor=officer, outcome="filed", answered_on=date(2026, 3, 17)
        ),
    )
    assert "must have been transferred to the police first" in str(error.message)


@pytest.mark.parametrize(
    ("outcome", "day", "field"),
    [("arrested", date(2026, 3, 18), "outcome"), ("filed", date(2026, 3, 16), "answered_on")],
)
def test_a_bad_police_answer_is_refused(filed, transfer, officer, outcome, day, field):
    def record():
        with at(3, 18):
            police_answer_record(case=filed, actor=officer, outcome=outcome, answered_on=day)

    error = refused(filed, ValidationError, record)
    assert field in error.message_dict
