"""The printable written notice of non-acceptance (不予受理告知书)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.services import ComplainantData

NOTICE_NUMBER = "宜劳监不受〔2026〕7号"
REASON = "投诉事项已超过两年 The matter is more than two years old."


def notice_url(case) -> str:
    return reverse("complaints:not_accepted_notice", args=[case.ticket])


@pytest.fixture
def not_accepted(register_case, supervisor):
    case = register_case(
        complainants=[
            ComplainantData(name="张三", phone="13800138000"),
            ComplainantData(name="李四", phone="13900139000"),
        ]
    )
    return services.case_not_accept(
        case=case, actor=supervisor, reason=REASON, notice_number=NOTICE_NUMBER
    )


def test_the_notice_names_the_office_the_workers_the_reason_and_the_remedies(
    client, window, not_accepted, district, city
):
    client.force_login(window)
    response = client.get(notice_url(not_accepted))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Written notice of non-acceptance of a labor complaint" in page
    for text in (district.name, city.name, "张三", "李四", REASON, NOTICE_NUMBER):
        assert text in page
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
    client, window, register_case, inspector
):
    case = register_case()
    client.force_login(window)
    assert client.get(notice_url(case)).status_code == 404
    services.case_accept(case=case, actor=inspector)
    assert client.get(notice_url(case)).status_code == 404


def test_another_district_cannot_read_the_notice(client, east_supervisor, not_accepted):
    client.force_login(east_supervisor)
    assert client.get(notice_url(not_accepted)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, not_accepted):
    response = client.get(notice_url(not_accepted))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
