"""The pages of the investigation's acts: the inspector gets each form, a valid POST takes
the act and goes back to the case page, a bad one shows the refusal on the form (in
Chinese when the page is in Chinese) and writes nothing."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from complaints.models import DocumentKind
from inspection.models import Step, StepKind
from tests.inspection.conftest import at
from tests.inspection.test_investigation import written

PAGES = ["inspection:inquiry_notice", "inspection:inquiry_record", "inspection:site_record"]


@pytest.fixture
def inspector_client(client, officer):
    client.force_login(officer)
    return client


def chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


@pytest.mark.parametrize("name", PAGES)
def test_the_inspector_gets_each_form(inspector_client, filed, second, name):
    with at(3, 5):
        response = inspector_client.get(reverse(name, args=[filed.ticket]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="second_inspector"' in page and f'value="{second.pk}"' in page
    assert 'type="datetime-local"' in page


def test_the_notice_form_proposes_the_employer_and_the_usual_materials(inspector_client, filed):
    with at(3, 5):
        page = inspector_client.get(reverse("inspection:inquiry_notice", args=[filed.ticket]))
    text = page.content.decode()
    assert "宜昌某某建筑有限公司" in text and "Attendance records" in text


def test_posting_the_notice_issues_it_and_goes_back_to_the_case(inspector_client, filed, second):
    body = {
        "second_inspector": second.pk,
        "addressee": "宜昌某某建筑有限公司",
        "appear_at": "2026-03-10T09:30",
        "place": "监察大队询问室",
        "bring": "工资表\n考勤记录\n",
        "note": "",
    }
    with at(3, 5):
        response = inspector_client.post(
            reverse("inspection:inquiry_notice", args=[filed.ticket]), body
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:case_detail", args=[filed.ticket])
    step = Step.objects.get(case=filed, kind=StepKind.INQUIRY_NOTICE)
    assert step.document.kind == DocumentKind.INQUIRY_NOTICE
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [f"询问通知书 {step.document.number} issued."]
    assert step.details["bring"] == ["工资表", "考勤记录"]


def test_a_notice_in_the_past_is_refused_on_the_page_in_chinese(inspector_client, filed, second):
    before = written(filed)
    body = {"second_inspector": second.pk, "appear_at": "2026-03-01T09:30", "place": "询问室"}
    with at(3, 5):
        response = chinese(inspector_client).post(
            reverse("inspection:inquiry_notice", args=[filed.ticket]), body
        )
    assert response.status_code == 400
    assert "接受询问的时间必须晚于当前时间。" in response.content.decode()
    assert written(filed) == before


def record_body(second, rows, **changes) -> dict:
    body = {
        "second_inspector": second.pk,
        "person_name": "王五",
        "person_role": "财务负责人",
        "started_at": "2026-03-10T09:30",
        "ended_at": "2026-03-10T10:15",
        "place": "询问室",
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
    }
    for index, (question, answer) in enumerate(rows):
        body[f"form-{index}-question"] = question
        body[f"form-{index}-answer"] = answer
    return body | changes


def test_posting_the_record_keeps_the_questions_in_order(inspector_client, filed, second):
    rows = [("是否拖欠工资？", "是。"), ("", ""), ("原因？", "工程款未到位。")]
    with at(3, 10, 11):
        response = inspector_client.post(
            reverse("inspection:inquiry_record", args=[filed.ticket]), record_body(second, rows)
        )
    assert response.status_code == 302
    step = Step.objects.get(case=filed, kind=StepKind.INQUIRY_RECORD)
    assert step.details["exchanges"] == [["是否拖欠工资？", "是。"], ["原因？", "工程款未到位。"]]


def test_add_a_question_shows_one_more_row_and_saves_nothing(inspector_client, filed, second):
    before = written(filed)
    body = record_body(second, [("是否拖欠工资？", "是。")], add_question="1")
    with at(3, 10, 11):
        response = inspector_client.post(
            reverse("inspection:inquiry_record", args=[filed.ticket]), body
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="form-TOTAL_FORMS" value="2"' in page and "是否拖欠工资？" in page
    assert 'value="王五"' in page
    assert written(filed) == before


def test_a_record_without_answers_is_refused_in_chinese(inspector_client, filed, second):
    before = written(filed)
    body = record_body(second, [("是否拖欠工资？", "")])
    with at(3, 10, 11):
        response = chinese(inspector_client).post(
            reverse("inspection:inquiry_record", args=[filed.ticket]), body
        )
    assert response.status_code == 400
    assert "每个问题都须有回答，每个回答都须有问题。" in response.content.decode()
    assert written(filed) == before


def test_posting_the_site_record(inspector_client, filed, second):
    body = {
        "second_inspector": second.pk,
        "place": "项目部",
        "inspected_at": "2026-03-06T14:00",
        "present": "王五",
        "findings": "未见考勤记录。",
    }
    with at(3, 6, 16):
        response = inspector_client.post(
            reverse("inspection:site_record", args=[filed.ticket]), body
        )
    assert response.status_code == 302
    assert Step.objects.filter(case=filed, kind=StepKind.SITE_RECORD).count() == 1


def test_another_district_gets_404(client, filed, east_supervisor):
    client.force_login(east_supervisor)
    for name in PAGES:
        assert client.get(reverse(name, args=[filed.ticket])).status_code == 404
