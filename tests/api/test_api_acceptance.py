"""The acceptance decision through the API: the head's "accept" and "not-accept", and the
case's decisions in its read."""

from complaints.models import AcceptanceDecision, CaseEvent, Status


def url(case, slug: str) -> str:
    return f"/api/v1/cases/{case.ticket}/{slug}/"


def test_the_head_does_not_accept_by_api_with_ground_and_route(
    api_client, register_case, inspection_head
):
    case = register_case()
    response = api_client(inspection_head).post(
        url(case, "not-accept"),
        {
            "reason": "属于劳动争议，告知申请仲裁",
            "ground": "not_accepted_not_labor",
            "route": "arbitration",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.status == Status.NOT_ACCEPTED
    read = api_client(inspection_head).get(f"/api/v1/cases/{case.ticket}/").json()
    (decision,) = read["acceptance_decisions"]
    assert decision["ground"] == "not_inspection" and decision["route"] == "arbitration"
    assert decision["status"] == "approved" and decision["notice_number"]


def test_not_accepting_by_api_needs_a_ground_and_changes_nothing_without_it(
    api_client, register_case, inspection_head, assert_error
):
    case = register_case()
    events = CaseEvent.objects.count()
    response = api_client(inspection_head).post(
        url(case, "not-accept"), {"reason": "无法确定用人单位"}, format="json"
    )
    error = assert_error(response, 400)
    assert "ground" in error["fields"]
    assert CaseEvent.objects.count() == events and not AcceptanceDecision.objects.exists()


def test_an_inspector_cannot_accept_by_api(api_client, register_case, inspector, assert_error):
    case = register_case()
    assert_error(api_client(inspector).post(url(case, "accept"), {}, format="json"), 403)
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


def test_the_deactivated_no_employer_ground_is_refused(
    api_client, register_case, inspection_head, assert_error
):
    case = register_case()
    response = api_client(inspection_head).post(
        url(case, "not-accept"),
        {"reason": "无法确定用人单位", "ground": "not_accepted_no_employer"},
        format="json",
    )
    assert_error(response, 400)
    case.refresh_from_db()
    assert case.status == Status.REGISTERED
