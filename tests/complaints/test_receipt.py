"""The complaint registration receipt (投诉登记回执): what it carries, in both languages.

Registration is not acceptance: the receipt is the worker's proof of the day the complaint
was made and of what was claimed, in the registering office's name, with the desks the
case went to and only those desks' time limits (docs/architecture.md, "The registration
receipt"). Its view is complaints', its desks a panel that dispatch registers.
"""

import html
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import Category, RoutingState
from complaints.services import ComplainantData, EmployerData
from dispatch import services as dispatch
from dispatch.models import DeadlinePolicy, Desk, Referral

ACTING_BODY = "宜昌市西陵区人力资源和社会保障局"
EMPLOYER = "宜昌某某建筑有限公司"
DESCRIPTION = "滨江花园工地拖欠三个月工资 Three months' wages unpaid on the site"


def receipt_text(client, case, language: str = "en") -> str:
    """The receipt as read: tags removed, runs of white space made one space."""
    response = client.get(
        reverse("complaints:receipt", args=[case.ticket]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(body).split())


def receipt_html(client, case, language: str = "en") -> str:
    response = client.get(
        reverse("complaints:receipt", args=[case.ticket]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def legal_identity(district):
    district.name = "西陵区劳动保障监察大队"
    district.acting_body = ACTING_BODY
    district.save()
    return district


@pytest.fixture
def window_client(client, window):
    client.force_login(window)
    return client


@pytest.fixture
def wage_case(register_case, legal_identity):
    """A group wage complaint with amounts, two materials ticked, not routed yet."""
    return register_case(
        description=DESCRIPTION,
        employer=EmployerData(name=EMPLOYER, credit_code="91420500MA4ABCDE1D"),
        site="滨江花园二期",
        amount_claimed=Decimal("7500.50"),
        workers_affected=2,
        complainants=[
            ComplainantData(name="张三", phone="13800138000", owed_amount=Decimal("3000.00")),
            ComplainantData(name="李四", phone="13900139000", owed_amount=Decimal("4500.50")),
            ComplainantData(name="王五", phone="13700137000"),
        ],
        missing_materials=["payroll", "labor_contract"],
    )


def route(case):
    dispatch.case_route(case_id=case.pk)
    case.refresh_from_db()
    return case


# --- The parts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            {
                "title": "Complaint registration receipt",
                "number": "Registration number",
                "against": "Complained against",
                "matter": "What is complained of",
                "category": "Wage arrears",
                "owed": ["claims ¥3000.00 owed", "claims ¥4500.50 owed"],
                "desk": "Labor inspection",
                "registered": "Your complaint was registered on",
                "art27": "interrupts the one-year time limit for applying to labor dispute "
                "arbitration, which starts again from that day "
                "(劳动争议调解仲裁法, Art. 27 para. 2)",
                "materials": ["Payroll or wage slips", "Labor contract or proof of employment"],
                "lookup": "and the last four digits of the phone number you gave",
                "signatures": ["Officer (signature):", "Complainant (signature):"],
            },
        ),
        (
            "zh-hans",
            {
                "title": "投诉登记回执",
                "number": "登记编号",
                "against": "被投诉单位（人）",
                "matter": "投诉事项",
                "category": "拖欠工资",
                "owed": ["主张欠薪¥3000.00", "主张欠薪¥4500.50"],
                "desk": "劳动保障监察",
                "registered": "您的投诉已于",
                "art27": "申请劳动争议仲裁的一年时效即中断，并从该日起重新计算"
                "（《劳动争议调解仲裁法》第二十七条第二款）",
                "materials": ["工资表或工资条", "劳动合同或劳动关系证明"],
                "lookup": "所留电话号码的后四位",
                "signatures": ["经办人（签字）：", "投诉人（签字）："],
            },
        ),
    ],
)
def test_the_receipt_carries_every_part(window_client, wage_case, language, words):
    text = receipt_text(window_client, wage_case, language)

    assert text.count(words["title"]) >= 2  # the page title and the heading
    assert "Acceptance receipt" not in text and "受理回执" not in text
    assert f"{words['number']} {wage_case.ticket}" in text
    # In the registering office's legal name, and the office under it.
    assert ACTING_BODY in text and "西陵区劳动保障监察大队" in text
    registered = wage_case.registered_at.astimezone().strftime("%Y-%m-%d")
    assert registered in text
    assert f"{words['against']} {EMPLOYER} (91420500MA4ABCDE1D)" in text
    assert f"{words['matter']} {words['category']}" in text and DESCRIPTION in text
    assert all(owed in text for owed in words["owed"])
    assert "¥7500.50" in text  # the amount claimed in all
    assert words["desk"] in text
    assert words["registered"] in text and words["art27"] in text
    assert all(material in text for material in words["materials"])
    assert words["lookup"] in text and wage_case.ticket in text
    assert all(line in text for line in words["signatures"])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_receipt_masks_phone_numbers(window_client, wage_case, language):
    text = receipt_text(window_client, wage_case, language)

    assert "138****8000" in text and "139****9000" in text
    assert "13800138000" not in text and "13900139000" not in text


