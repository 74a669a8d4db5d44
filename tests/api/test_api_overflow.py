"""Ids far beyond a database integer are bad input (400), never an overflow (500)."""

import pytest

HUGE = "-9999999999999999999"


@pytest.mark.parametrize("query", [f"office={HUGE}", "office=99999999999999999999"])
def test_huge_office_filter_is_a_400(api_client, supervisor, query):
    client = api_client(supervisor)
    assert client.get(f"/api/v1/cases/?{query}").status_code == 400


def test_huge_stats_office_is_a_400(api_client, supervisor):
    client = api_client(supervisor)
    response = client.get("/api/v1/stats/summary/", {"office": "99999999999999999999"})
    assert response.status_code == 400


@pytest.mark.parametrize("office", [99999999999999999999, "99999999999999999999", -5])
def test_transfer_to_a_huge_office_id_is_a_400(api_client, inspector, register_case, office):
    case = register_case()
    client = api_client(inspector)
    response = client.post(
        f"/api/v1/cases/{case.ticket}/transfer/",
        {"to_office": office, "reason": "用人单位在东区"},
        format="json",
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.responsible_office.code == "west"


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/stats/", "/api/v1/x"])
def test_an_unknown_endpoint_is_a_json_404(api_client, path):
    response = api_client().get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
