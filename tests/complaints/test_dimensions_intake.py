"""The wage-arrears dimensions at intake: the service, and the window's page."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError

from complaints import services
from complaints.models import Case, Category, Employer, Industry
from complaints.services import ComplainantData, EmployerData
from complaints.services.intake import migrant_worker_default
from tests.builders import intake_form_body

INTAKE_URL = "/cases/new/"
NAME = "宜昌某某建筑有限公司"


def register(actor, **fields):
    fields.setdefault("description", "工地拖欠工资")
    fields.setdefault("complainants", [ComplainantData(name="张三", phone="13800138000")])
    return services.case_register(actor=actor, **fields).case


def page_body(**fields) -> dict:
    """The intake form as a browser posts it, with one worker row (张三)."""
    body = intake_form_body("工地拖欠三个月工资", str(uuid.uuid4()))
    return body | {"duplicate_decision": "new"} | fields


def migrant_boxes(content: str) -> dict[str, bool]:
    """Each worker row's migrant-worker checkbox: its name, and whether it is checked."""
    boxes = re.findall(
        r'<input type="checkbox" name="(form-\d+-is_migrant_worker)"([^>]*)>', content
    )
    return {name: "checked" in attributes for name, attributes in boxes}


@pytest.mark.parametrize(
    ("category", "construction", "expected"),
    [
        (Category.WAGE_ARREARS, False, True),
        (Category.SOCIAL_INSURANCE, True, True),
        (Category.SOCIAL_INSURANCE, False, False),
        (Category.LABOR_CONTRACT, False, False),
    ],
)
def test_the_default_mark_follows_the_category_and_construction(category, construction, expected):
    assert migrant_worker_default(category=category, is_construction=construction) is expected


def test_the_service_records_the_flags_and_each_workers_mark(window):
    case = register(
        window,
        is_construction=True,
        mass_incident_risk=True,
        complainants=[
            ComplainantData(name="张三", phone="13800138000", is_migrant_worker=True),
            ComplainantData(name="李四", phone="13800138001"),
        ],
    )
    case.refresh_from_db()
    assert (case.is_construction, case.mass_incident_risk) == (True, True)
    marks = dict(case.complainants.values_list("name", "is_migrant_worker"))
    assert marks == {"张三": True, "李四": False}


def test_a_new_employer_takes_the_industry_and_a_set_one_is_never_overwritten(window):
    register(window, employer=EmployerData(name=NAME, industry=Industry.CONSTRUCTION))
    assert Employer.objects.get().industry == "E"
    register(window, employer=EmployerData(name=NAME, industry=Industry.MANUFACTURING))
    assert Employer.objects.get().industry == "E"


def test_an_employer_without_industry_gets_it_from_a_later_intake(window):
    register(window, employer=EmployerData(name=NAME))
    assert Employer.objects.get().industry == ""
    register(window, employer=EmployerData(name=NAME, industry=Industry.TRANSPORT))
    assert Employer.objects.get().industry == "G"


def test_an_unknown_industry_is_refused_and_nothing_is_saved(window):
    with pytest.raises(ValidationError) as refused:
        register(window, employer=EmployerData(name=NAME, industry="Z"))
    assert "industry" in refused.value.message_dict
    assert not Case.objects.exists() and not Employer.objects.exists()


# --- the page ---------------------------------------------------------------------------


def test_the_first_form_has_the_flags_and_every_row_marked_migrant(client, window):
    client.force_login(window)
    content = client.get(INTAKE_URL).content.decode()
    assert 'name="is_construction"' in content and 'name="mass_incident_risk"' in content
    assert 'name="employer_industry"' in content
    boxes = migrant_boxes(content)
    assert len(boxes) == 3 and all(boxes.values())


def test_more_rows_without_javascript_keep_the_marks_and_follow_the_category(client, window):
    client.force_login(window)
    body = page_body(category="social_insurance", more_rows="1")
    body |= {"form-TOTAL_FORMS": "2", "form-1-name": "李四", "form-1-is_migrant_worker": "on"}
    boxes = migrant_boxes(client.post(INTAKE_URL, body).content.decode())
    # As typed for the two rows; the five new rows: not migrant (no arrears, no construction).
    assert boxes["form-0-is_migrant_worker"] is False
    assert boxes["form-1-is_migrant_worker"] is True
    assert len(boxes) == 7 and not any(list(boxes.values())[2:])
    body["is_construction"] = "on"
    boxes = migrant_boxes(client.post(INTAKE_URL, body).content.decode())
    assert all(list(boxes.values())[2:])


def test_the_page_registers_the_flags_the_marks_and_the_industry(client, window):
    client.force_login(window)
    body = page_body(
        is_construction="on",
        mass_incident_risk="on",
        employer_name=NAME,
        employer_industry="E",
    )
    body |= {"form-TOTAL_FORMS": "2", "form-0-is_migrant_worker": "on", "form-1-name": "李四"}
    body["form-1-phone"] = "13800138001"
    response = client.post(INTAKE_URL, body)
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.is_construction, case.mass_incident_risk) == (True, True)
    assert dict(case.complainants.values_list("name", "is_migrant_worker")) == {
        "张三": True,
        "李四": False,
    }
    assert case.employer.industry == "E"


def test_nothing_ticked_registers_nothing_flagged(client, window):
    """Zero threshold: none of the new fields is required."""
    client.force_login(window)
    assert client.post(INTAKE_URL, page_body()).status_code == 302
    case = Case.objects.get()
    assert (case.is_construction, case.mass_incident_risk) == (False, False)
    assert case.complainants.get().is_migrant_worker is False


def test_pasted_workers_take_the_cases_default_mark(client, window):
    client.force_login(window)
    body = page_body(paste="王五\t13900139000\n赵六\t13900139001")
    assert client.post(INTAKE_URL, body).status_code == 302
    marks = dict(Case.objects.get().complainants.values_list("name", "is_migrant_worker"))
    assert marks == {"张三": False, "王五": True, "赵六": True}


def test_a_known_employers_industry_is_shown_not_asked(client, window):
    register(window, employer=EmployerData(name=NAME, industry=Industry.CONSTRUCTION))
    client.force_login(window)
    body = page_body(employer_name=NAME, description="")
    content = client.post(INTAKE_URL, body).content.decode()  # refused: no description
    assert 'id="employer-industry-known"' in content
    assert 'name="employer_industry"' not in content
