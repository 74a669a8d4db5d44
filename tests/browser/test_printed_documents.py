"""What a district office prints, checked on paper: Chromium's print media and its A4 PDF.

One parametrised check per document (DOCUMENTS): the registration receipt, the written
notice of non-acceptance, the written request to complete a complaint (补正) and the order
to correct (限期改正指令书) addressed to a general contractor, for a
district office with its legal identity and the demo's specimen seal (样章). Each document
names the elements that must show in print, the words that must be in the PDF, and
whether the office's seal is printed on it.

To add a document: write `make_<document>(world, language)` that
brings the case to it through the services and returns a `Printed`, and add it to DOCUMENTS.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from browser_steps import A4_POINTS, pdf_pages, print_document
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from complaints import services
from complaints.models import Ground, Outcome
from complaints.notices import decision_basis, notice_basis
from complaints.services import ComplainantData
from complaints.services.acceptance import Proposal, decision_decide
from dispatch import demo_data
from dispatch import services as dispatch
from dispatch.management.commands.seed_demo import ensure_specimen_seal
from dispatch.models import OrderAddressee, Referral
from dispatch.order_text import CONSEQUENCES, PROVISIONS_BY_ADDRESSEE
from tests.builders import order_to_pay

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACTING_BODY, REVIEW_BODY, COURT, PREFIX = demo_data.LEGAL_IDENTITY["xiling"]
# The words each document must print, per language.
WORDS = {
    "en": {
        "number": "Registration number",
        "desk": "Labor inspection",
        "limit": "within 5 working days of the day your complaint was registered",
        "materials": "Materials still wanted (one-time notice)",
        "payroll": "Payroll or wage slips",
    },
    "zh-hans": {
        "number": "登记编号",
        "desk": "劳动保障监察",
        "limit": "自您的投诉登记之日起5个工作日内",
        "materials": "需补充的材料（一次性告知）",
        "payroll": "工资表或工资条",
    },
}


@dataclass(frozen=True)
class World:
    office: object  # the district office, with its legal identity and specimen seal
    window: object
    head: object  # the head of the inspection body, who decides on acceptance
    register_case: Callable
    inspector: object  # an inspector on the inspection desk


@dataclass(frozen=True)
class Printed:
    """One document to print: where it is, and what must be on paper."""

    url: str
    visible: list[str]  # elements shown in print media
    texts: list[str]  # words in the printed PDF
    sealed: bool  # the office's seal image is printed over the acting body's name
    hidden: list[str] = field(default_factory=list)  # words that must not be printed


def make_receipt(world: World, language: str) -> Printed:
    case = world.register_case(missing_materials=["payroll", "labor_contract"])
    words = WORDS[language]
    return Printed(
        url=reverse("complaints:receipt", args=[case.ticket]),
        visible=[
            "#receipt .ticket",
            "#receipt .receipt-office",
            "#receipt-desks",
            "#receipt-materials .receipt-material-list",
        ],  # fmt: skip
        texts=[case.ticket, ACTING_BODY, *words.values()],
        sealed=False,  # the receipt is not a decision: it carries the office's name only
    )


def make_not_accepted_notice(world: World, language: str) -> Printed:
    case = world.register_case(complainants=[ComplainantData(name="张三", phone="13800138000")])
    ground = Outcome.objects.get(code="not_accepted_time_limit")
    case = services.case_not_accept(
        case=case, actor=world.head, reason="投诉事项已超过两年", ground=ground
    )
    with translation.override(language):
        basis = str(notice_basis(ground))
    return Printed(
        url=reverse("complaints:not_accepted_notice", args=[case.ticket]),
        visible=["#notice .notice-number", "#notice .notice-basis", "#notice .office-seal-name"],
        texts=[case.not_accepted_notice, ACTING_BODY, basis, REVIEW_BODY, COURT],
        sealed=True,
        hidden=["13800138000"],
    )


MISSING = "用人单位的全称和地址（或工地名称、老板的姓名和电话）"


def make_completion_notice(world: World, language: str) -> Printed:
    case = world.register_case(complainants=[ComplainantData(name="张三", phone="13800138000")])
    decision = decision_decide(
        case=case, actor=world.head, proposal=Proposal(ground=Ground.COMPLETE, missing=MISSING)
    )
    with translation.override(language):
        basis = str(decision_basis(Ground.COMPLETE))
    return Printed(
        url=reverse("complaints:decision_notice", args=[case.ticket, decision.pk]),
        visible=["#notice .notice-number", "#notice .notice-missing", "#notice .notice-basis"],
        texts=[decision.notice_number, ACTING_BODY, MISSING, basis, REVIEW_BODY, COURT],
        sealed=True,
        hidden=["13800138000"],
    )


CONTRACTOR = "宜昌某某建设集团有限公司"


def make_order(world: World, language: str) -> Printed:
    """The order to correct, addressed to the general contractor (支付条例 Art. 30), signed
    by the inspector and the head of the inspection body with their card numbers."""
    case = world.register_case(complainants=[ComplainantData(name="张三", phone="13800138000")])
    dispatch.case_route(case_id=case.pk)
    referral = Referral.objects.get(case=case, desk__kind="inspection")
    dispatch.referral_accept(referral=referral, actor=world.inspector)
    order = order_to_pay(
        case,
        world.inspector,
        addressee_role=OrderAddressee.GENERAL_CONTRACTOR,
        addressee_name=CONTRACTOR,
        second_inspector=world.head,
    )
    # The order is an issued document, written in the documents' language whatever the
    # page's (its print address leads to the document's page).
    with translation.override(settings.DOCUMENT_LANGUAGE):
        # The statute's citation: the provision's text breaks across the two A4 pages.
        provision = str(PROVISIONS_BY_ADDRESSEE[OrderAddressee.GENERAL_CONTRACTOR])
        law = [re.split("[:：]", provision)[0]]
        law += [str(text) for text in CONSEQUENCES]
    cards = [world.inspector.inspection_card_number, world.head.inspection_card_number]
    return Printed(
        url=reverse("dispatch:order_print", args=[order.pk]),
        visible=["#document .notice-number", "#document .document-table", "#document .inspector"],
        texts=[order.number, ACTING_BODY, CONTRACTOR, "张三", "9000.00", *law, *cards, COURT],
        sealed=True,
        hidden=["13800138000"],
    )


DOCUMENTS = {
    "receipt": make_receipt,
    "not_accepted_notice": make_not_accepted_notice,
    "completion_notice": make_completion_notice,
    "order": make_order,
}


@pytest.fixture
def world(district, window, inspection_head, register_case, desks, inspector) -> World:
    """The West district as the demo sets an office up: legal identity, specimen seal."""
    district.name = "西陵区劳动保障监察大队"
    district.acting_body, district.review_body, district.court = ACTING_BODY, REVIEW_BODY, COURT
    district.document_prefix = PREFIX
    district.save()
    ensure_specimen_seal(district)
    return World(district, window, inspection_head, register_case, inspector)


def squeezed(text: str) -> str:
    """Text without white space: a PDF breaks lines wherever the page did."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_the_printed_document_shows_its_parts(page_as, world, document, language):
    printed = DOCUMENTS[document](world, language)
    page = page_as(world.window, language)
    page.goto(printed.url)

    page.emulate_media(media="print")
    for selector in printed.visible:
        expect(page.locator(selector).first).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    seal = page.locator(".office-seal-image")
    if printed.sealed:
        expect(seal).to_be_visible()
        expect(seal).to_have_attribute("src", world.office.seal.url)
        loaded = seal.evaluate("image => image.complete && image.naturalWidth")
        assert loaded and loaded > 0, "the seal image did not load"
    else:
        expect(seal).to_have_count(0)

    pages = pdf_pages(print_document(page))
    for (width, height), _text in pages:
        assert (round(width), round(height)) == A4_POINTS
    on_paper = squeezed("".join(text for _size, text in pages))
    missing = [text for text in printed.texts if squeezed(text) not in on_paper]
    assert not missing, f"not on paper: {missing}"
    assert not [text for text in printed.hidden if text in on_paper]
