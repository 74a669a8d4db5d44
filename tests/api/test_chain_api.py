"""A construction case's project and parties through the API: taken at intake (platform
accounts too), returned by the reads without phones, filtered by, and in the schema."""

from complaints.models import Case, CaseParty, Employer, PartyRole, Project
from complaints.services.chain import PartyData, ProjectData, case_record_chain
from tests.api.test_api_schema import conforms, openapi  # noqa: F401

URL = "/api/v1/cases/"
GENERAL = "宜昌城建集团有限公司"
GENERAL_CODE = "91420500MA4F0XXX1A"
PHONE = "13912345678"


def chain_body(minimal_body, **fields) -> dict:
    return (
        minimal_body
        | {
            "is_construction": True,
            "project": {
                "name": "滨江花园二期",
                "location": "宜昌市西陵区",
                "code": "4205002024001",
            },
            "parties": [
                {"role": "general_contractor", "name": GENERAL, "credit_code": GENERAL_CODE},
                {"role": "subcontractor", "name": "宜昌某某劳务有限公司"},
                {"role": "team_leader", "name": "王五", "phone": PHONE},
            ],
        }
        | fields
    )


def test_a_platform_registers_the_chain_and_the_reads_return_it_without_phones(
    api_client,
    platform_user,
    minimal_body,
    conforms,  # noqa: F811
):
    client = api_client(platform_user)
    created = conforms(client.post(URL, chain_body(minimal_body), format="json"))
    assert created.status_code == 201
    read = created.json()
    assert read["project"] == {
        "name": "滨江花园二期",
        "location": "宜昌市西陵区",
        "code": "4205002024001",
    }
    assert read["parties"] == [
        {"role": "general_contractor", "name": GENERAL, "credit_code": GENERAL_CODE},
        {"role": "subcontractor", "name": "宜昌某某劳务有限公司", "credit_code": ""},
        {"role": "team_leader", "name": "王五", "credit_code": ""},
    ]
    case = Case.objects.get()
    assert case.parties.get(role=PartyRole.TEAM_LEADER).person_phone == PHONE
    listed = conforms(client.get(URL)).json()
    assert PHONE not in str(listed) and PHONE not in str(read)
    assert listed["results"][0]["parties"][0]["name"] == GENERAL
    detail = conforms(client.get(f"{URL}{case.ticket}/")).json()
    assert detail["project"]["code"] == "4205002024001"


def test_left_out_there_is_no_project_and_no_party(api_client, window, minimal_body):
    read = api_client(window).post(URL, minimal_body, format="json").json()
    assert read["project"] is None and read["parties"] == []


def test_a_bad_party_is_a_json_400_and_nothing_is_saved(
    api_client, window, minimal_body, assert_error
):
    body = chain_body(
        minimal_body,
        parties=[
            {"role": "general_contractor", "name": GENERAL, "credit_code": "91420500MA4F0XXX1U"},
            {"role": "architect", "name": "某设计院"},
        ],
    )
    error = assert_error(api_client(window).post(URL, body, format="json"), 400)
    assert "parties" in str(error["fields"])
    assert not Case.objects.exists() and not Project.objects.exists()
    assert not Employer.objects.filter(name=GENERAL).exists()
    assert not CaseParty.objects.exists()


def test_the_list_filters_by_project_and_by_party(
    api_client, window, inspector, register_case, assert_error
):
    named, other = register_case(is_construction=True), register_case()
    case_record_chain(
        case=named,
        actor=inspector,
        project=ProjectData(name="滨江花园二期"),
        parties=[PartyData(role=PartyRole.GENERAL_CONTRACTOR, name=GENERAL)],
    )
    client = api_client(window)
    project = Project.objects.get()
    general = Employer.objects.get(name=GENERAL)
    for query in (f"project={project.pk}", f"party={general.pk}"):
        tickets = [row["ticket"] for row in client.get(f"{URL}?{query}").json()["results"]]
        assert tickets == [named.ticket], query
    assert other.ticket in str(client.get(URL).json())
    assert_error(client.get(f"{URL}?party=999999"), 400)


def test_the_schema_describes_the_chain(openapi):  # noqa: F811
    schemas = openapi["components"]["schemas"]
    assert set(schemas["Project"]["properties"]) == {"name", "location", "code"}
    assert set(schemas["Party"]["properties"]) == {"role", "name", "credit_code"}
    assert "parties" in schemas["CaseCreate"]["properties"]
    parameters = openapi["paths"]["/api/v1/cases/"]["get"]["parameters"]
    assert {"project", "party"} <= {parameter["name"] for parameter in parameters}
