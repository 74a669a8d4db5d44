"""Every model is in the admin, and every changelist opens (with its search) for the admin."""

import pytest
from django.apps import apps
from django.contrib import admin

PROJECT_APPS = ("accounts", "complaints", "dispatch")


def project_models():
    return [model for app in PROJECT_APPS for model in apps.get_app_config(app).get_models()]


def test_every_project_model_is_registered():
    missing = [model.__name__ for model in project_models() if model not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model", project_models(), ids=lambda model: model.__name__)
def test_changelist_and_search_open(client, django_user_model, register_case, model):
    register_case()
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw-x-2026")
    client.force_login(superuser)
    meta = model._meta
    url = f"/admin/{meta.app_label}/{meta.model_name}/"
    assert client.get(url).status_code == 200
    if admin.site._registry[model].search_fields:
        assert client.get(url, {"q": "张三"}).status_code == 200


def test_a_routing_rule_gets_its_desks_ticked_by_name(client, django_user_model):
    from dispatch.models import RoutingRule

    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw-x-2026")
    client.force_login(superuser)
    page = client.get("/admin/dispatch/routingrule/add/").content.decode()
    assert 'type="checkbox" name="desks" value="legal_aid"' in page
    data = {"name": "工伤咨询转工伤认定", "priority": "50", "is_active": "on", "keywords": "工伤"}
    response = client.post("/admin/dispatch/routingrule/add/", {**data, "desks": []})
    assert response.status_code == 200  # no desk ticked: shown again with the error
    assert not RoutingRule.objects.filter(name=data["name"]).exists()

    response = client.post(
        "/admin/dispatch/routingrule/add/", {**data, "desks": ["work_injury", "legal_aid"]}
    )
    assert response.status_code == 302
    assert RoutingRule.objects.get(name=data["name"]).desks == ["work_injury", "legal_aid"]


def drilldown_admins():
    return [
        (model, model_admin.date_hierarchy)
        for model, model_admin in admin.site._registry.items()
        if model_admin.date_hierarchy
    ]


@pytest.mark.parametrize(("model", "field"), drilldown_admins(), ids=str)
@pytest.mark.parametrize("year", ["1", "9999", "0", "99999", "-5"])
def test_a_year_drilldown_beyond_the_calendar_is_refused_not_a_server_error(
    client, django_user_model, model, field, year
):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw-x-2026")
    client.force_login(superuser)
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    response = client.get(url, {f"{field}__year": year})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"
    assert client.get(url, {f"{field}__year": "2026"}).status_code == 200
