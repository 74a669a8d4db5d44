"""Violation categories through the API: taken at intake (codes complained of), returned by
the case read and the list ({code, name, complained, found}), refused when unknown with the
one JSON error shape, filtered by code, and described by the schema."""

from complaints.models import Case, CaseViolation, Category, ViolationCategory
from complaints.services.violations import case_set_violations
from tests.api.test_api_schema import conforms, openapi  # noqa: F401

URL = "/api/v1/cases/"


def body(**fields) -> dict:
    return {
        "description": "工地拖欠三个月工资",
        "complainants": [{"name": "张三", "phone": "13800138000"}],
    } | fields


def test_intake_takes_the_codes_and_the_read_returns_them(
    api_client,
    window,
    supervisor,
    conforms,  # noqa: F811
):
    client = api_client(window)
    created = conforms(
        client.post(URL, body(violations=["unpaid_overtime", "working_hours"]), format="json")
    )
    assert created.status_code == 201
    case = Case.objects.get()
    case_set_violations(
        case=case,
        actor=supervisor,
        complained={"unpaid_overtime", "working_hours"},
        found={"unpaid_overtime"},
    )
    read = conforms(client.get(f"{URL}{case.ticket}/")).json()
    assert read["violations"] == [
        {
            "code": "unpaid_overtime",
            "name": "Unpaid overtime",
            "complained": True,
            "found": True,
        },
        {
            "code": "working_hours",
            "name": "Working hours and rest",
            "complained": True,
            "found": False,
        },
    ]
    chinese = client.get(f"{URL}{case.ticket}/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert [row["name"] for row in chinese["violations"]] == [
        "未支付加班工资",
        "工作时间和休息休假",
    ]
    listed = conforms(client.get(URL)).json()["results"]
    assert [row["code"] for row in listed[0]["violations"]] == ["unpaid_overtime", "working_hours"]


def test_left_out_a_wage_arrears_case_names_unpaid_wages(api_client, window, minimal_body):
    response = api_client(window).post(URL, minimal_body, format="json")
    assert response.status_code == 201
    assert [row["code"] for row in response.json()["violations"]] == ["wages_unpaid"]
    other = api_client(window).post(URL, body(category=Category.SOCIAL_INSURANCE), format="json")
    assert other.json()["violations"] == []


def test_an_unknown_or_retired_code_is_a_json_400_and_nothing_is_saved(
    api_client, window, assert_error
):
    ViolationCategory.objects.create(
        code="old_rule", name_en="An old rule", name_zh="旧规定", is_active=False
    )
    for codes in (["no_such_thing"], ["wages_unpaid", "old_rule"], "wages_unpaid"):
        response = api_client(window).post(URL, body(violations=codes), format="json")
        error = assert_error(response, 400, "invalid")
        assert "violations" in error["fields"]
    response = api_client(window).post(URL, body(violations=["no_such_thing"]), format="json")
    assert "Unknown violation category: no_such_thing." in str(response.json())
    assert not Case.objects.exists() and not CaseViolation.objects.exists()


def test_the_case_list_filters_by_a_category_code(api_client, window, supervisor, assert_error):
    client = api_client(window)
    client.post(URL, body(violations=["unpaid_overtime"]), format="json")
    client.post(URL, body(), format="json")
    client.post(URL, body(category=Category.SOCIAL_INSURANCE), format="json")
    overtime, plain, found = Case.objects.order_by("id")
    case_set_violations(case=found, actor=supervisor, complained=(), found={"unpaid_overtime"})

    def listed(code: str) -> list[str]:
        response = client.get(URL, {"violation": code})
        assert response.status_code == 200, response.content[:300]
        return [row["ticket"] for row in response.json()["results"]]

    assert listed("unpaid_overtime") == [found.ticket, overtime.ticket]
    assert listed("wages_unpaid") == [plain.ticket]
    error = assert_error(client.get(URL, {"violation": "no_such_thing"}), 400)
    assert "violation" in error["fields"]


def test_the_schema_describes_the_violations(openapi):  # noqa: F811
    schemas = openapi["components"]["schemas"]
    assert "violations" in schemas["CaseCreate"]["properties"]
    assert "violations" in schemas["Case"]["properties"]
    assert "violations" in schemas["CaseList"]["properties"]
    row = schemas["CaseViolation"]["properties"]
    assert set(row) == {"code", "name", "complained", "found"}
    parameters = openapi["paths"]["/api/v1/cases/"]["get"]["parameters"]
    assert "violation" in {parameter["name"] for parameter in parameters}
