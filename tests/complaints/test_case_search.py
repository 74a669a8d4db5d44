"""The case list's search finds a case by ticket, site, employer, complainant name or
phone, only among the cases the user may see, and gives the same answer whichever way
the query is shaped (a short id list, one array parameter, or subqueries)."""

import pytest
from django.db import connection

from accounts.roles import Role
from complaints.selectors import predicates, search
from complaints.selectors.lists import case_list_for
from complaints.services import ComplainantData, EmployerData


@pytest.fixture
def cases(register_case, window, other_district, user_factory):
    other_window = user_factory("east_window", other_district, Role.WINDOW)
    return {
        "hotel": register_case(
            site="滨江酒店装修项目",
            employer=EmployerData(name="宜昌恒达建筑工程有限公司"),
            complainants=[ComplainantData(name="李四", phone="13911112222")],
        ),
        "factory": register_case(
            site="猇亭工业园",
            employer=EmployerData(name="三峡纺织厂"),
            complainants=[ComplainantData(name="王五", phone="13733334444")],
        ),
        "elsewhere": register_case(
            actor=other_window,
            site="东山酒店",
            employer=EmployerData(name="宜昌恒达建筑工程有限公司"),
            complainants=[ComplainantData(name="李四", phone="13911112222")],
        ),
    }


TERMS = {
    "建筑": {"hotel"},  # two characters: the short-term index on PostgreSQL
    "恒达建筑": {"hotel"},  # the employer's name, a trigram term
    "酒店": {"hotel"},  # the site
    "王五": {"factory"},
    "3333": {"factory"},  # part of a phone number
    "纺织": {"factory"},
    "没有": set(),
}


def found(inspector, term, cases) -> set[str]:
    names = {case.pk: name for name, case in cases.items()}
    return {names[case.pk] for case in case_list_for(user=inspector, filters={"q": term})}


@pytest.mark.parametrize("term", list(TERMS))
def test_the_search_finds_visible_cases_by_each_field(inspector, cases, term):
    assert found(inspector, term, cases) == TERMS[term]


def test_the_search_finds_a_case_by_its_ticket(inspector, cases):
    ticket = cases["factory"].ticket
    assert found(inspector, ticket[-6:], cases) == {"factory"}


@pytest.mark.parametrize(
    ("long_list", "ids_read"),
    [(0, 50_000), (0, 0)],
    ids=["ids as one array parameter", "ids as subqueries"],
)
def test_every_shape_of_the_query_gives_the_same_answer(
    inspector, cases, monkeypatch, long_list, ids_read
):
    if connection.vendor != "postgresql":
        pytest.skip("the id lists are PostgreSQL's shape; SQLite always uses subqueries")
    monkeypatch.setattr(predicates, "LONG_LIST", long_list)
    monkeypatch.setattr(search, "SEARCH_IDS_READ", ids_read)
    for term, expected in TERMS.items():
        assert found(inspector, term, cases) == expected, term
