"""The acceptance decision on the case page, and the written notice each ground produces.

Each notice is issued in the name of the deciding office's acting body (行政主体), carries
its own 文号 and its own legal basis, and names the review body and the court.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from complaints.models import AcceptanceDecision, DecisionStatus, Ground, Route, Status
from complaints.services import ComplainantData
from complaints.services.acceptance import Proposal, decision_decide

ACTING_BODY = "宜昌市西陵区人力资源和社会保障局"
REVIEW_BODY = "宜昌市西陵区人民政府"
COURT = "宜昌市西陵区人民法院"
EAST_BODY = "宜昌市伍家岗区人力资源和社会保障局"


@pytest.fixture(autouse=True)
def _legal_identity(district, other_district):
    district.acting_body, district.review_body, district.court = ACTING_BODY, REVIEW_BODY, COURT
    district.document_prefix = "西人社监"
    district.save()
    other_district.acting_body = EAST_BODY
    other_district.save()


@pytest.fixture
def case(register_case):
    return register_case(complainants=[ComplainantData(name="张三", phone="13800138000")])


def page(client, user, case, language="en") -> str:
    client.force_login(user)
    url = reverse("complaints:case_detail", args=[case.ticket])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def decide(case, head, **fields) -> AcceptanceDecision:
    return decision_decide(case=case, actor=head, proposal=Proposal(**fields))


def notice(client, user, decision, language="en") -> str:
    client.force_login(user)
    url = reverse("complaints:decision_notice", args=[decision.case.ticket, decision.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_inspector_proposes_and_the_head_approves_on_the_page(
    client, case, inspector, inspection_head
):
    assert "Propose for approval" in page(client, inspector, case)
    assert "Decide and approve" not in page(client, inspector, case)
    client.force_login(inspector)
    response = client.post(
        reverse("complaints:decision_submit", args=[case.ticket]),
        {"decision-ground": "accept", "decision-reason": "材料齐全", "act": "propose"},
    )
    assert response.status_code == 302
    decision = AcceptanceDecision.objects.get(case=case)
    assert decision.status == DecisionStatus.PROPOSED

    shown = page(client, inspection_head, case, "zh-hans")
    assert "批准" in shown and "退回" in shown
    client.force_login(inspection_head)
    client.post(reverse("complaints:decision_approve", args=[case.ticket, decision.pk]))
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


def test_a_proposal_missing_what_its_ground_needs_is_refused_and_nothing_changes(
    client, case, inspector
):
    client.force_login(inspector)
    response = client.post(
        reverse("complaints:decision_submit", args=[case.ticket]),
        {"decision-ground": "complete", "act": "propose"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "请写明投诉缺少的内容" in response.content.decode()
    assert not AcceptanceDecision.objects.exists()


def test_the_window_cannot_propose(client, case, window):
    client.force_login(window)
    response = client.post(
        reverse("complaints:decision_submit", args=[case.ticket]),
        {"decision-ground": "accept", "act": "decide"},
    )
    assert response.status_code == 400
    assert not AcceptanceDecision.objects.exists()
    assert "Propose for approval" not in page(client, window, case)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_out_of_time_prints_the_not_accepted_notice_with_its_own_basis(
    client, case, inspection_head, window, language
):
    decision = decide(case, inspection_head, ground=Ground.OUT_OF_TIME, reason="欠薪发生于2023年")
    text = notice(client, window, decision, language)
    assert decision.notice_number.startswith("西人社监不受字〔")
    for part in (ACTING_BODY, REVIEW_BODY, COURT, decision.notice_number, "欠薪发生于2023年"):
        assert part in text
    with translation.override(language):
        assert ("Art. 20" if language == "en" else "第二十条") in text
        assert ("60 days" if language == "en" else "六十日") in text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_not_for_inspection_names_the_route(client, case, inspection_head, window, language):
    decision = decide(
        case,
        inspection_head,
        ground=Ground.NOT_INSPECTION,
        reason="加班费计算争议",
        route=Route.COURT,
    )
    text = notice(client, window, decision, language)
    assert ("The people&#x27;s court" if language == "en" else "人民法院") in text
    assert ("Art. 21" if language == "en" else "第二十一条") in text
    assert ACTING_BODY in text and REVIEW_BODY in text and COURT in text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_request_to_complete_lists_what_is_missing_and_keeps_the_case(
    client, case, inspection_head, window, language
):
    decision = decide(case, inspection_head, ground=Ground.COMPLETE, missing="用人单位的名称和地址")
    text = notice(client, window, decision, language)
    assert decision.notice_number.startswith("西人社监补正字〔")
    for part in (ACTING_BODY, decision.notice_number, "用人单位的名称和地址", REVIEW_BODY, COURT):
        assert part in text
    assert ("para. 3" if language == "en" else "第三款") in text
    assert ("has not been refused" if language == "en" else "并非不予受理") in text
    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    # The window records the completed complaint on the case page.
    assert 'id="completion-form"' in page(client, window, case)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_another_office_s_notice_names_that_office(
    client, case, inspection_head, window, other_district, language
):
    decision = decide(
        case,
        inspection_head,
        ground=Ground.OTHER_OFFICE,
        reason="用工地点在伍家岗区",
        to_office=other_district,
    )
    text = notice(client, inspection_head, decision, language)
    assert EAST_BODY in text, "the competent office is named"
    assert ACTING_BODY in text, "issued by the office that decided, not the new one"
    assert decision.notice_number.startswith("西人社监告字〔")
    assert ("para. 4" if language == "en" else "第四款") in text


def test_a_proposal_has_no_notice_until_approved(client, case, inspector, window):
    from complaints.services.acceptance import decision_propose

    decision = decision_propose(
        case=case, actor=inspector, proposal=Proposal(ground=Ground.OUT_OF_TIME, reason="x")
    )
    client.force_login(window)
    url = reverse("complaints:decision_notice", args=[case.ticket, decision.pk])
    assert client.get(url).status_code == 404


def test_arrears_over_two_years_old_are_a_warning_on_the_decision(client, register_case, inspector):
    from datetime import timedelta

    from config import clock

    old = register_case(arrears_from=clock.today() - timedelta(days=800))
    recent = register_case(arrears_from=clock.today() - timedelta(days=300))
    assert 'id="decision-arrears-warning"' in page(client, inspector, old)
    assert "二年" in page(client, inspector, old, "zh-hans") or "两年" in page(
        client, inspector, old, "zh-hans"
    )
    assert 'id="decision-arrears-warning"' not in page(client, inspector, recent)


def test_the_intake_page_warns_of_old_arrears_and_still_registers(client, window, new_token):
    from datetime import timedelta

    from complaints.models import Case
    from config import clock
    from tests.builders import intake_form_body

    client.force_login(window)
    intake = reverse("complaints:intake")
    assert 'id="arrears-warning"' in client.get(intake).content.decode()
    assert "hidden>" in client.get(intake).content.decode().split('id="arrears-warning"')[1][:400]
    body = intake_form_body("三年前开始拖欠工资", str(new_token()))
    body["arrears_from"] = (clock.today() - timedelta(days=900)).isoformat()
    response = client.post(intake, body)
    assert response.status_code == 302, "zero threshold: a warning never refuses"
    assert Case.objects.filter(description="三年前开始拖欠工资").exists()
    body = intake_form_body("", str(new_token()))  # refused: the page is shown again
    body["arrears_from"] = (clock.today() - timedelta(days=900)).isoformat()
    shown = client.post(intake, body).content.decode()
    assert "hidden>" not in shown.split('id="arrears-warning"')[1][:400]
