"""The timeline is the audit trail: nobody edits or deletes it, not even an administrator."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from complaints.models import CaseEvent


@pytest.fixture
def superuser(city):
    return User.objects.create_superuser("root", password="pw-for-tests-2026", office=city)


@pytest.fixture
def event(register_case):
    case = register_case()
    return CaseEvent.objects.filter(case=case).first()


def timeline_of(event):
    return list(CaseEvent.objects.filter(case=event.case).values_list("id", "kind", "message"))


def test_the_admin_offers_no_way_to_change_or_delete_an_event(client, superuser, event):
    client.force_login(superuser)
    before = timeline_of(event)
    change = reverse("admin:complaints_caseevent_change", args=[event.pk])
    delete = reverse("admin:complaints_caseevent_delete", args=[event.pk])
    changelist = reverse("admin:complaints_caseevent_changelist")

    assert client.post(change, {"message": "rewritten", "kind": "note"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(changelist, {"action": "delete_selected", "_selected_action": [event.pk]})

    assert timeline_of(event) == before


def test_the_api_refuses_to_change_or_delete_the_timeline(superuser, event):
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=superuser)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = reverse("api:case-events", args=[event.case.ticket])
    before = timeline_of(event)

    for method in (client.put, client.patch, client.delete):
        response = method(url, {"message": "rewritten"}, format="json")
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"
    assert timeline_of(event) == before


@pytest.mark.postgres
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger is PostgreSQL's")
def test_the_database_itself_refuses_raw_updates_and_deletes(event):
    before = timeline_of(event)
    for statement in (
        "UPDATE complaints_caseevent SET message = 'rewritten' WHERE id = %s",
        "DELETE FROM complaints_caseevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert timeline_of(event) == before
