import pytest
from django.contrib.auth.models import Group

from accounts.models import Office
from accounts.roles import ROLE_PERMISSIONS, Role


@pytest.mark.django_db
def test_every_role_exists_as_a_group_with_its_permissions():
    for role in Role:
        group = Group.objects.get(name=role.value)
        granted = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert set(ROLE_PERMISSIONS[role]) <= granted


def test_office_path_covers_its_districts(city, district, other_district):
    assert district.path.startswith(city.path)
    assert other_district.path.startswith(city.path)
    below_city = Office.objects.filter(path__startswith=city.path)
    assert set(below_city) == {city, district, other_district}
    assert set(Office.objects.filter(path__startswith=district.path)) == {district}


def test_user_roles_come_from_groups(window, supervisor):
    assert window.has_role(Role.WINDOW)
    assert not window.has_role(Role.SUPERVISOR)
    assert supervisor.has_role(Role.INSPECTOR, Role.SUPERVISOR)


def test_login_page_logs_in_and_out(client, window):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    response = client.post(
        "/accounts/login/", {"username": "window", "password": "pw-for-tests-2026"}
    )
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/cases/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, window):
    response = client.post("/accounts/login/", {"username": "window", "password": "wrong"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_pages_need_a_login(client, db):
    response = client.get("/cases/new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_language_switcher_changes_the_page_language(client, window):
    client.force_login(window)
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/cases/"})
    assert response.status_code == 302
    page = client.get("/cases/")
    assert '<html lang="zh-hans">' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/cases/"})
    assert '<html lang="en">' in client.get("/cases/").content.decode()
