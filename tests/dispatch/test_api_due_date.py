def test_due_date_endpoint(client, window):
    client.force_login(window)
    response = client.get(
        "/api/v1/due-date/", {"policy": "inspection.accept", "start": "2026-02-13"}
    )
    assert response.status_code == 200
    assert response.json()["due"] == "2026-02-27"
    assert response.json()["provisional"] is False


def test_due_date_endpoint_bad_input_is_a_400(client, window):
    client.force_login(window)
    response = client.get("/api/v1/due-date/", {"policy": "nope", "start": "2026-02-30"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) >= {"policy", "start"}


def test_due_date_endpoint_needs_a_login(client, db):
    assert client.get("/api/v1/due-date/", {"policy": "inspection.accept"}).status_code in (
        401,
        403,
    )


def test_schema_and_docs_are_served_without_a_cdn(client, window):
    client.force_login(window)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()