def test_the_registration_time_is_printed_to_the_minute(window_client, wage_case):
    moment = timezone.localtime(wage_case.registered_at).strftime("%Y-%m-%d %H:%M")
    assert f"Date and time of registration {moment}" in receipt_text(window_client, wage_case)


# --- The desks and only their time limits -----------------------------------------------


@pytest.mark.parametrize(
    ("language", "limits"),
    [
        (
            "en",
            [
                "within 5 working days of the day your complaint was registered (",
                "within 60 working days of the day the case is filed (立案) once it is accepted (",
                "by at most 30 working days more, and only with approval",
            ],
        ),
        (
            "zh-hans",
            [
                "自您的投诉登记之日起5个工作日内",
                "投诉受理的，自立案之日起60个工作日内",
                "须经批准，最多延长30个工作日",
            ],
        ),
    ],
)
def test_a_routed_inspection_case_states_the_inspection_limits_and_where_they_count_from(
    window_client, wage_case, language, limits
):
    route(wage_case)
    text = receipt_text(window_client, wage_case, language)

    assert all(limit in text for limit in limits), text
    for code in ("inspection.accept", "inspection.investigate", "inspection.extend"):
        policy = DeadlinePolicy.objects.get(code=code)
        step = policy.name_zh if language == "zh-hans" else policy.name_en
        assert f"{step}：" in text or f"{step}:" in text  # the rows' own words
        assert policy.basis in text
    assert "arbitration commission receives" not in text and "仲裁委员会收到" not in text


@pytest.fixture
def arbitration_case(register_case, legal_identity):
    """A complaint that routing sends to arbitration alone (the keyword rule)."""
    case = register_case(category=Category.OTHER, description="要求申请劳动仲裁，确认劳动关系")
    return route(case)


@pytest.mark.parametrize(
    ("language", "arbitration", "inspection"),
    [
        (
            "en",
            "within 5 days of the day the arbitration commission receives your arbitration "
            "application, not of this registration (",
            ["5 working days", "60 working days", "若干规定", "Labor inspection"],
        ),
        (
            "zh-hans",
            "自劳动人事争议仲裁委员会收到您的仲裁申请之日起5日内，不自本次登记之日起算",
            ["5个工作日", "60个工作日", "若干规定", "劳动保障监察 "],
        ),
    ],
)
def test_a_case_routed_only_to_arbitration_promises_no_inspection_limits(
    window_client, arbitration_case, language, arbitration, inspection
):
    assert [r.desk.kind for r in arbitration_case.referrals.all()] == ["arbitration"]
    text = receipt_text(window_client, arbitration_case, language)

    assert arbitration in text
    assert DeadlinePolicy.objects.get(code="arbitration.accept").basis in text
    for promise in inspection:
        assert promise not in text


