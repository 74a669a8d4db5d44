"""The case list API's `campaign` filter: the campaign's cases (its scope, registered in its
period or still handled in it), as the case list's filter holds them; an unknown campaign
is a JSON 400."""

from datetime import date

from complaints.models import Campaign
from config import clock
from tests.reports.conftest import at

URL = "/api/v1/cases/"


def test_the_campaign_filter_lists_its_cases(
    api_client, administrator, register_case, east_window, district
):
    campaign = Campaign.objects.create(
        name="冬季根治欠薪专项行动", starts_on=date(2026, 1, 7), ends_on=date(2026, 1, 31)
    )
    campaign.offices.add(district)
    with clock.frozen_at(at(2026, 1, 5)):
        before = register_case()
    with clock.frozen_at(at(2026, 1, 8)):
        inside = register_case()
        register_case(actor=east_window)
    with clock.frozen_at(at(2026, 2, 2)):
        register_case()
    response = api_client(administrator).get(URL, {"campaign": campaign.pk})
    assert response.status_code == 200, response.json()
    found = [row["ticket"] for row in response.json()["results"]]
    assert found == [inside.ticket, before.ticket]
    both = api_client(administrator).get(
        URL, {"campaign": campaign.pk, "registered_from": "2026-01-07"}
    )
    assert [row["ticket"] for row in both.json()["results"]] == [inside.ticket]


def test_an_unknown_campaign_is_a_json_400(api_client, administrator, assert_error):
    error = assert_error(api_client(administrator).get(URL, {"campaign": 999999}), 400)
    assert "campaign" in error["fields"]
