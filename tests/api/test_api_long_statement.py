"""POST /api/v1/cases/ takes a worker's statement as long as the window does."""

from complaints.models import Case
from complaints.validators import DESCRIPTION_MAX_LENGTH

URL = "/api/v1/cases/"


def test_a_20000_character_statement_is_registered_whole(api_client, window, minimal_body):
    statement = ("老板说下个月一定发工资，可是一直没有发。" * 1000)[:20_000]

    response = api_client(window).post(
        URL, {**minimal_body, "description": statement}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert Case.objects.get().description == statement


def test_a_statement_over_the_limit_gets_one_message(
    api_client, window, minimal_body, assert_error
):
    body = {**minimal_body, "description": "欠" * (DESCRIPTION_MAX_LENGTH + 1)}

    response = api_client(window).post(URL, body, format="json")

    error = assert_error(response, 400)
    assert len(error["fields"]["description"]) == 1
    assert "20000" in error["fields"]["description"][0]
    assert Case.objects.count() == 0
