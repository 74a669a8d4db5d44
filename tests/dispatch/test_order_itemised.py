"""The order to correct (限期改正指令书): the party ordered, one line per worker, the
office's gap-free number, and two inspectors with their inspection card numbers
(劳动保障监察条例 Art. 16).

Two workers are owed 5,000 and 3,000 yuan; the case is routed on 2026-03-02 and the
order issued on 03-04 to pay by 03-13.
"""

import json
from datetime import date
from decimal import Decimal

import pytest
from dispatch_steps import at
from django.core.exceptions import ValidationError

from accounts.models import DocumentNumber
from accounts.roles import Role
from complaints import services as complaints_services
from complaints.models import CaseEvent, IssuedDocument
from complaints.services import ComplainantData
from dispatch import services
from dispatch.models import OrderLine, RectificationOrder
from dispatch.order_text import order_provisions

PAY_BY = date(2026, 3, 13)


@pytest.fixture
def case(register_case, officer, inspection_head, supervisor):
    """Two workers' case, accepted by the inspection desk and filed on 03-04."""
    with at(3, 2):
        case = register_case(
            complainants=[
                ComplainantData(name="张三", phone="13800138000", owed_amount=Decimal("5000")),
                ComplainantData(name="李四", phone="13900139000", owed_amount=Decimal("3000")),
            ]
        )
        referral = services.case_route(case_id=case.pk)[0]
    with at(3, 4):
        services.referral_accept(referral=referral, actor=officer)
        complaints_services.case_accept(case=case, actor=inspection_head)
    return case


def lines_of(case, *amounts) -> dict:
    workers = case.complainants.order_by("pk")
    return {worker.pk: Decimal(amount) for worker, amount in zip(workers, amounts, strict=False)}


def issue(case, actor, second, **overrides) -> RectificationOrder:
    arguments = {
        "findings": "查实拖欠两名工人工资",
        "amount_found": Decimal("8000"),
        "pay_by": PAY_BY,
        "second_inspector": second,
        "lines": lines_of(case, "5000", "3000"),
    } | overrides
    with at(3, 4, 11):
        return services.rectification_order(case=case, actor=actor, **arguments)


def test_the_order_holds_every_part(case, officer, supervisor):
    order = issue(case, officer, supervisor)
    assert order.number == "west限改字〔2026〕第1号"
    assert order.addressee_role == "employer" and order.addressee_name == ""
    assert set(order.inspectors.all()) == {officer, supervisor}
    assert order.signers == [officer, supervisor]
    lines = [(line.complainant.name, line.amount) for line in order.lines.all()]
    assert lines == [("张三", Decimal("5000.00")), ("李四", Decimal("3000.00"))]
    assert order.amount_ordered == Decimal("8000.00") and order.workers_concerned == 2
    assert order.deadline is None  # its pay-by clock runs from its service


