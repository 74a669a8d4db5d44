"""The penalty path (行政处罚法): the advance notice within the provision's range, the party's
defence or hearing, and the decision, never before the notice is served and the party heard
(or its time passed), never heavier than the notice; the decision opens its service limit."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import DocumentNumber
from complaints.exceptions import InvalidTransition
from complaints.models import IssuedDocument
from dispatch.models import Deadline
from inspection.models import PenaltyProvision, Step, StepKind
from inspection.services.penalty import (
    hearing_record,
    penalty_decision_issue,
    penalty_notice_issue,
)
from inspection.services.service import document_serve
from tests.inspection.conftest import at


@pytest.fixture
def obstruction(db):
    """劳动保障监察条例 Art. 30: 2,000 to 20,000 yuan, a hearing from 10,000."""
    return PenaltyProvision.objects.get(code="obstruction")


def issue_notice(case, officer, second, provision, amount):
    return penalty_notice_issue(
        case=case,
        actor=officer,
        second_inspector=second,
        provision=provision,
        amount=Decimal(amount),
        facts="拒不提供工资支付记录",
        evidence="询问笔录、现场检查笔录",
    )


def serve(step, officer, served_on):
    return document_serve(
        document=step.document,
        actor=officer,
        method="in_person",
        served_on=served_on,
        recipient="王经理",
    )


def decide(case, officer, second, amount):
    return penalty_decision_issue(
        case=case,
        actor=officer,
        second_inspector=second,
        amount=Decimal(amount),
        pay_within_days=15,
        reasons="当事人未提出陈述申辩",
    )


def snapshot(case):
    return (
        Step.objects.filter(case=case).count(),
        IssuedDocument.objects.filter(case=case).count(),
        sorted(DocumentNumber.objects.values_list("kind", "last")),
        Deadline.objects.filter(referral__case=case).count(),
    )


def test_the_notice_states_the_facts_the_fine_and_the_rights(filed, officer, second, obstruction):
    with at(3, 10):
        notice = issue_notice(filed, officer, second, obstruction, "12000")

    assert notice.kind == StepKind.PENALTY_NOTICE and notice.amount == Decimal("12000")
    assert notice.details["provision"] == "obstruction" and notice.details["hearing_right"]
    document = notice.document
    assert document.number == "west罚告字〔2026〕第1号"
    assert document.content["title"] == "行政处罚事先告知书"
    text = str(document.content["sections"])
    assert "12,000.00" in text and "劳动保障监察条例 Art. 30" in text
    assert "陈述" in text and "3" in text and "听证" in text and "5" in text
    assert [s["name"] for s in document.content["signers"]] == [
        officer.display_name,
        second.display_name,
    ]
    assert document.content["sealed"] and document.content["receipt_line"]


def test_a_small_fine_gives_no_hearing_right(filed, officer, second, obstruction):
    with at(3, 10):
        notice = issue_notice(filed, officer, second, obstruction, "5000")
    assert not notice.details["hearing_right"]
    assert "听证" not in str(notice.document.content["sections"])


@pytest.mark.parametrize("amount", ["20000.01", "1999.99"])
def test_a_fine_outside_the_provision_range_is_refused(filed, officer, second, obstruction, amount):
    before = snapshot(filed)
    with at(3, 10), pytest.raises(ValidationError) as refused:
        issue_notice(filed, officer, second, obstruction, amount)
    assert "between 2,000.00 and 20,000.00 yuan" in str(refused.value)
    assert snapshot(filed) == before


def test_a_decision_before_the_notice_is_served_is_refused(filed, officer, second, obstruction):
    with at(3, 10):
        issue_notice(filed, officer, second, obstruction, "5000")
    before = snapshot(filed)
    with at(3, 20), pytest.raises(InvalidTransition) as refused:
        decide(filed, officer, second, "5000")
    assert "must have been served" in str(refused.value)
    assert snapshot(filed) == before


def test_a_decision_in_the_hearing_window_is_refused(filed, officer, second, obstruction):
    with at(3, 10):
        notice = issue_notice(filed, officer, second, obstruction, "12000")
        serve(notice, officer, date(2026, 3, 10))
    before = snapshot(filed)
    with at(3, 15), pytest.raises(InvalidTransition) as refused:
        decide(filed, officer, second, "12000")
    assert "request a hearing until 2026-03-15" in str(refused.value)
    assert snapshot(filed) == before


def test_a_decision_heavier_than_the_notice_is_refused(filed, officer, second, obstruction):
    with at(3, 10):
        notice = issue_notice(filed, officer, second, obstruction, "8000")
        serve(notice, officer, date(2026, 3, 10))
    before = snapshot(filed)
    with at(3, 20), pytest.raises(ValidationError) as refused:
        decide(filed, officer, second, "9000")
    assert "heavier than the 8,000.00 yuan" in str(refused.value)
    assert snapshot(filed) == before


def test_a_decision_below_the_floor_is_refused(filed, officer, second, obstruction):
    with at(3, 10):
        notice = issue_notice(filed, officer, second, obstruction, "8000")
        serve(notice, officer, date(2026, 3, 10))
    before = snapshot(filed)
    with at(3, 20), pytest.raises(ValidationError) as refused:
        decide(filed, officer, second, "1000")
    assert "between 2,000.00 and 20,000.00 yuan" in str(refused.value)
    assert snapshot(filed) == before


def test_notice_served_five_days_passed_then_the_decision(filed, officer, second, obstruction):
    with at(3, 10):
        notice = issue_notice(filed, officer, second, obstruction, "12000")
        serve(notice, officer, date(2026, 3, 10))
    with at(3, 16):
        decision = decide(filed, officer, second, "10000")

    assert decision.follows == notice and decision.amount == Decimal("10000")
    document = decision.document
    assert document.number == "west罚决字〔2026〕第1号"
    assert document.content["title"] == "行政处罚决定书"
    text = str(document.content["sections"])
    assert "10,000.00" in text and "15" in text and "行政复议法" in text
    assert "行政诉讼法" in text and "拒不提供工资支付记录" in text
    serve_clock = Deadline.objects.get(referral=decision.referral, policy__code="penalty.serve")
    assert serve_clock.start == date(2026, 3, 16) and serve_clock.closed_at is None


def test_a_recorded_hearing_lets_the_decision_come_at_once(filed, officer, second, obstruction):
    with at(3, 10):
        notice = issue_notice(filed, officer, second, obstruction, "12000")
        serve(notice, officer, date(2026, 3, 10))
    with at(3, 12):
        hearing = hearing_record(
            case=filed,
            actor=officer,
            second_inspector=second,
            held_on=date(2026, 3, 12),
            kind="hearing",
            summary="当事人称已补交资料，请求从轻",
        )
        decision = decide(filed, officer, second, "10000")
    assert hearing.follows == notice and hearing.details["kind"] == "hearing"
    assert decision.kind == StepKind.PENALTY_DECISION


def test_a_hearing_before_the_notice_is_served_is_refused(filed, officer, second, obstruction):
    with at(3, 10):
        issue_notice(filed, officer, second, obstruction, "12000")
    before = snapshot(filed)
    with at(3, 10), pytest.raises(InvalidTransition):
        hearing_record(
            case=filed,
            actor=officer,
            second_inspector=second,
            held_on=date(2026, 3, 10),
            kind="waived",
            summary="放弃",
        )
    assert snapshot(filed) == before


def test_without_a_hearing_right_the_statement_time_is_three_days(
    filed, officer, second, obstruction
):
    with at(3, 10):
        notice = issue_notice(filed, officer, second, obstruction, "5000")
        serve(notice, officer, date(2026, 3, 10))
    with at(3, 13), pytest.raises(InvalidTransition) as refused:
        decide(filed, officer, second, "5000")
    assert "state its case until 2026-03-13" in str(refused.value)
    with at(3, 14):
        assert decide(filed, officer, second, "5000").amount == Decimal("5000")
