"""CSRF: every page form carries the token, and neither pages nor the API accept a
session-authenticated write without it (token-authenticated API clients need none)."""

import re
from pathlib import Path

from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from complaints.models import Case, CaseEvent

ROOT = Path(__file__).resolve().parents[2]
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


def test_every_post_form_in_the_templates_carries_the_token():
    missing = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        for body in POST_FORM.findall(template.read_text(encoding="utf-8")):
            if "csrf_token" not in body:
                missing.append(str(template.relative_to(ROOT)))
    assert missing == []


def test_a_page_post_without_the_token_is_refused_and_changes_nothing(inspector, register_case):
    case = register_case()
    client = Client(enforce_csrf_checks=True)
    client.force_login(inspector)
    url = f"/cases/{case.ticket}/notes/"
    events = CaseEvent.objects.filter(case=case).count()

    refused = client.post(url, {"text": "没有令牌"})
    assert refused.status_code == 403
    assert CaseEvent.objects.filter(case=case).count() == events

    client.get(f"/cases/{case.ticket}/")
    accepted = client.post(
        url, {"text": "带令牌", "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    )
    assert accepted.status_code == 302
    assert CaseEvent.objects.filter(case=case).count() == events + 1


def test_the_api_refuses_a_session_write_without_the_token(window, minimal_body):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(window)
    response = client.post("/api/v1/cases/", minimal_body, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert not Case.objects.exists()


def test_a_token_client_needs_no_csrf_token(window, minimal_body):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=window).key}")
    assert client.post("/api/v1/cases/", minimal_body, format="json").status_code == 201
