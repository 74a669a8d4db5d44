"""The printable written notice of non-acceptance (不予受理告知书)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import Case, Outcome, Status
from complaints.services import ComplainantData
from dispatch.demo_data import specimen_seal_svg

REASON = "投诉事项已超过两年 The matter is more than two years old."


def first_notice_number() -> str:
    """The district office's first 文号 of the year: the decision always takes the next."""
    return f"west不受字〔{timezone.localdate().year}〕第1号"


def notice_url(case) -> str:
    return reverse("complaints:not_accepted_notice", args=[case.ticket])


@pytest.fixture
def not_accepted(register_case, inspection_head):
    case = register_case(
        complainants=[
            ComplainantData(name="张三", phone="13800138000"),
            ComplainantData(name="李四", phone="13900139000"),
        ]
    )
    return services.case_not_accept(
        case=case,
        actor=inspection_head,
        reason=REASON,
        ground=Outcome.objects.get(code="not_accepted_time_limit"),
    )


def test_the_notice_names_the_office_the_workers_the_reason_and_the_remedies(
    client, window, not_accepted, district, city
):
    client.force_login(window)
    response = client.get(notice_url(not_accepted))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Written notice of non-acceptance of a labor complaint" in page
    for text in (district.name, "张三", "李四", REASON, first_notice_number()):
        assert text in page
    assert city.name not in page  # a district office's notice is its own, not the city's
    assert not_accepted.ticket in page
    assert "arbitration" in page and "Art. 27" in page  # 劳动争议调解仲裁法
    assert "administrative reconsideration within 60 days" in page
    assert "within 6 months" in page
    assert "legal aid" in page
    assert "13800138000" not in page  # the notice needs no phone number
    assert 'href="/static/css/print.css"' in page


def test_the_notice_is_dated_on_the_decision_day(client, window, not_accepted):
    client.force_login(window)
    page = client.get(notice_url(not_accepted)).content.decode()

    assert timezone.localdate(not_accepted.closed_at).isoformat() in page


def test_the_case_page_links_to_the_notice_only_when_not_accepted(
    client, window, not_accepted, register_case
):
    client.force_login(window)
    assert (
        notice_url(not_accepted)
        in client.get(
            reverse("complaints:case_detail", args=[not_accepted.ticket])
        ).content.decode()
    )

    still_registered = register_case()
    page = client.get(reverse("complaints:case_detail", args=[still_registered.ticket]))
    assert notice_url(still_registered) not in page.content.decode()


def test_there_is_no_notice_for_a_case_that_was_not_refused(
    client, window, register_case, inspection_head
):
    case = register_case()
    client.force_login(window)
    assert client.get(notice_url(case)).status_code == 404
    services.case_accept(case=case, actor=inspection_head)
    assert client.get(notice_url(case)).status_code == 404


def test_another_district_cannot_read_the_notice(client, east_supervisor, not_accepted):
    client.force_login(east_supervisor)
    assert client.get(notice_url(not_accepted)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, not_accepted):
    response = client.get(notice_url(not_accepted))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


ACTING_BODY = "宜昌市西陵区人力资源和社会保障局"
REVIEW_BODY = "宜昌市西陵区人民政府"
COURT = "宜昌市西陵区人民法院"


@pytest.fixture
def legal_identity(district, city):
    district.name = "西陵区劳动保障监察大队"
    district.acting_body, district.review_body, district.court = ACTING_BODY, REVIEW_BODY, COURT
    district.save()
    city.name = "宜昌市劳动保障监察局"
    city.save()
    return district


def refuse(register_case, head, ground_code="not_accepted_time_limit"):
    ground = Outcome.objects.get(code=ground_code)
    route = "arbitration" if ground_code == "not_accepted_not_labor" else ""
    case = register_case(complainants=[ComplainantData(name="张三", phone="13800138000")])
    return services.case_not_accept(
        case=case, actor=head, reason=REASON, ground=ground, route=route
    )


def refused_before_decisions(register_case) -> Case:
    """A case not accepted before acceptance decisions were recorded: no ground, the
    notice's number and reason on the case itself."""
    case = register_case(complainants=[ComplainantData(name="张三", phone="13800138000")])
    Case.objects.filter(pk=case.pk).update(
        status=Status.NOT_ACCEPTED,
        not_accepted_reason=REASON,
        not_accepted_notice="宜劳监不受〔2025〕7号",
        closed_at=timezone.now(),
    )
    return Case.objects.get(pk=case.pk)