@pytest.mark.parametrize(
    ("language", "expected", "limits"),
    [
        (
            "en",
            "Your complaint is being passed to these desks now:",
            [
                "within 15 days of the day your complete application for recognition of a "
                "work injury is received",
                "within 7 days of the day your legal aid application is received",
            ],
        ),
        (
            "zh-hans",
            "您的投诉正在转交以下业务科室：",
            ["自收到您提交的完整工伤认定申请材料之日起15日内", "自收到您的法律援助申请之日起7日内"],
        ),
    ],
)
def test_a_case_not_routed_yet_shows_the_desks_routing_will_pick_and_writes_nothing(
    window_client, register_case, legal_identity, language, expected, limits
):
    case = register_case(category=Category.WORK_INJURY, description="工地摔伤，要求认定工伤")
    assert case.routing_state == RoutingState.PENDING

    text = receipt_text(window_client, case, language)

    assert expected in text
    assert all(limit in text for limit in limits)
    assert "60 working days" not in text and "60个工作日" not in text
    case.refresh_from_db()
    assert case.routing_state == RoutingState.PENDING and not Referral.objects.exists()


def test_a_routed_case_shows_where_it_went_not_a_prediction(window_client, wage_case):
    text = receipt_text(window_client, route(wage_case))

    assert "being passed to these desks" not in text
    assert "Labor inspection · 西陵区劳动保障监察大队" in text


def test_a_desk_that_sent_the_case_back_is_not_listed(window_client, register_case, officer):
    Desk.objects.get_or_create(office=officer.office, kind="arbitration")[0].members.add(officer)
    case = route(register_case(requested_desks=["arbitration"]))
    returned = Referral.objects.get(case=case, desk__kind="arbitration")
    dispatch.referral_return(referral=returned, actor=officer, reason="不属本科室")

    text = receipt_text(window_client, case)

    assert "Labor inspection" in text and "60 working days" in text
    assert "Labor arbitration" not in text and "arbitration commission receives" not in text


def test_an_administrators_edit_of_a_limit_is_what_the_receipt_says(window_client, wage_case):
    DeadlinePolicy.objects.filter(code="inspection.accept").update(limit=7, basis="本局规定第三条")

    text = receipt_text(window_client, wage_case)

    assert "within 7 working days of the day your complaint was registered (本局规定第三条)" in text
    assert "within 5 working days" not in text


# --- The employer, the materials ----------------------------------------------------------


@pytest.mark.parametrize(("language", "label", "traced"), [
    ("en", "Complained against", "To be traced"),
    ("zh-hans", "被投诉单位（人）", "待查明"),
])  # fmt: skip
def test_a_complaint_without_an_employer_says_it_is_to_be_traced(
    window_client, register_case, language, label, traced
):
    case = register_case(employer=None)

    assert f"{label} {traced}" in receipt_text(window_client, case, language)


def test_the_materials_still_wanted_are_the_ones_ticked_and_not_yet_collected(
    window_client, wage_case, inspector
):
    payroll = wage_case.missing_materials.get(kind="payroll")
    services.material_mark_collected(material=payroll, actor=inspector)

    text = receipt_text(window_client, wage_case)

    assert "Materials still wanted (one-time notice)" in text
    assert "Labor contract or proof of employment" in text
    assert "Payroll or wage slips" not in text


@pytest.mark.parametrize(("language", "nothing"), [
    ("en", "Nothing was found missing when your complaint was registered"),
    ("zh-hans", "登记时未发现缺少材料"),
])  # fmt: skip
def test_a_receipt_with_no_material_missing_says_so(
    window_client, register_case, language, nothing
):
    text = receipt_text(window_client, register_case(), language)

    assert nothing in text


def test_the_receipt_is_not_a_decision_and_carries_no_seal(
    window_client, wage_case, legal_identity
):
    legal_identity.seal.save("seal.svg", ContentFile(b"<svg></svg>"))

    page = receipt_html(window_client, wage_case)

    assert "office-seal" not in page
    assert legal_identity.seal.url not in page
