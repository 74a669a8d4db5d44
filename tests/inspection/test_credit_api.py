"""Credit consequences in the API: a case's proposals (who by role only), the inspector's
proposal and the head's decision through the same services as the pages, their refusals
as the API's JSON errors with translated messages, nothing changed."""

from inspection.models import CreditMeasure, CreditProposal, CreditStatus
from inspection.services.credit import credit_propose
from tests.api.conftest import api_client  # noqa: F401
from tests.api.test_api_schema import conforms, openapi  # noqa: F401
from tests.inspection.conftest import at

JOINT = CreditMeasure.JOINT_PUNISHMENT


def proposals_url(case) -> str:
    return f"/api/v1/cases/{case.ticket}/credit-proposals/"


def decide_url(proposal) -> str:
    return f"/api/v1/cases/{proposal.case.ticket}/credit-proposals/{proposal.pk}/decide/"


def basis_of(order) -> int:
    return order.case.documents.get(kind="rectification", number=order.number).pk


def body(order, **extra) -> dict:
    return {"measure": JOINT, "basis": basis_of(order), "grounds": "逾期仍未支付", **extra}


def test_the_case_lists_its_proposals_by_role_only(
    api_client,  # noqa: F811
    conforms,  # noqa: F811
    filed,
    served,
    officer,
    window,
):
    with at(3, 16):
        credit_propose(
            case=filed,
            actor=officer,
            measure=JOINT,
            basis=filed.documents.get(pk=basis_of(served)),
            grounds="逾期",
        )
    listed = conforms(api_client(window).get(proposals_url(filed))).json()

    assert len(listed) == 1
    proposal = listed[0]
    assert (proposal["measure"], proposal["status"]) == ("joint_punishment", "proposed")
    assert proposal["basis"] == served.number and proposal["employer"] == filed.employer.name
    assert proposal["proposed_by_roles"] == ["inspector"]
    assert proposal["decided_at"] is None and proposal["decided_by_roles"] == []
    assert officer.display_name not in str(listed) and officer.username not in str(listed)


def test_the_inspector_proposes_and_the_head_approves(
    api_client,  # noqa: F811
    conforms,  # noqa: F811
    filed,
    served,
    officer,
    inspection_head,
):
    with at(3, 16):
        response = conforms(
            api_client(officer).post(proposals_url(filed), body(served), format="json")
        )
    assert response.status_code == 201
    proposal = CreditProposal.objects.get(case=filed)
    assert response.json()["id"] == proposal.pk

    with at(3, 18):
        decided = conforms(
            api_client(inspection_head).post(
                decide_url(proposal), {"decision": "approve", "note": "同意"}, format="json"
            )
        )
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    assert decided.json()["decided_by_roles"] == ["inspection_head"]
    proposal.refresh_from_db()
    assert proposal.status == CreditStatus.APPROVED and proposal.decided_by == inspection_head


def test_a_proposal_before_the_pay_by_date_is_a_409_in_chinese(
    api_client,  # noqa: F811
    conforms,  # noqa: F811
    filed,
    served,
    officer,
):
    with at(3, 13):
        response = conforms(
            api_client(officer).post(
                proposals_url(filed), body(served), format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
            )
        )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "invalid_transition" and "2026-03-13" in error["message"]
    assert any("\u4e00" <= char <= "\u9fff" for char in error["message"])
    assert not CreditProposal.objects.exists()


def test_refusals_are_json_errors_and_change_nothing(
    api_client,  # noqa: F811
    conforms,  # noqa: F811
    filed,
    served,
    officer,
    inspection_head,
    window,
):
    with at(3, 16):
        refused = conforms(
            api_client(window).post(proposals_url(filed), body(served), format="json")
        )
        assert refused.status_code == 403
        bad = conforms(
            api_client(officer).post(proposals_url(filed), body(served, basis=10**6), format="json")
        )
        assert bad.status_code == 400 and "basis" in bad.json()["error"]["fields"]
        assert not CreditProposal.objects.exists()
        conforms(api_client(officer).post(proposals_url(filed), body(served), format="json"))
    proposal = CreditProposal.objects.get()

    with at(3, 18):
        not_head = conforms(
            api_client(officer).post(decide_url(proposal), {"decision": "approve"}, format="json")
        )
        no_reason = conforms(
            api_client(inspection_head).post(
                decide_url(proposal), {"decision": "refuse"}, format="json"
            )
        )
    assert not_head.status_code == 403 and not_head.json()["error"]["message"]
    assert no_reason.status_code == 409
    assert "reason" in no_reason.json()["error"]["message"]
    proposal.refresh_from_db()
    assert proposal.status == CreditStatus.PROPOSED and proposal.decided_by is None


def test_a_proposal_of_another_case_is_a_404(
    api_client,  # noqa: F811
    filed,
    served,
    officer,
    inspection_head,
    register_case,
):
    with at(3, 16):
        credit_propose(
            case=filed,
            actor=officer,
            measure=JOINT,
            basis=filed.documents.get(pk=basis_of(served)),
            grounds="逾期",
        )
    proposal = CreditProposal.objects.get()
    other = register_case()
    url = f"/api/v1/cases/{other.ticket}/credit-proposals/{proposal.pk}/decide/"
    response = api_client(inspection_head).post(url, {"decision": "approve"}, format="json")
    assert response.status_code == 404
    assert CreditProposal.objects.get().status == CreditStatus.PROPOSED