def test_the_order_is_issued_as_a_document_with_every_part(case, officer, supervisor, district):
    """The issued document (kind "rectification") carries what the printed order carries,
    in Chinese, under the order's own number (taken once)."""
    district.review_body, district.court = "宜昌市人民政府", "宜昌市西陵区人民法院"
    district.save()
    order = issue(
        case,
        officer,
        supervisor,
        addressee_role="general_contractor",
        addressee_name="宜昌某某建设集团有限公司",
        addressee_credit_code="91420500MA4XXXXX1Y",
    )
    document = IssuedDocument.objects.get(case=case, kind="rectification")
    assert document.number == order.number == "west限改字〔2026〕第1号"
    assert document.issued_at == order.issued_at and document.issued_by == officer
    assert DocumentNumber.objects.get(kind="rectification").last == 1
    content = document.content
    assert content["title"] == "限期改正指令书" and content["number"] == order.number
    assert content["acting_body"] == district.acting_body_name
    assert (
        content["addressee"] == "宜昌某某建设集团有限公司（统一社会信用代码：91420500MA4XXXXX1Y）"
    )
    assert ["被责令单位", "施工总承包单位"] in content["facts"]
    assert case.ticket in [value for _label, value in content["facts"]]
    sections = content["sections"]
    headings = [section["heading"] for section in sections]
    assert headings == ["查明事实", "违反的规定", "责令事项", "", "逾期不支付的后果", "救济途径"]
    assert sections[0]["paragraphs"] == ["查实拖欠两名工人工资"]
    provisions = " ".join(sections[1]["paragraphs"])
    assert "《中华人民共和国劳动合同法》第三十条" in provisions
    assert "《保障农民工工资支付条例》第三十条" in provisions
    table = sections[2]["table"]
    assert table["rows"] == [["张三", "5000.00"], ["李四", "3000.00"]]
    assert table["footer"] == ["合计2人", "8000.00"]
    text = json.dumps(content, ensure_ascii=False)
    for words in [
        "2026-03-13",
        "加付赔偿金",
        "第二百七十六条之一",
        "宜昌市人民政府",
        "宜昌市西陵区人民法院",
    ]:
        assert words in text, words
    assert content["signers"] == [
        {"name": officer.display_name, "card": officer.inspection_card_number},
        {"name": supervisor.display_name, "card": supervisor.inspection_card_number},
    ]
    assert content["sealed"] and content["receipt_line"] == "被责令单位签收（签名及日期）："
    issued = CaseEvent.objects.filter(case=case, kind="document_issued")
    assert [
        event.payload["number"] for event in issued if event.payload["kind"] == "rectification"
    ] == [order.number]


def refused(case, officer, second, field, **overrides) -> str:
    """The order is refused on `field`; nothing is written, no number is taken."""
    with pytest.raises(ValidationError) as error:
        issue(case, officer, second, **overrides)
    assert field in error.value.message_dict, error.value.message_dict
    assert not RectificationOrder.objects.exists() and not OrderLine.objects.exists()
    assert not DocumentNumber.objects.filter(kind="rectification").exists()
    assert not IssuedDocument.objects.filter(kind="rectification").exists()
    assert not case.referrals.get().deadlines.filter(policy__code="inspection.rectify").exists()
    return " ".join(error.value.message_dict[field])


def test_a_second_inspector_without_a_card_number_is_refused(case, officer, user_factory, district):
    carded = user_factory("carded", district, Role.INSPECTOR, first_name="五", last_name="王")
    bare = user_factory(
        "bare",
        district,
        Role.INSPECTOR,
        first_name="六",
        last_name="赵",
        inspection_card_number=None,
    )
    message = refused(case, officer, bare, "second_inspector")
    assert "赵六" in message and "inspection card number" in message
    officer.inspection_card_number = None
    officer.save(update_fields=["inspection_card_number"])
    assert "赵强" in refused(case, officer, carded, "second_inspector")


def test_the_same_inspector_twice_is_refused(case, officer):
    assert "someone other than you" in refused(case, officer, officer, "second_inspector")


def test_an_inspector_of_another_office_is_refused(case, officer, user_factory, other_district):
    east = user_factory("east-inspector", other_district, Role.INSPECTOR)
    assert "not an active inspector of West District" in refused(
        case, officer, east, "second_inspector"
    )


def test_an_inactive_inspector_is_refused(case, officer, user_factory, district):
    gone = user_factory("gone", district, Role.INSPECTOR, is_active=False)
    refused(case, officer, gone, "second_inspector")


@pytest.mark.parametrize("amount", ["0", "-100", "100.005"])
def test_a_line_amount_not_above_zero_or_finer_than_a_fen_is_refused(
    case, officer, supervisor, amount
):
    message = refused(case, officer, supervisor, "lines", lines=lines_of(case, "5000", amount))
    assert "李四" in message


def test_a_worker_of_another_case_is_refused(case, officer, supervisor, register_case):
    stranger = register_case().complainants.get()
    lines = {**lines_of(case, "5000"), stranger.pk: Decimal("100")}
    refused(case, officer, supervisor, "lines", lines=lines)


