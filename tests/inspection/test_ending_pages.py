"""The pages of the penalty path and of the end of a filed case: each form calls its
service and goes back to the case page; a refusal is shown on the form, nothing saved; the
head decides a proposal on `step_decide`, which calls the step kind's approve or refuse."""

from datetime import date
from decimal import Decimal

from django.contrib.messages import get_messages
from django.urls import reverse

from complaints.models import Outcome
from dispatch.models import ReferralStatus
from dispatch.services.rectification import inspection_referral
from inspection.models import PenaltyProvision, Step, StepKind, StepStatus
from inspection.services.ending import closing_propose
from inspection.services.penalty import penalty_notice_issue
from inspection.services.service import document_serve
from tests.inspection.conftest import at


def test_the_notice_page_issues_the_notice(client, filed, officer, second):
    client.force_login(officer)
    url = reverse("inspection:penalty_notice", args=[filed.ticket])
    with at(3, 10):
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "second_inspector": second.pk,
                "provision": _provision_pk("obstruction"),
                "amount": "5000",
                "facts": "拒不提供工资支付记录",
                "evidence": "现场检查笔录",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:case_detail", args=[filed.ticket])
    notice = Step.objects.get(case=filed, kind=StepKind.PENALTY_NOTICE)
    assert notice.document.number in str(list(get_messages(response.wsgi_request))[0])


def _provision_pk(code):
    return PenaltyProvision.objects.get(code=code).pk


def test_a_fine_above_the_ceiling_is_shown_on_the_form(client, filed, officer, second):
    client.force_login(officer)
    url = reverse("inspection:penalty_notice", args=[filed.ticket])
    with at(3, 10):
        response = client.post(
            url,
            {
                "second_inspector": second.pk,
                "provision": _provision_pk("obstruction"),
                "amount": "30000",
                "facts": "拒不提供工资支付记录",
                "evidence": "现场检查笔录",
            },
        )
    assert response.status_code == 400
    assert "between 2,000.00 and 20,000.00 yuan" in response.content.decode()
    assert not Step.objects.filter(case=filed, kind=StepKind.PENALTY_NOTICE).exists()


def test_the_decision_page_says_what_is_missing(client, filed, officer, second):
    with at(3, 10):
        notice = penalty_notice_issue(
            case=filed,
            actor=officer,
            second_inspector=second,
            provision=PenaltyProvision.objects.get(code="obstruction"),
            amount=Decimal("12000"),
            facts="拒不提供资料",
            evidence="笔录",
        )
        document_serve(
            document=notice.document,
            actor=officer,
            method="in_person",
            served_on=date(2026, 3, 10),
            recipient="王经理",
        )
    client.force_login(officer)
    with at(3, 12):
        page = client.get(reverse("inspection:penalty_decision", args=[filed.ticket]))
    assert "request a hearing until 2026-03-15" in page.content.decode()


def test_the_closing_is_proposed_then_approved_by_the_head(client, filed, officer, inspection_head):
    client.force_login(officer)
    outcome = Outcome.objects.get(code="ordered_by_decision")
    with at(3, 20):
        response = client.post(
            reverse("inspection:closing_propose", args=[filed.ticket]),
            {"outcome": outcome.pk, "summary": "已责令支付"},
        )
    assert response.status_code == 302
    proposal = Step.objects.get(case=filed, kind=StepKind.CLOSING)
    url = reverse("inspection:step_decide", args=[filed.ticket, proposal.pk])
    assert client.get(url).status_code == 403  # an inspector does not decide

    client.force_login(inspection_head)
    page = client.get(url).content.decode()
    assert "已责令支付" in page and str(outcome) in page
    with at(3, 21):
        response = client.post(url, {"decision": "approve", "note": "同意"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == StepStatus.APPROVED
    assert proposal.referral.status == ReferralStatus.DONE


def test_a_refusal_without_a_reason_is_shown_on_the_form(client, filed, officer, inspection_head):
    with at(3, 20):
        proposal = closing_propose(
            case=filed,
            actor=officer,
            outcome=Outcome.objects.get(code="paid_in_full"),
            summary="已支付",
        )
    client.force_login(inspection_head)
    url = reverse("inspection:step_decide", args=[filed.ticket, proposal.pk])
    with at(3, 21):
        response = client.post(url, {"decision": "refuse", "note": ""})
    assert response.status_code == 400
    assert "reason for not approving" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == StepStatus.PROPOSED


def test_the_cancellation_page_proposes(client, filed, officer):
    client.force_login(officer)
    with at(3, 20):
        response = client.post(
            reverse("inspection:cancellation_propose", args=[filed.ticket]),
            {"reasons": "事实不成立"},
        )
    assert response.status_code == 302
    step = Step.objects.get(case=filed, kind=StepKind.CANCELLATION)
    assert step.status == StepStatus.PROPOSED and step.details["reasons"] == "事实不成立"


def test_the_desks_done_button_is_refused_on_a_filed_case(client, filed, officer):
    referral = inspection_referral(filed)
    client.force_login(officer)
    page = client.get(reverse("complaints:case_detail", args=[filed.ticket])).content.decode()
    assert reverse("dispatch:referral_action", args=[referral.pk, "finish"]) not in page
    with at(3, 20):
        response = client.post(
            reverse("dispatch:referral_action", args=[referral.pk, "finish"]), {"note": "已支付"}
        )
    assert "closing approval form" in str([str(m) for m in get_messages(response.wsgi_request)])
    referral.refresh_from_db()
    assert referral.status != ReferralStatus.DONE
