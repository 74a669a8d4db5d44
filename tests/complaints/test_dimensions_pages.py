"""The wage-arrears dimensions on the case page (shown, corrected) and the employer page."""

import pytest
from django.urls import reverse

from complaints import services
from complaints.events import describe
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import CaseEvent, Employer, EventKind, Industry, Outcome
from complaints.services import ComplainantData, EmployerData
from complaints.services.dimensions import case_set_dimensions, employer_set_industry

NAME = "宜昌某某建筑有限公司"


@pytest.fixture
def case(register_case):
    return register_case(
        employer=EmployerData(name=NAME, industry=Industry.CONSTRUCTION),
        is_construction=True,
        complainants=[
            ComplainantData(name="张三", phone="13800138000", is_migrant_worker=True),
            ComplainantData(name="李四", phone="13800138001"),
        ],
    )


def workers(case) -> dict[str, bool]:
    return dict(case.complainants.values_list("name", "is_migrant_worker"))


def dimension_events(case):
    return CaseEvent.objects.filter(case=case, kind=EventKind.NOTE, payload__has_key="dimensions")


def test_the_case_page_shows_the_marks_the_flags_and_the_industry(client, inspector, case):
    client.force_login(inspector)
    content = client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    assert 'id="employer-industry">E Construction<' in content
    assert 'id="flag-construction">Yes<' in content
    assert 'id="flag-mass-incident-risk">No<' in content
    assert content.count('class="mark migrant-mark"') == 1
    assert f'action="/cases/{case.ticket}/dimensions/"' in content


def test_a_correction_changes_the_flags_and_marks_and_goes_on_the_timeline(client, inspector, case):
    li_si = case.complainants.get(name="李四")
    client.force_login(inspector)
    response = client.post(
        reverse("complaints:case_dimensions", args=[case.ticket]),
        {"dimensions-mass_incident_risk": "on", "dimensions-migrant_workers": [li_si.pk]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.is_construction, case.mass_incident_risk) == (False, True)
    assert workers(case) == {"张三": False, "李四": True}
    event = dimension_events(case).get()
    assert event.actor == inspector
    summary = describe(event)
    assert summary.startswith("Case data changed: construction project: no; ")
    assert "risk of a mass incident: yes" in summary
    assert "张三, migrant worker: no" in summary and "李四, migrant worker: yes" in summary


def test_the_timeline_sentence_is_in_the_readers_language(inspector, case, settings):
    from django.utils import translation

    case_set_dimensions(
        case=case,
        actor=inspector,
        is_construction=True,
        mass_incident_risk=True,
        migrant_worker_ids=set(case.complainants.filter(name="张三").values_list("pk", flat=True)),
    )
    with translation.override("zh-hans"):
        summary = describe(dimension_events(case).get())
    assert summary == "案件信息已修改：有引发群体性事件风险：是。"


def test_no_change_writes_no_event(inspector, case):
    marked = set(case.complainants.filter(is_migrant_worker=True).values_list("pk", flat=True))
    changes = case_set_dimensions(
        case=case,
        actor=inspector,
        is_construction=True,
        mass_incident_risk=False,
        migrant_worker_ids=marked,
    )
    assert changes == [] and not dimension_events(case).exists()


def test_a_desk_officer_is_refused_with_a_reason_and_nothing_changes(client, desk_officer, case):
    client.force_login(desk_officer)
    response = client.post(
        reverse("complaints:case_dimensions", args=[case.ticket]),
        {"dimensions-mass_incident_risk": "on"},
    )
    assert response.status_code == 400
    assert "Your role does not allow this action." in response.content.decode()
    case.refresh_from_db()
    assert case.mass_incident_risk is False and not dimension_events(case).exists()


def test_a_worker_of_another_case_is_refused(client, inspector, case, register_case):
    other = register_case().complainants.get()
    client.force_login(inspector)
    response = client.post(
        reverse("complaints:case_dimensions", args=[case.ticket]),
        {"dimensions-migrant_workers": [other.pk]},
    )
    assert response.status_code == 400
    assert workers(case) == {"张三": True, "李四": False}


def test_an_ended_case_is_corrected_by_a_supervisor_only(
    case, inspector, inspection_head, supervisor
):
    services.case_not_accept(
        case=case,
        actor=inspection_head,
        reason="超过时效",
        ground=Outcome.objects.get(code="not_accepted_time_limit"),
    )
    arguments = {"is_construction": True, "mass_incident_risk": True, "migrant_worker_ids": set()}
    with pytest.raises(InvalidTransition):
        case_set_dimensions(case=case, actor=inspector, **arguments)
    assert len(case_set_dimensions(case=case, actor=supervisor, **arguments)) == 2


# --- the employer's industry -------------------------------------------------------------


def employer_page(client, user, employer):
    client.force_login(user)
    return client.get(reverse("complaints:employer_detail", args=[employer.pk])).content.decode()


def test_the_industry_is_set_once_then_only_a_supervisor_changes_it(
    client, register_case, window, supervisor
):
    employer = register_case(employer=EmployerData(name=NAME)).employer
    assert 'id="industry-form"' in employer_page(client, window, employer)
    url = reverse("complaints:employer_industry", args=[employer.pk])
    assert client.post(url, {"industry": "E"}).status_code == 302
    assert Employer.objects.get().industry == "E"

    content = employer_page(client, window, employer)
    assert "E Construction" in content and 'id="industry-form"' not in content
    refused = client.post(url, {"industry": "C"})
    assert refused.status_code == 400
    assert "only a supervisor may change it" in refused.content.decode()
    assert Employer.objects.get().industry == "E"

    assert 'id="industry-form"' in employer_page(client, supervisor, employer)
    assert client.post(url, {"industry": "C"}).status_code == 302
    assert Employer.objects.get().industry == "C"


def test_an_unknown_industry_is_refused_on_the_page_and_by_the_service(
    client, register_case, window
):
    employer = register_case(employer=EmployerData(name=NAME)).employer
    client.force_login(window)
    url = reverse("complaints:employer_industry", args=[employer.pk])
    assert client.post(url, {"industry": "Z"}).status_code == 400
    assert client.post(url, {}).status_code == 400
    with pytest.raises(Exception, match="industry"):
        employer_set_industry(employer=employer, actor=window, industry="Z")
    assert Employer.objects.get().industry == ""


def test_a_desk_officer_may_not_set_the_industry(register_case, desk_officer):
    employer = register_case(employer=EmployerData(name=NAME)).employer
    with pytest.raises(ActionNotPermitted):
        employer_set_industry(employer=employer, actor=desk_officer, industry="E")


def test_the_industry_form_needs_csrf(register_case, window):
    from django.test import Client

    employer = register_case(employer=EmployerData(name=NAME)).employer
    client = Client(enforce_csrf_checks=True)
    client.force_login(window)
    url = reverse("complaints:employer_industry", args=[employer.pk])
    assert client.post(url, {"industry": "E"}).status_code == 403
    assert Employer.objects.get().industry == ""


def test_in_chinese_the_page_names_them_as_the_export_does(client, inspector, case):
    client.force_login(inspector)
    client.cookies["django_language"] = "zh-hans"
    content = client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    assert "<dt>工程建设项目</dt>" in content and "<dt>有引发群体性事件风险</dt>" in content
    assert 'id="employer-industry">E 建筑业<' in content
    assert '<span class="mark migrant-mark">农民工</span>' in content
