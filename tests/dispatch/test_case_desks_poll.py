"""A case page opened before routing ran updates its desks panel by itself.

The page carries the poll URL on its desks panel and loads static/js/case_routing.js (the
browser side is tests/browser/test_case_routing_poll.py); the URL answers JSON: "routing"
until dispatch has routed the case, then the panel with its desks, for whoever may see
the case page and nobody else.
"""

import re

from django.test import override_settings

from accounts.roles import Role
from dispatch import services
from dispatch.services.routing import case_routing_attempt_failed


def poll(client, case):
    response = client.get(f"/cases/{case.ticket}/desks/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.json()


def test_the_panel_answers_routing_then_the_desks_once_routing_ran(
    client, window, officer, register_case
):
    case = register_case()
    client.force_login(window)
    page = client.get(f"/cases/{case.ticket}/").content.decode()
    assert f'data-poll-url="/cases/{case.ticket}/desks/"' in page
    assert re.search(r'<script src="[^"]*/js/case_routing\.js"', page)

    waiting = poll(client, case)
    assert waiting["state"] == "routing"
    assert "Being routed to the desks…" in waiting["panel"]
    assert "Being routed to the desks…" in waiting["summary"]
    assert "data-poll-url" in waiting["panel"]  # the page keeps asking

    services.case_route(case_id=case.pk)

    routed = poll(client, case)
    assert routed["state"] == "routed"
    assert 'id="referrals"' in routed["panel"] and "data-poll-url" not in routed["panel"]
    for html in (routed["panel"], routed["summary"]):
        assert "Labor inspection" in html and "赵强" in html
        assert "Being routed" not in html
    assert "/accept/" not in routed["panel"]  # the window gets no desk buttons
    page = client.get(f"/cases/{case.ticket}/").content.decode()
    assert "data-poll-url" not in page


def test_the_desk_officer_gets_the_panel_with_their_buttons(client, officer, register_case):
    case = register_case()
    services.case_route(case_id=case.pk)
    client.force_login(officer)
    panel = poll(client, case)["panel"]
    referral = case.referrals.get()
    assert f'action="/referrals/{referral.pk}/accept/"' in panel
    assert 'name="csrfmiddlewaretoken"' in panel  # the swapped-in forms still post


@override_settings(ROUTING_MAX_ATTEMPTS=1)
def test_a_failed_dispatch_ends_the_poll_with_the_failure(client, supervisor, register_case):
    case = register_case()
    case_routing_attempt_failed(case_id=case.pk, error="broker down")
    client.force_login(supervisor)
    answer = poll(client, case)
    assert answer["state"] == "failed"
    assert "Dispatch failed" in answer["summary"]
    assert f"/cases/{case.ticket}/retry-dispatch/" in answer["summary"]


def test_only_those_who_see_the_case_page_get_its_panel(
    client, register_case, other_district, user_factory, administrator
):
    case = register_case()
    client.force_login(user_factory("east", other_district, Role.SUPERVISOR))
    assert client.get(f"/cases/{case.ticket}/").status_code == 404
    assert client.get(f"/cases/{case.ticket}/desks/").status_code == 404
    client.force_login(administrator)
    assert poll(client, case)["state"] == "routing"
    client.logout()
    assert client.get(f"/cases/{case.ticket}/desks/").status_code == 302