def notice_page(client, window, case, language) -> str:
    client.force_login(window)
    response = client.get(notice_url(case), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "remedies"),
    [
        (
            "en",
            f"within 60 days of receiving this notice to {REVIEW_BODY} (行政复议法, Art. 20), "
            f"or bring an administrative lawsuit within 6 months at {COURT}",
        ),
        (
            "zh-hans",
            f"可以自收到本通知书之日起六十日内向{REVIEW_BODY}申请行政复议（《行政复议法》第二十条），"
            f"或者在六个月内向{COURT}提起行政诉讼",
        ),
    ],
)
def test_the_notice_is_issued_by_the_acting_body_and_names_review_body_and_court(
    client, window, inspection_head, register_case, legal_identity, language, remedies
):
    case = refuse(register_case, inspection_head)
    page = notice_page(client, window, case, language)

    assert f'<p class="receipt-office">{ACTING_BODY}</p>' in page
    assert "宜昌市劳动保障监察局" not in page  # not in the name of the city bureau above
    assert remedies in page
    assert case.not_accepted_notice in page


@pytest.mark.parametrize(
    ("language", "fallback"),
    [
        ("en", "or bring an administrative lawsuit in the people&#x27;s court within 6 months"),
        ("zh-hans", "在6个月内向人民法院提起行政诉讼"),
    ],
)
def test_an_office_without_legal_identity_still_states_the_remedies(
    client, window, inspection_head, register_case, district, language, fallback
):
    page = notice_page(client, window, refuse(register_case, inspection_head), language)

    assert f'<p class="receipt-office">{district.name}</p>' in page
    assert fallback in page


@pytest.mark.parametrize(
    ("language", "out_of_time", "default"),
    [
        ("en", "Under Art. 20 of the Regulations", "under Art. 18 of the Provisions"),
        (
            "zh-hans",
            "根据《劳动保障监察条例》第二十条",
            "根据《关于实施〈劳动保障监察条例〉若干规定》第十八条",
        ),
    ],
)
def test_each_ground_prints_its_own_basis(
    client, window, inspection_head, register_case, legal_identity, language, out_of_time, default
):
    late = refuse(register_case, inspection_head, "not_accepted_time_limit")
    plain = refused_before_decisions(register_case)  # no ground: the general basis
    not_labor = refuse(register_case, inspection_head, "not_accepted_not_labor")

    late_page = notice_page(client, window, late, language)
    plain_page = notice_page(client, window, plain, language)
    assert out_of_time in late_page and out_of_time not in plain_page
    assert default in plain_page
    not_labor_basis = "Art. 21" if language == "en" else "第二十一条"
    assert not_labor_basis in notice_page(client, window, not_labor, language)
    assert not_labor_basis not in plain_page


@pytest.mark.parametrize(
    ("language", "hardship", "exemption"),
    [
        (
            "en",
            "legal aid generally requires financial hardship",
            "Migrant workers who claim their pay or compensation for a work injury are exempt "
            "from the check of their finances (法律援助法, Art. 42 (3))",
        ),
        (
            "zh-hans",
            "（《法律援助法》第三十一条），一般须符合经济困难条件",
            "进城务工人员（农民工）申请支付劳动报酬或者请求工伤事故人身损害赔偿的，"
            "免予核查经济困难状况（《法律援助法》第四十二条第三项）",
        ),
    ],
)
def test_the_legal_aid_sentence_states_the_means_test_and_the_migrant_workers_exemption(
    client, window, inspection_head, register_case, legal_identity, language, hardship, exemption
):
    page = notice_page(client, window, refuse(register_case, inspection_head), language)

    assert hardship in page and exemption in page
    assert "不受经济困难条件限制" not in page
    assert "Arts. 31 and 42" not in page


def test_a_ground_must_be_a_not_accepted_outcome(register_case, inspection_head):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        refuse(register_case, inspection_head, "paid_in_full")


# --- The seal (印章) over the acting body's name -------------------------------------------


@pytest.mark.parametrize(("language", "alt"), [
    ("en", f"Seal of {ACTING_BODY}"),
    ("zh-hans", f"{ACTING_BODY}印章"),
])  # fmt: skip
def test_the_notice_prints_the_offices_seal_over_the_acting_bodys_name(
    client, window, inspection_head, register_case, legal_identity, language, alt
):
    legal_identity.seal.save("seal.svg", ContentFile(specimen_seal_svg(ACTING_BODY)))
    page = notice_page(client, window, refuse(register_case, inspection_head), language)

    assert (
        f'<span class="office-seal-name">{ACTING_BODY}</span>'
        f'<img class="office-seal-image" src="{legal_identity.seal.url}" alt="{alt}">'
    ) in page
    assert "office-seal-by-hand" not in page
    image = client.get(legal_identity.seal.url)
    assert image.status_code == 200 and image["Content-Type"] == "image/svg+xml"


@pytest.mark.parametrize(("language", "by_hand"), [("en", "(seal)"), ("zh-hans", "（盖章）")])
def test_without_a_seal_the_notice_leaves_the_place_to_seal_by_hand(
    client, window, inspection_head, register_case, legal_identity, language, by_hand
):
    case = refuse(register_case, inspection_head)
    page = notice_page(client, window, case, language)

    assert "<img" not in page  # no broken image
    assert (
        f'<span class="office-seal-name">{ACTING_BODY}</span>'
        f'<span class="office-seal-by-hand">{by_hand}</span>'
    ) in page
    assert timezone.localdate(case.closed_at).isoformat() in page
