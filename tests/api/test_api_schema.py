"""Every answer of the API, errors included, matches the OpenAPI schema at /api/schema/."""

import re

import jsonschema
import pytest
from django.urls import resolve

from complaints import services

SCHEMA_URL = "/api/schema/?format=json"


def _json_schema(node):
    """OpenAPI 3.0 to JSON Schema: `nullable: true` becomes "or null"."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture
def openapi(api_client, window):
    response = api_client(window).get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def conforms(openapi):
    """conforms(response): the body matches the schema of its path, method and status."""
    components = _json_schema(openapi["components"])
    templates = [
        (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path)
        for path in openapi["paths"]
    ]

    def check(response):
        request = response.wsgi_request
        path = next(name for pattern, name in templates if pattern.match(request.path))
        operation = openapi["paths"][path][request.method.lower()]
        answer = operation["responses"].get(str(response.status_code))
        assert answer is not None, f"{request.method} {path}: {response.status_code} undocumented"
        schema = _json_schema(answer["content"]["application/json"]["schema"])
        jsonschema.validate(response.json(), {**schema, "components": components})
        return response

    return check


def test_every_endpoint_is_documented(openapi):
    documented = set(openapi["paths"])
    for path in (
        "/api/v1/cases/",
        "/api/v1/cases/{ticket}/",
        "/api/v1/cases/{ticket}/complainants/",
        "/api/v1/cases/{ticket}/events/",
        "/api/v1/cases/{ticket}/referrals/",
        "/api/v1/consultations/",
        "/api/v1/stats/summary/",
    ):
        assert path in documented
    actions = {path.split("/")[-2] for path in documented if path.count("/") == 6}
    assert actions >= {"accept", "not-accept", "close", "reopen-closed", "merge", "transfer"}
    for path in documented:
        if path.startswith("/api/v1/cases/"):
            resolve(path.replace("{ticket}", "YC-2026-000001"))


def test_answers_match_the_schema(
    conforms,
    api_client,
    window,
    inspector,
    supervisor,
    inspection_head,
    east_inspector,
    minimal_body,
):
    client, work, head = api_client(window), api_client(inspector), api_client(inspection_head)
    created = conforms(client.post("/api/v1/cases/", minimal_body, format="json"))
    ticket = created.json()["ticket"]
    case_url = f"/api/v1/cases/{ticket}/"
    conforms(client.post("/api/v1/cases/", {**minimal_body, "external_ref": "R1"}, format="json"))
    again = {**minimal_body, "external_ref": "R1"}
    assert conforms(client.post("/api/v1/cases/", again, format="json")).status_code == 200
    conforms(client.get("/api/v1/cases/", {"status": "registered"}))
    conforms(client.get(case_url))
    conforms(client.get(case_url + "events/"))
    conforms(client.get(case_url + "referrals/"))
    body = {"complainants": [{"name": "李四", "phone": "13900139000", "id_number": ""}]}
    conforms(client.post(case_url + "complainants/", body, format="json"))
    assert conforms(work.post(case_url + "accept/", {}, format="json")).status_code == 403
    conforms(head.post(case_url + "accept/", {"note": "ok"}, format="json"))
    conforms(client.post("/api/v1/consultations/", {"topic": "咨询"}, format="json"))
    conforms(client.get("/api/v1/consultations/"))
    conforms(api_client(supervisor).get("/api/v1/stats/summary/"))
    # Errors have their documented shape too.
    assert conforms(client.post("/api/v1/cases/", {}, format="json")).status_code == 400
    assert conforms(api_client().get("/api/v1/cases/")).status_code == 401
    transfer = {"to_office": east_inspector.office_id, "reason": "x"}
    assert conforms(client.post(case_url + "transfer/", transfer, format="json")).status_code == 403
    assert conforms(api_client(east_inspector).get(case_url)).status_code == 404
    assert conforms(head.post(case_url + "accept/", {}, format="json")).status_code == 409


def test_referrals_match_the_schema(
    conforms, api_client, inspector, inspection_head, register_case, district
):
    from dispatch.models import Desk
    from dispatch.services import case_route

    Desk.objects.create(office=district, kind="inspection").members.add(inspector)
    case = register_case()
    case_route(case_id=case.pk)
    services.case_accept(case=case, actor=inspection_head)
    response = conforms(api_client(inspector).get(f"/api/v1/cases/{case.ticket}/referrals/"))
    assert response.json()[0]["deadlines"]
