"""The case list filtered by the wage-arrears dimensions, in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.forms import CaseFilterForm
from complaints.models import Industry
from complaints.selectors.lists import case_list_for
from complaints.services import ComplainantData, EmployerData


@pytest.fixture
def cases(register_case):
    """A construction case with a migrant worker at a builder; a flagged case without
    migrant workers at a factory; a plain case at an employer with no industry."""
    return {
        "site": register_case(
            employer=EmployerData(name="宜昌某某建筑有限公司", industry=Industry.CONSTRUCTION),
            is_construction=True,
            complainants=[
                ComplainantData(name="张三", phone="13800138000", is_migrant_worker=True),
                ComplainantData(name="李四", phone="13800138001"),
            ],
        ),
        "factory": register_case(
            employer=EmployerData(name="宜昌某某制造有限公司", industry=Industry.MANUFACTURING),
            mass_incident_risk=True,
        ),
        "plain": register_case(employer=EmployerData(name="宜昌某某商贸有限公司")),
    }


def listed(user, **query) -> set[str]:
    form = CaseFilterForm(query)
    assert form.is_valid(), form.errors
    return {case.ticket for case in case_list_for(user=user, filters=form.filters())}


def tickets(cases, *names) -> set[str]:
    return {cases[name].ticket for name in names}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"migrant": "yes"}, ("site",)),
        ({"migrant": "no"}, ("factory", "plain")),
        ({"construction": "yes"}, ("site",)),
        ({"construction": "no"}, ("factory", "plain")),
        ({"mass_incident_risk": "yes"}, ("factory",)),
        ({"mass_incident_risk": "no"}, ("site", "plain")),
        ({"industry": "E"}, ("site",)),
        ({"industry": "C"}, ("factory",)),
        ({"industry": "C", "mass_incident_risk": "no"}, ()),
        ({}, ("site", "factory", "plain")),
    ],
)
def test_each_filter_keeps_the_cases_it_names(inspector, cases, query, expected):
    assert listed(inspector, **query) == tickets(cases, *expected)


def test_a_case_with_two_migrant_workers_is_listed_once(inspector, register_case):
    both = [
        ComplainantData(name="张三", phone="13800138000", is_migrant_worker=True),
        ComplainantData(name="李四", phone="13800138001", is_migrant_worker=True),
    ]
    case = register_case(complainants=both)
    found = list(case_list_for(user=inspector, filters={"migrant": "yes"}))
    assert [row.ticket for row in found] == [case.ticket]
    assert found[0].complainant_count == 2


def test_an_unknown_value_is_refused_by_the_form(inspector):
    assert not CaseFilterForm({"industry": "Z"}).is_valid()
    assert not CaseFilterForm({"migrant": "maybe"}).is_valid()


def test_the_filtered_list_page_costs_the_same_queries_for_more_cases(
    client, inspector, register_case, cases
):
    url = reverse("complaints:case_list")
    query = {"migrant": "yes", "construction": "yes", "mass_incident_risk": "no", "industry": "E"}
    client.force_login(inspector)
    client.get(url, query)  # warm the per-process caches (calendar, session)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url, query)
    assert cases["site"].ticket in response.content.decode()
    for number in range(4):
        register_case(
            employer=EmployerData(name="宜昌某某建筑有限公司"),
            is_construction=True,
            complainants=[
                ComplainantData(name="王五", phone=f"1390013900{number}", is_migrant_worker=True)
            ],
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, query)
    assert response.content.decode().count('class="ticket"') == 5
    assert len(many) == len(few)


def test_the_filters_are_on_the_list_page(client, inspector):
    client.force_login(inspector)
    content = client.get(reverse("complaints:case_list")).content.decode()
    for name in ("migrant", "construction", "mass_incident_risk", "industry"):
        assert f'name="{name}"' in content
