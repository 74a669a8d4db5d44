"""The employer page: every case against an employer, across offices, with its totals.

Rows only for cases the user may see; other offices' cases as numbers per office.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import Employer, Outcome, Status
from complaints.selectors.employers import (
    employer_cases_elsewhere,
    employer_cases_for,
    employer_records,
    employer_totals,
)
from complaints.services import ComplainantData, EmployerData

NAME = "宜昌某某建筑有限公司"
CREDIT_CODE = "91420500MA4ABCDE1D"
OTHER_CREDIT_CODE = "91420500MA4FGHJK2R"
NAMES = "甲乙丙丁戊己庚辛壬癸"


def page_url(employer) -> str:
    return reverse("complaints:employer_detail", args=[employer.pk])


def workers(*owed: str) -> list[ComplainantData]:
    return [
        ComplainantData(
            name=f"工人{NAMES[index]}", phone=f"1380013{index:04d}", owed_amount=Decimal(amount)
        )
        for index, amount in enumerate(owed)
    ]


@pytest.fixture
def history(register_case, window, east_window, inspector, inspection_head):
    """West: two cases (one paid in part, one not accepted); East: one case, 3 workers."""
    west_open = register_case(complainants=workers("3000", "2000"))
    services.payment_record(
        complainant=west_open.complainants.order_by("id").first(),
        actor=inspector,
        amount=Decimal("1200.50"),
        paid_on=timezone.localdate(),
    )
    west_refused = register_case(complainants=workers("800"))
    services.case_not_accept(
        case=west_refused,
        actor=inspection_head,
        reason="超过时效",
        ground=Outcome.objects.get(code="not_accepted_time_limit"),
    )
    east = register_case(actor=east_window, complainants=workers("100", "200", "300"))
    return {"west_open": west_open, "west_refused": west_refused, "east": east}


def employer() -> Employer:
    return Employer.objects.get(name=NAME)


def test_totals_count_every_office(history):
    totals = employer_totals(employer=employer())
    assert totals == {
        "open_cases": 2,
        "ended_cases": 1,
        "workers": 6,
        "owed": Decimal("6400.00"),
        "recovered": Decimal("1200.50"),
    }


def test_rows_for_visible_cases_and_numbers_only_for_the_others(client, inspector, history):
    client.force_login(inspector)
    response = client.get(page_url(employer()))

    assert response.status_code == 200
    page = response.content.decode()
    assert history["west_open"].ticket in page and history["west_refused"].ticket in page
    assert history["east"].ticket not in page  # never the ticket of a case elsewhere
    assert "工人甲" not in page  # nor anyone's name
    assert "East District" in page
    elsewhere = response.context["elsewhere"]
    assert [
        (row["responsible_office__name"], row["open_cases"], row["workers"]) for row in elsewhere
    ] == [("East District", 1, 3)]
    assert elsewhere[0]["owed"] == Decimal("600.00")
    rows = {case.ticket: case for case in response.context["page"]}
    assert rows[history["west_open"].ticket].workers == 2
    assert rows[history["west_open"].ticket].owed == Decimal("5000.00")
    assert rows[history["west_open"].ticket].recovered == Decimal("1200.50")
    assert response.context["totals"]["open_cases"] == 2


def test_the_other_district_sees_its_own_row_and_west_as_numbers(client, east_window, history):
    client.force_login(east_window)
    page = client.get(page_url(employer())).content.decode()
    assert history["east"].ticket in page
    assert history["west_open"].ticket not in page and history["west_refused"].ticket not in page
    assert "West District" in page


def test_an_administrator_sees_every_row_and_nothing_elsewhere(client, administrator, history):
    client.force_login(administrator)
    response = client.get(page_url(employer()))
    assert len(response.context["page"].object_list) == 3
    assert response.context["elsewhere"] == []


def test_the_first_responder_keeps_rows_of_cases_transferred_away(
    register_case, window, inspector, other_district
):
    case = register_case()
    services.case_transfer(case=case, actor=inspector, to_office=other_district, reason="东区")
    found = employer_cases_for(user=window, employer=case.employer)
    assert list(found) == [case]  # registered here: still visible
    assert employer_cases_elsewhere(user=window, employer=case.employer) == []


def test_employers_entered_twice_are_gathered(register_case, east_window):
    first = register_case(employer=EmployerData(name=NAME))
    # The same company entered again (in the admin) without "有限" and with its credit code;
    # the East office registers against that record by the code.
    again = Employer.objects.create(
        name="宜昌某某建筑公司", normalized_name="宜昌某某建筑", credit_code=CREDIT_CODE
    )
    second = register_case(actor=east_window, employer=EmployerData(credit_code=CREDIT_CODE))
    assert second.employer == again
    assert set(employer_records(employer=first.employer)) == {first.employer, again}
    assert set(employer_records(employer=again)) == {first.employer, again}
    assert employer_totals(employer=first.employer)["open_cases"] == 2
    assert employer_totals(employer=again)["open_cases"] == 2


def test_a_different_credit_code_is_a_different_company(register_case, east_window):
    first = register_case(employer=EmployerData(name=NAME, credit_code=CREDIT_CODE))
    other = register_case(
        actor=east_window,
        employer=EmployerData(name="宜昌某某建筑公司", credit_code=OTHER_CREDIT_CODE),
    )
    assert first.employer_id != other.employer_id
    assert set(employer_records(employer=first.employer)) == {first.employer}
    assert employer_totals(employer=other.employer)["open_cases"] == 1


def test_same_credit_code_under_another_name_is_gathered(register_case):
    first = register_case(employer=EmployerData(name=NAME, credit_code=CREDIT_CODE))
    # A record with no code and an unrelated name stays apart.
    unrelated = Employer.objects.create(name="某某劳务队", normalized_name="某某劳务队")
    assert unrelated not in employer_records(employer=first.employer)


def test_merged_cases_are_not_counted_twice(register_case, inspector):
    keep = register_case(complainants=workers("100"))
    duplicate = register_case(complainants=workers("100"))
    services.case_merge(case=duplicate, actor=inspector, target=keep)
    totals = employer_totals(employer=keep.employer)
    assert (totals["open_cases"], totals["ended_cases"], totals["workers"]) == (1, 0, 1)


def test_no_cases_means_zeros(db):
    lonely = Employer.objects.create(name="无案单位", normalized_name="无案单位")
    assert employer_totals(employer=lonely) == {
        "open_cases": 0,
        "ended_cases": 0,
        "workers": 0,
        "owed": Decimal("0.00"),
        "recovered": Decimal("0.00"),
    }


def test_unknown_employer_is_404_and_a_role_is_needed(client, window, user_factory, district):
    client.force_login(window)
    assert client.get(reverse("complaints:employer_detail", args=[999999])).status_code == 404
    lonely = Employer.objects.create(name="无案单位", normalized_name="无案单位")
    client.force_login(user_factory("norole", district))
    assert client.get(page_url(lonely)).status_code == 403


def test_linked_from_the_case_page_and_the_case_list(client, window, register_case):
    case = register_case()
    client.force_login(window)
    url = page_url(case.employer)
    assert url in client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    assert url in client.get(reverse("complaints:case_list")).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_cases(
    client, register_case, window, east_window, inspector, inspection_head
):
    def add_cases(count):
        for index in range(count):
            case = register_case(complainants=workers("100", "200"))
            register_case(actor=east_window, complainants=workers("50"))
            if index % 2:
                services.case_accept(case=case, actor=inspection_head)

    add_cases(2)
    target = employer()
    client.force_login(inspector)
    few = _queries(client, page_url(target))
    add_cases(8)
    many = _queries(client, page_url(target))
    assert few == many


def test_pages_of_fifty(client, register_case, administrator):
    for _ in range(51):
        register_case()
    client.force_login(administrator)
    first = client.get(page_url(employer()))
    assert len(first.context["page"].object_list) == 50
    second = client.get(page_url(employer()) + "?page=2")
    assert len(second.context["page"].object_list) == 1
    assert first.context["totals"]["open_cases"] == 51
    assert first.context["page"].object_list[0].status == Status.REGISTERED