def test_a_contractor_must_be_named(case, officer, supervisor):
    refused(case, officer, supervisor, "addressee_name", addressee_role="general_contractor")


def test_an_order_to_the_general_contractor_cites_art_30(case, officer, supervisor):
    order = issue(
        case,
        officer,
        supervisor,
        addressee_role="general_contractor",
        addressee_name="宜昌某某建设集团有限公司",
        addressee_credit_code="91420500MA4XXXXX1Y",
    )
    provisions = [str(text) for text in order_provisions(order)]
    assert any("Art. 30 of the Regulations on Ensuring" in text for text in provisions)
    assert not any("Art. 36" in text for text in provisions)
    order.addressee_role = "construction_unit"
    assert any("Art. 36" in str(text) for text in order_provisions(order))


def test_the_number_is_gap_free_per_office_and_year(case, officer, supervisor):
    refused(case, officer, officer, "second_inspector")
    first = issue(case, officer, supervisor)
    with at(3, 5):
        services.rectification_complied(order=first, actor=officer)
    with at(3, 5, 11):
        second = services.rectification_order(
            case=case,
            actor=officer,
            findings="再次责令",
            amount_found=Decimal("3000"),
            pay_by=PAY_BY,
            second_inspector=supervisor,
            lines=lines_of(case, "0.01"),
        )
    assert [first.number, second.number] == ["west限改字〔2026〕第1号", "west限改字〔2026〕第2号"]


# Pages ----------------------------------------------------------------------------------


def test_the_form_lists_the_workers_and_proposes_what_is_owed(client, case, officer):
    client.force_login(officer)
    page = client.get(f"/cases/{case.ticket}/").content.decode()
    zhang, li = case.complainants.order_by("pk")
    assert f'name="order-line_{zhang.pk}"' in page and 'value="5000.00"' in page
    assert f'name="order-line_{li.pk}"' in page and 'value="3000.00"' in page
    assert 'name="order-second_inspector"' in page


def test_a_refused_form_says_why(client, case, officer):
    client.force_login(officer)
    zhang = case.complainants.order_by("pk").first()
    data = {
        "order-findings": "查实",
        "order-amount_found": "5000",
        "order-addressee_role": "employer",
        f"order-line_{zhang.pk}": "0",
        "order-pay_by": "2026-03-13",
        "order-second_inspector": "",
    }
    with at(3, 4):
        response = client.post(f"/cases/{case.ticket}/order/", data, follow=True)
    assert "This field is required." in response.content.decode()
    assert not RectificationOrder.objects.exists()


# The printed order is its issued document, written in the documents' language (Chinese)
# whatever language its reader's pages are in.
ORDER_WORDS = [
    "限期改正指令书",
    "《中华人民共和国劳动合同法》第三十条",
    "《保障农民工工资支付条例》第三十条",
    "加付赔偿金",
    "第二百七十六条之一",
    "JC-officer",
    "JC-supervisor",
    "施工总承包单位",
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_printed_order(client, case, officer, supervisor, district, language):
    district.review_body, district.court = "宜昌市人民政府", "宜昌市西陵区人民法院"
    district.save()
    order = issue(
        case,
        officer,
        supervisor,
        addressee_role="general_contractor",
        addressee_name="宜昌某某建设集团有限公司",
    )
    client.force_login(officer)
    page = client.get(f"/orders/{order.pk}/", HTTP_ACCEPT_LANGUAGE=language, follow=True)
    html = page.content.decode()
    client.cookies.clear()
    for text in [order.number, "宜昌某某建设集团有限公司", "张三", "李四", "5000.00", "3000.00"]:
        assert text in html
    for text in ["8000.00", "2026-03-13", "宜昌市人民政府", "宜昌市西陵区人民法院", *ORDER_WORDS]:
        assert text in html, text
    assert "13800138000" not in html
