"""Each role lands where its work starts: after logging in, and at the site root."""

import pytest
from django.urls import reverse

from accounts.home import home_url_for
from accounts.roles import Role

PASSWORD = "pw-for-tests-2026"  # tests/conftest.py make_user

INTAKE = "complaints:intake"
MY_CASES = "dispatch:my_cases"
DESK_QUEUE = "dispatch:desk_queue"
DASHBOARD = "reports:dashboard"
CASE_LIST = "complaints:case_list"

# (roles, where the user lands); several roles: the first of window staff, inspector,
# desk officer, supervisor, administrator that the user holds.
HOMES = [
    pytest.param((Role.WINDOW,), INTAKE, id="window"),
    pytest.param((Role.INSPECTOR,), MY_CASES, id="inspector"),
    pytest.param((Role.DESK_OFFICER,), DESK_QUEUE, id="desk_officer"),
    pytest.param((Role.SUPERVISOR,), DASHBOARD, id="supervisor"),
    pytest.param((Role.ADMINISTRATOR,), DASHBOARD, id="administrator"),
    pytest.param((Role.SUPERVISOR, Role.WINDOW), INTAKE, id="supervisor+window"),
    pytest.param((Role.SUPERVISOR, Role.INSPECTOR), MY_CASES, id="supervisor+inspector"),
    pytest.param((Role.ADMINISTRATOR, Role.DESK_OFFICER), DESK_QUEUE, id="admin+desk_officer"),
    pytest.param((), CASE_LIST, id="no-role"),
]


@pytest.fixture
def user_with(user_factory, district):
    def make(roles, office=district, username="someone", **extra):
        return user_factory(username, office, *roles, **extra)

    return make


def log_in(client, **extra):
    return client.post(
        reverse("accounts:login") + extra.pop("query", ""),
        {"username": "someone", "password": PASSWORD},
        **extra,
    )


@pytest.mark.parametrize(("roles", "home"), HOMES)
def test_logging_in_lands_where_the_roles_work_starts(client, user_with, roles, home):
    user_with(roles)
    response = log_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse(home)
    assert client.get(response["Location"]).status_code == 200  # and the user may use it


@pytest.mark.parametrize(("roles", "home"), HOMES)
def test_the_site_root_leads_to_the_same_page(client, user_with, roles, home):
    client.force_login(user_with(roles))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse(home)


@pytest.mark.parametrize(("roles", "home"), HOMES)
def test_the_login_page_sends_a_logged_in_user_home(client, user_with, roles, home):
    client.force_login(user_with(roles))
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse(home)


def test_a_next_page_given_to_the_login_wins(client, user_with):
    user_with((Role.WINDOW,))
    response = log_in(client, query="?next=/cases/")
    assert response["Location"] == "/cases/"


def test_window_staff_without_an_office_have_no_intake_to_start_at(user_with):
    assert home_url_for(user_with((Role.WINDOW,), office=None)) == reverse(CASE_LIST)
    both = user_with((Role.WINDOW, Role.DESK_OFFICER), office=None, username="both")
    assert home_url_for(both) == reverse(DESK_QUEUE)


def test_a_superuser_lands_on_the_dashboard(client, user_with):
    client.force_login(user_with((), office=None, is_superuser=True, is_staff=True))
    assert client.get("/")["Location"] == reverse(DASHBOARD)


def test_a_visitor_at_the_site_root_is_asked_to_log_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
