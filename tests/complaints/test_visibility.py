"""Who may see which case: the one rule in complaints/selectors/visibility.py, and the case page.

A user sees a case when its responsible or registering office is their office or one
below it, or when they are its first responder; administrators see every case. A case
the user may not see answers 404, never 403, so its existence does not leak.
"""

import pytest

from accounts.models import Office
from accounts.roles import Role
from complaints import services
from complaints.exceptions import CaseNotVisible
from complaints.models import Status
from complaints.selectors.cases import case_get_for
from complaints.selectors.lists import case_list_for
from complaints.selectors.visibility import cases_visible_to


@pytest.fixture
def west_case(register_case):
    return register_case()  # registered by the West District window


def visible(user) -> set[str]:
    return set(cases_visible_to(user=user).values_list("ticket", flat=True))


def sees(user, case) -> bool:
    try:
        case_get_for(user=user, ticket=case.ticket)
    except CaseNotVisible:
        return False
    return True


def test_district_user_sees_own_district_only(inspector, west_case, east_case):
    assert visible(inspector) == {west_case.ticket}
    assert sees(inspector, west_case)
    assert not sees(inspector, east_case)
    assert case_get_for(user=inspector, ticket=west_case.ticket) == west_case


def test_other_district_sees_its_own_case_only(east_inspector, west_case, east_case):
    assert visible(east_inspector) == {east_case.ticket}
    assert not sees(east_inspector, west_case)


def test_an_unknown_ticket_is_the_same_refusal(inspector, west_case):
    with pytest.raises(CaseNotVisible):
        case_get_for(user=inspector, ticket="YC-1999-999999")


def test_city_user_sees_every_district(
    city_supervisor, city, user_factory, register_case, west_case, east_case
):
    city_window = user_factory("citywindow", city, Role.WINDOW)
    city_case = register_case(actor=city_window)

    assert visible(city_supervisor) == {west_case.ticket, east_case.ticket, city_case.ticket}
    assert sees(city_supervisor, west_case)
    assert sees(city_supervisor, east_case)


def test_district_user_does_not_see_a_city_case(
    user_factory, city, register_case, inspector, west_case
):
    city_window = user_factory("citywindow", city, Role.WINDOW)
    city_case = register_case(actor=city_window)

    assert not sees(inspector, city_case)
    assert visible(inspector) == {west_case.ticket}


@pytest.mark.parametrize("office", ["city", "none", "district"])
def test_administrator_sees_everything(user_factory, city, district, office, west_case, east_case):
    home = {"city": city, "none": None, "district": district}[office]
    administrator = user_factory("admin-x", home, Role.ADMINISTRATOR)

    assert visible(administrator) == {west_case.ticket, east_case.ticket}
    assert sees(administrator, east_case)


def test_superuser_sees_everything(user_factory, west_case, east_case):
    root = user_factory("root", None, is_superuser=True)

    assert visible(root) == {west_case.ticket, east_case.ticket}


def test_user_without_an_office_sees_nothing(user_factory, west_case, east_case):
    nobody = user_factory("nobody", None, Role.INSPECTOR)

    assert visible(nobody) == set()
    assert not sees(nobody, west_case)


def test_transfer_moves_the_case_to_the_receiving_district(
    inspector, east_inspector, west_case, other_district, user_factory
):
    services.case_transfer(
        case=west_case, actor=inspector, to_office=other_district, reason="用人单位在东区"
    )

    assert sees(east_inspector, west_case)  # now responsible
    assert sees(inspector, west_case)  # the registering office keeps it in view
    third = Office.objects.create(
        name="North District",
        code="north",
        level=Office.Level.DISTRICT,
        parent=other_district.parent,
    )
    assert not sees(user_factory("northinspector", third, Role.INSPECTOR), west_case)


def test_first_responder_keeps_seeing_a_transferred_case(
    window, inspector, west_case, other_district
):
    services.case_transfer(
        case=west_case, actor=inspector, to_office=other_district, reason="用人单位在东区"
    )

    assert west_case.ticket in visible(window)
    assert sees(window, west_case)


def test_first_responder_sees_the_case_even_from_another_office(
    window, inspector, user_factory, city, west_case, other_district
):
    """Only the first-responder clause can grant this: neither office is the user's."""
    services.case_transfer(
        case=west_case, actor=inspector, to_office=other_district, reason="用人单位在东区"
    )
    north = Office.objects.create(
        name="North District", code="north", level=Office.Level.DISTRICT, parent=city
    )
    window.office = north
    window.save()
    moved = type(window).objects.get(pk=window.pk)
    colleague = user_factory("northwindow", north, Role.WINDOW)

    assert visible(moved) == {west_case.ticket}
    assert sees(moved, west_case)
    assert not sees(colleague, west_case)


def test_case_list_and_its_search_show_only_visible_cases(inspector, west_case, east_case):
    assert [case.ticket for case in case_list_for(user=inspector)] == [west_case.ticket]
    assert list(case_list_for(user=inspector, filters={"q": east_case.ticket})) == []


# --- the case page -----------------------------------------------------------------------


def page(client, user, case):
    client.force_login(user)
    return client.get(f"/cases/{case.ticket}/")


def test_case_page_is_404_for_a_user_who_may_not_see_it(client, east_inspector, west_case):
    response = page(client, east_inspector, west_case)

    assert response.status_code == 404
    assert west_case.ticket.encode() not in response.content


def test_case_page_is_404_for_an_unknown_ticket(client, inspector, west_case):
    client.force_login(inspector)

    assert client.get("/cases/YC-1999-999999/").status_code == 404


@pytest.mark.parametrize(
    "who", ["window", "inspector", "desk_officer", "supervisor", "city_supervisor", "administrator"]
)
def test_case_page_is_200_for_a_user_who_may_see_it(client, request, who, west_case):
    user = request.getfixturevalue(who)

    response = page(client, user, west_case)

    assert response.status_code == 200
    assert west_case.ticket.encode() in response.content


def test_case_page_needs_a_login(client, west_case):
    response = client.get(f"/cases/{west_case.ticket}/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_case_page_follows_a_transfer(client, inspector, east_inspector, west_case, other_district):
    services.case_transfer(
        case=west_case, actor=inspector, to_office=other_district, reason="用人单位在东区"
    )

    assert page(client, east_inspector, west_case).status_code == 200


def test_action_on_an_invisible_case_is_404_and_changes_nothing(
    client, user_factory, other_district, west_case
):
    outsider = user_factory("x", other_district, Role.SUPERVISOR)
    client.force_login(outsider)

    response = client.post(f"/cases/{west_case.ticket}/actions/accept/", {"accept-note": ""})

    assert response.status_code == 404
    west_case.refresh_from_db()
    assert west_case.status == Status.REGISTERED
