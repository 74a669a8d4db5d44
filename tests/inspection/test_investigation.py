"""The investigation's acts on a filed case: the inquiry notice (询问通知书, numbered 询通字),
the inquiry record (询问笔录) and the on-site inspection record (现场检查笔录), each carried
out by two inspectors with their cards (劳动保障监察条例 Art. 16), each refused with its
reason and nothing written when something is missing or wrong."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import DocumentNumber
from complaints.exceptions import CaseNotVisible, InvalidTransition
from complaints.models import CaseEvent, DocumentKind, IssuedDocument
from inspection.models import Step, StepKind
from inspection.services.investigation import (
    inquiry_notice_issue,
    inquiry_record_enter,
    site_record_enter,
)
from tests.inspection.conftest import SHANGHAI, at

BRING = ["工资支付记录（工资表）", "考勤记录", "劳动合同", "营业执照副本"]


def moment(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def written(case) -> dict:
    """What an act writes: its steps, documents, numbers taken and timeline events."""
    return {
        "steps": Step.objects.filter(case=case).count(),
        "documents": IssuedDocument.objects.filter(case=case).count(),
        "numbers": list(DocumentNumber.objects.order_by("id").values_list("kind", "last")),
        "events": CaseEvent.objects.filter(case=case).count(),
    }


def notice(case, actor, second, **changes):
    arguments = {
        "case": case,
        "actor": actor,
        "second_inspector": second,
        "addressee": "",
        "appear_at": moment(3, 10, 9, 30),
        "place": "雁塔区劳动保障监察大队询问室",
        "bring": BRING,
        "note": "",
    }
    return inquiry_notice_issue(**(arguments | changes))


def record(case, actor, second, **changes):
    arguments = {
        "case": case,
        "actor": actor,
        "second_inspector": second,
        "person_name": "王五",
        "person_role": "公司财务负责人",
        "started_at": moment(3, 10, 9, 30),
        "ended_at": moment(3, 10, 10, 15),
        "place": "雁塔区劳动保障监察大队询问室",
        "exchanges": [
            ("公司是否拖欠张三、李四的工资？", "是的，拖欠了2025年10月至12月的工资。"),
            ("拖欠的原因是什么？", "工程款未到位。"),
        ],
    }
    return inquiry_record_enter(**(arguments | changes))


def site(case, actor, second, **changes):
    arguments = {
        "case": case,
        "actor": actor,
        "second_inspector": second,
        "place": "宜昌某某建筑有限公司项目部",
        "inspected_at": moment(3, 6, 14),
        "present": "王五（财务负责人）",
        "findings": "项目部现场有工人二十余名。\n未见考勤记录和工资支付台账。",
    }
    return site_record_enter(**(arguments | changes))


def signers_of(document) -> list[tuple[str, str]]:
    return [(s["name"], s["card"]) for s in document.content["signers"]]


def texts(document) -> str:
    return "\n".join(p for s in document.content["sections"] for p in s["paragraphs"])


# --- the inquiry notice ------------------------------------------------------------------


def test_the_inquiry_notice_tells_the_employer_when_where_and_what_to_bring(filed, officer, second):
    with at(3, 5):
        step = notice(filed, officer, second)
    assert step.kind == StepKind.INQUIRY_NOTICE
    assert set(step.inspectors.all()) == {officer, second}
    document = step.document
    assert document.kind == DocumentKind.INQUIRY_NOTICE
    assert document.number == "west询通字〔2026〕第1号"
    content = document.content
    assert content["title"] == "询问通知书"
    assert content["addressee"] == "宜昌某某建筑有限公司"  # the case's employer by default
    assert content["sealed"] is True
    assert content["receipt_line"].startswith("被询问单位签收")
    assert signers_of(document) == [
        ("赵强", "JC-officer"),
        (second.display_name, second.inspection_card_number),
    ]
    body = texts(document)
    assert "2026年3月10日 09:30" in body and "雁塔区劳动保障监察大队询问室" in body
    assert [f"{n}. {item}" for n, item in enumerate(BRING, 1)] == content["sections"][1][
        "paragraphs"
    ]
    assert "第十五条" in body or "Art. 15" in body or "第15条" in body
    assert "第三十条" in body or "第30条" in body
    assert "0717-6331234" in body  # the office's telephone to contact
    assert "赵强（监察证号：JC-officer）" in body  # the inspectors to contact, with their cards
    assert ("登记编号", filed.ticket) in [tuple(f) for f in content["facts"]]
    assert step.details["bring"] == BRING


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"appear_at": moment(3, 5, 9)}, "appear_at", "The time to appear must be in the future."),
        ({"place": "  "}, "place", "Write the place where the employer is to appear."),
    ],
    ids=["time in the past", "no place"],
)
def test_a_notice_in_the_past_or_without_a_place_is_refused(
    filed, officer, second, changes, field, message
):
    before = written(filed)
    with at(3, 5, 10), pytest.raises(ValidationError) as refused:
        notice(filed, officer, second, **changes)
    assert refused.value.message_dict[field] == [message]
    assert written(filed) == before


def test_one_inspector_alone_cannot_act(filed, officer):
    before = written(filed)
    with at(3, 5), pytest.raises(ValidationError) as refused:
        notice(filed, officer, None)
    assert refused.value.message_dict["second_inspector"] == ["Choose the second inspector."]
    with at(3, 5), pytest.raises(ValidationError) as refused:
        notice(filed, officer, officer)
    assert "someone other than you" in refused.value.message_dict["second_inspector"][0]
    assert written(filed) == before


def test_a_user_of_another_district_cannot_act(filed, east_supervisor, east_inspector):
    before = written(filed)
    for act, day in ((notice, 5), (record, 11), (site, 11)):
        with at(3, day), pytest.raises(CaseNotVisible):
            act(filed, east_supervisor, east_inspector)
    assert written(filed) == before


def test_an_unfiled_case_gets_no_investigating_act(register_case, supervisor, officer):
    case = register_case()
    before = written(case)
    with at(3, 5), pytest.raises(InvalidTransition) as refused:
        notice(case, supervisor, officer)
    assert str(refused.value.message) == "The case must be accepted and open."
    assert written(case) == before


# --- the inquiry record -----------------------------------------------------------------


def test_the_inquiry_record_holds_the_questions_and_answers(filed, officer, second):
    with at(3, 10, 11):
        step = record(filed, officer, second)
    document = step.document
    assert document.kind == DocumentKind.INQUIRY_RECORD
    assert document.number == ""  # records carry no number
    content = document.content
    assert content["title"] == "询问笔录"
    facts = dict(tuple(f) for f in content["facts"])
    assert facts["被询问人"] == "王五"
    assert facts["职务或与用人单位的关系"] == "公司财务负责人"
    assert facts["地点"] == "雁塔区劳动保障监察大队询问室"
    assert "2026年3月10日 09:30" in facts["时间"] and "10:15" in facts["时间"]
    assert signers_of(document) == [
        ("赵强", "JC-officer"),
        (second.display_name, second.inspection_card_number),
    ]
    shown = content["sections"][0]["paragraphs"][0]
    assert "赵强" in shown and "JC-officer" in shown and second.display_name in shown
    assert content["sections"][1]["paragraphs"] == [
        "问：公司是否拖欠张三、李四的工资？",
        "答：是的，拖欠了2025年10月至12月的工资。",
        "问：拖欠的原因是什么？",
        "答：工程款未到位。",
    ]
    assert "以上笔录我已看过，与我说的相符" in texts(document)
    assert content["receipt_line"].startswith("被询问人签名")
    assert step.details["exchanges"][1] == ["拖欠的原因是什么？", "工程款未到位。"]
    assert DocumentNumber.objects.filter(kind="inquiry_record").count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"exchanges": []}, "exchanges", "Enter at least one question and its answer."),
        (
            {"exchanges": [("拖欠的原因是什么？", " ")]},
            "exchanges",
            "Every question needs its answer, and every answer its question.",
        ),
        (
            {"exchanges": [("", "工程款未到位。")]},
            "exchanges",
            "Every question needs its answer, and every answer its question.",
        ),
        (
            {"ended_at": moment(3, 10, 9, 0)},
            "ended_at",
            "The inquiry cannot end before it started.",
        ),
    ],
    ids=["no exchange", "empty answer", "empty question", "end before start"],
)
def test_a_record_without_exchanges_or_ending_before_it_started_is_refused(
    filed, officer, second, changes, field, message
):
    before = written(filed)
    with at(3, 10, 11), pytest.raises(ValidationError) as refused:
        record(filed, officer, second, **changes)
    assert refused.value.message_dict[field] == [message]
    assert written(filed) == before


# --- the on-site inspection record -------------------------------------------------------


def test_the_site_record_says_where_when_who_and_what_was_found(filed, officer, second):
    with at(3, 6, 16):
        step = site(filed, officer, second)
    document = step.document
    assert step.kind == StepKind.SITE_RECORD and document.kind == DocumentKind.SITE_RECORD
    assert document.number == ""
    content = document.content
    assert content["title"] == "现场检查笔录"
    facts = dict(tuple(f) for f in content["facts"])
    assert facts["地点"] == "宜昌某某建筑有限公司项目部"
    assert facts["在场人员"] == "王五（财务负责人）"
    assert facts["时间"] == "2026年3月6日 14:00"
    assert content["sections"][1]["paragraphs"] == [
        "项目部现场有工人二十余名。",
        "未见考勤记录和工资支付台账。",
    ]
    assert signers_of(document) == [
        ("赵强", "JC-officer"),
        (second.display_name, second.inspection_card_number),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"place": ""}, "place"), ({"findings": " "}, "findings")],
    ids=["no place", "no findings"],
)
def test_a_site_record_without_place_or_findings_is_refused(filed, officer, second, changes, field):
    before = written(filed)
    with at(3, 6, 16), pytest.raises(ValidationError) as refused:
        site(filed, officer, second, **changes)
    assert field in refused.value.message_dict
    assert written(filed) == before
