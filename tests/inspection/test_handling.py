"""The administrative handling decision (行政处理决定书, numbered 处字): the wages the served
order named and 加付赔偿金 at the rate the inspector chose, 50% to 100% of the amount owed
(劳动合同法 Art. 85; 劳动保障监察条例 Art. 26), only when the order's pay-by date passed
with the wages unpaid."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from complaints.exceptions import CaseNotVisible, InvalidTransition
from complaints.models import DocumentKind
from dispatch.services.rectification import rectification_complied
from inspection.models import StepKind
from inspection.services.handling import compensation_of, handling_decision_issue
from tests.builders import order_to_pay, serve_order
from tests.inspection.conftest import at
from tests.inspection.test_investigation import written

FACTS = "经查，宜昌某某建筑有限公司拖欠张三、李四2025年10月至12月工资共计8000元。"
EVIDENCE = "1. 询问笔录\n2. 工资表复印件\n3. 现场检查笔录"


@pytest.fixture
def order(filed, officer):
    """An order of 03-05 to pay 张三 5,000 and 李四 3,000 yuan by 03-25, not served yet."""
    zhang, li = filed.complainants.order_by("pk")
    with at(3, 5):
        return order_to_pay(
            filed,
            officer,
            amount_found=Decimal("8000.00"),
            lines={zhang.pk: Decimal("5000.00"), li.pk: Decimal("3000.00")},
            served=False,
        )


@pytest.fixture
def served(order, officer):
    """The order served in person on 03-06; its pay-by date (03-25) passed unpaid."""
    with at(3, 6):
        serve_order(order, officer, served_on=date(2026, 3, 6))
    return order


def decide(case, actor, second, order, **changes):
    arguments = {
        "case": case,
        "actor": actor,
        "second_inspector": second,
        "order": order,
        "rate": 50,
        "pay_within_days": 15,
        "facts": FACTS,
        "evidence": EVIDENCE,
    }
    return handling_decision_issue(**(arguments | changes))


def test_the_decision_orders_the_wages_and_compensation_per_worker(filed, officer, second, served):
    with at(4, 1):
        step = decide(filed, officer, second, served, rate=75)
    assert step.kind == StepKind.HANDLING_DECISION and step.order == served
    assert (step.amount, step.rate, step.compensation) == (
        Decimal("8000.00"),
        75,
        Decimal("6000.00"),
    )
    document = step.document
    assert document.kind == DocumentKind.HANDLING_DECISION
    assert document.number == "west处字〔2026〕第1号"
    content = document.content
    assert content["title"] == "行政处理决定书"
    assert content["addressee"] == "宜昌某某建筑有限公司"
    assert content["sealed"] is True and content["receipt_line"]
    headings = [section["heading"] for section in content["sections"]]
    assert headings == [
        "查明的违法事实",
        "证据材料",
        "处理依据",
        "处理决定",
        "逾期不履行的后果",
        "救济途径",
    ]
    sections = {section["heading"]: section for section in content["sections"]}
    facts = "".join(sections["查明的违法事实"]["paragraphs"])
    assert FACTS in facts and served.number in facts and "2026年3月6日" in facts
    assert sections["证据材料"]["paragraphs"] == EVIDENCE.splitlines()
    basis = "".join(sections["处理依据"]["paragraphs"])
    assert "劳动保障监察条例》第二十六条" in basis and "劳动合同法》第八十五条" in basis
    decision = sections["处理决定"]
    assert "15日内" in decision["paragraphs"][0] and "75%" in decision["paragraphs"][0]
    assert decision["table"]["rows"] == [
        ["张三", "5,000.00", "3,750.00", "8,750.00"],
        ["李四", "3,000.00", "2,250.00", "5,250.00"],
    ]
    assert decision["table"]["footer"] == ["合计", "8,000.00", "6,000.00", "14,000.00"]
    assert "人民法院强制执行" in "".join(sections["逾期不履行的后果"]["paragraphs"])
    remedies = "".join(sections["救济途径"]["paragraphs"])
    assert "60日" in remedies and "6个月" in remedies
    assert [(s["name"], s["card"]) for s in content["signers"]] == [
        ("赵强", "JC-officer"),
        (second.display_name, second.inspection_card_number),
    ]


@pytest.mark.parametrize(
    ("rate", "compensation"),
    [(50, Decimal("4000.00")), (75, Decimal("6000.00")), (100, Decimal("8000.00"))],
)
def test_compensation_is_the_rate_of_the_wages_owed(
    filed, officer, second, served, rate, compensation
):
    with at(4, 1):
        step = decide(filed, officer, second, served, rate=rate)
    assert step.compensation == compensation
    assert [line["compensation"] for line in step.details["lines"]] == [
        str((Decimal("5000.00") * rate / 100).quantize(Decimal("0.01"))),
        str((Decimal("3000.00") * rate / 100).quantize(Decimal("0.01"))),
    ]


def test_compensation_is_rounded_to_the_fen_half_up(filed, officer, second):
    zhang = filed.complainants.order_by("pk").first()
    with at(3, 5):
        odd = order_to_pay(filed, officer, lines={zhang.pk: Decimal("1234.57")})
    with at(4, 1):
        step = decide(filed, officer, second, odd, rate=55)  # 679.0135 -> 679.01
    assert step.compensation == Decimal("679.01")
    assert compensation_of(Decimal("1234.57"), 75) == Decimal("925.93")  # 925.9275
    assert compensation_of(Decimal("0.01"), 50) == Decimal("0.01")  # 0.005 -> 0.01


def test_an_order_is_decided_on_once(filed, officer, second, served):
    with at(4, 1):
        decide(filed, officer, second, served)
    before = written(filed)
    with at(4, 2), pytest.raises(InvalidTransition) as refused:
        decide(filed, officer, second, served, rate=100)
    assert str(refused.value.message) == (
        f"A handling decision was already made on order {served.number}."
    )
    assert written(filed) == before


@pytest.mark.parametrize("rate", [49, 101, 0])
def test_a_rate_outside_50_to_100_is_refused(filed, officer, second, served, rate):
    before = written(filed)
    with at(4, 1), pytest.raises(ValidationError) as refused:
        decide(filed, officer, second, served, rate=rate)
    assert refused.value.message_dict["rate"] == [
        "The rate of the additional compensation must be from 50 to 100 percent of the wages "
        "owed (劳动合同法, Art. 85)."
    ]
    assert written(filed) == before


def test_a_decision_before_the_order_is_served_is_refused(filed, officer, second, order):
    before = written(filed)
    with at(4, 1), pytest.raises(InvalidTransition) as refused:
        decide(filed, officer, second, order)
    assert str(refused.value.message) == (
        "An order to correct must have been served on the party first."
    )
    assert written(filed) == before


def test_a_decision_on_an_order_complied_with_is_refused(filed, officer, second, served):
    with at(3, 20):
        rectification_complied(order=served, actor=officer)
    before = written(filed)
    with at(4, 1), pytest.raises(InvalidTransition) as refused:
        decide(filed, officer, second, served)
    assert str(refused.value.message) == (
        f"Order {served.number} was complied with: no additional compensation can be decided on it."
    )
    assert written(filed) == before


def test_a_decision_before_the_pay_by_date_passed_is_refused(filed, officer, second, served):
    before = written(filed)
    with at(3, 25), pytest.raises(InvalidTransition) as refused:
        decide(filed, officer, second, served)
    assert "has not passed yet" in str(refused.value.message)
    assert written(filed) == before


def test_an_order_of_another_case_is_refused(filed, officer, second, served, register_case):
    other = register_case()
    before = written(filed)
    with at(4, 1), pytest.raises(ValidationError) as refused:
        decide(filed, officer, second, served.__class__(pk=0, case=other))
    assert refused.value.message_dict["order"] == [
        "Choose an order to correct served on this case."
    ]
    assert written(filed) == before


def test_one_inspector_alone_cannot_decide(filed, officer, served):
    before = written(filed)
    with at(4, 1), pytest.raises(ValidationError) as refused:
        decide(filed, officer, None, served)
    assert refused.value.message_dict["second_inspector"] == ["Choose the second inspector."]
    assert written(filed) == before


def test_a_user_of_another_district_cannot_decide(filed, served, east_supervisor, east_inspector):
    before = written(filed)
    with at(4, 1), pytest.raises(CaseNotVisible):
        decide(filed, east_supervisor, east_inspector, served)
    assert written(filed) == before
