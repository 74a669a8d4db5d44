"""The wage-arrears dimensions through the API: taken at intake, returned by the case read,
validated with the one JSON error shape, and described by the schema."""

from complaints.models import Case, Employer
from tests.api.test_api_schema import conforms, openapi  # noqa: F401

URL = "/api/v1/cases/"
NAME = "宜昌某某建筑有限公司"


def body(**fields) -> dict:
    return {
        "description": "工地拖欠三个月工资",
        "complainants": [
            {"name": "张三", "phone": "13800138000", "is_migrant_worker": True},
            {"name": "李四", "phone": "13800138001"},
        ],
        "is_construction": True,
        "mass_incident_risk": True,
        "employer": {"name": NAME, "industry": "E"},
    } | fields


def test_intake_takes_the_dimensions_and_the_read_returns_them(
    api_client,
    window,
    conforms,  # noqa: F811
):
    client = api_client(window)
    created = conforms(client.post(URL, body(), format="json"))
    assert created.status_code == 201
    case = Case.objects.get()
    assert (case.is_construction, case.mass_incident_risk) == (True, True)
    assert case.employer.industry == "E"
    read = conforms(client.get(f"{URL}{case.ticket}/")).json()
    assert (read["is_construction"], read["mass_incident_risk"]) == (True, True)
    assert read["employer"]["industry"] == "E"
    assert read["employer"]["industry_label"] == "Construction"
    marks = {row["name"]: row["is_migrant_worker"] for row in read["complainants"]}
    assert marks == {"张三": True, "李四": False}


def test_left_out_they_are_not_set(api_client, window, minimal_body):
    response = api_client(window).post(URL, minimal_body, format="json")
    assert response.status_code == 201
    read = response.json()
    assert (read["is_construction"], read["mass_incident_risk"]) == (False, False)
    assert [row["is_migrant_worker"] for row in read["complainants"]] == [False]


def test_an_unknown_industry_is_a_json_400_and_nothing_is_saved(api_client, window, assert_error):
    response = api_client(window).post(
        URL, body(employer={"name": NAME, "industry": "Z"}), format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert "industry" in str(error["fields"])
    assert not Case.objects.exists() and not Employer.objects.exists()


def test_a_flag_must_be_a_boolean(api_client, window, assert_error):
    response = api_client(window).post(URL, body(mass_incident_risk="yes"), format="json")
    error = assert_error(response, 400, "invalid")
    assert "mass_incident_risk" in error["fields"]


def test_a_set_industry_is_not_overwritten_by_a_platform_push(api_client, window, platform_user):
    assert api_client(window).post(URL, body(), format="json").status_code == 201
    pushed = body(
        employer={"name": NAME, "industry": "C"},
        channel=platform_user.platform_channel,
        external_ref="P-1",
    )
    response = api_client(platform_user).post(URL, pushed, format="json")
    assert response.status_code == 201
    assert Employer.objects.get().industry == "E"
    read = response.json()
    assert read["is_construction"] is True and read["employer"]["industry"] == "E"


def test_the_schema_describes_the_dimensions(openapi):  # noqa: F811
    schemas = openapi["components"]["schemas"]
    case_in = schemas["CaseCreate"]["properties"]
    assert {"is_construction", "mass_incident_risk"} <= set(case_in)
    assert "is_migrant_worker" in schemas["ComplainantInput"]["properties"]
    assert "industry" in schemas["EmployerInput"]["properties"]
    case_out = schemas["Case"]["properties"]
    assert {"is_construction", "mass_incident_risk"} <= set(case_out)
    assert {"industry", "industry_label"} <= set(schemas["Employer"]["properties"])
    assert "is_migrant_worker" in schemas["Complainant"]["properties"]


def test_the_case_list_filters_by_the_dimensions(api_client, window):
    client = api_client(window)
    client.post(URL, body(), format="json")
    plain = {"description": "欠薪", "complainants": [{"name": "王五", "phone": "13900139000"}]}
    client.post(URL, plain, format="json")
    flagged, other = (case.ticket for case in Case.objects.order_by("id"))

    def listed(query: str) -> list[str]:
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content[:300]
        return [row["ticket"] for row in response.json()["results"]]

    assert listed("migrant_workers=true") == [flagged]
    assert listed("migrant_workers=false") == [other]
    assert listed("is_construction=true&mass_incident_risk=true") == [flagged]
    assert listed("industry=E") == [flagged]
    assert listed("industry=C") == []
    assert client.get(f"{URL}?industry=Z").status_code == 400
