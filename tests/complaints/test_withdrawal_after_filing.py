"""A complainant's withdrawal, by stage.

Before filing a withdrawal ends the registered complaint. After filing (立案) it does not
end the case by itself: the complainant's request is recorded, and the head of the
inspection body decides to cancel the filing (撤销立案, 劳动保障监察条例 Art. 18 (3)) or to
go on ex officio (依职权继续调查). Services, pages and the API, in both languages.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from complaints import services
from complaints.events import describe
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import Case, CaseEvent, Status
from complaints.services.transitions import case_actions_for
from config import clock
from tests.builders import paid_in_full

FILED = [Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED]
STEPS = {Status.ACCEPTED: 0, Status.IN_PROGRESS: 1, Status.RESOLVED: 2}
WORDS = "已与老板协商，工资已结清，申请撤回投诉"


@pytest.fixture
def filed_case(register_case, inspector, inspection_head):
    """filed_case(status) -> a case filed by the head and brought to `status`."""

    def make(status=Status.ACCEPTED):
        case = register_case()
        services.case_accept(case=case, actor=inspection_head, note="材料齐全")
        if STEPS[status] >= 1:
            services.case_start(case=case, actor=inspector)
        if STEPS[status] >= 2:
            services.case_resolve(case=case, actor=inspector)
        case.refresh_from_db()
        assert case.status == status
        return case

    return make


@pytest.fixture
def requested(filed_case, window):
    """A case in progress whose complainant asked at the window to withdraw."""
    case = filed_case(Status.IN_PROGRESS)
    return services.case_request_withdrawal(case=case, actor=window, reason=WORDS)


def offered(case, user) -> set[str]:
    case.refresh_from_db()
    return {t.action for t in case_actions_for(case=case, user=user)}


def last_event(case) -> CaseEvent:
    return CaseEvent.objects.filter(case=case).order_by("-id").first()


# --- before filing ----------------------------------------------------------------------


def test_a_registered_complaint_is_withdrawn_at_once(register_case, window):
    case = register_case()
    assert "withdraw" in offered(case, window)
    assert "request_withdrawal" not in offered(case, window)

    withdrawn = services.case_withdraw(case=case, actor=window, reason=WORDS)

    assert withdrawn.status == Status.WITHDRAWN and withdrawn.closed_at is not None
    assert last_event(case).kind == "withdraw"


def test_a_registered_complaint_has_no_request_to_make(register_case, window):
    case = register_case()
    with pytest.raises(InvalidTransition):
        services.case_request_withdrawal(case=case, actor=window, reason=WORDS)


def test_a_complaint_gone_on_at_arbitration_is_withdrawn_at_once(
    register_case, inspection_head, window
):
    """Not a matter for inspection, taken on by the arbitration desk: never filed, so the
    complainant's withdrawal ends it as before filing."""
    from complaints.models import Ground, Route
    from complaints.services.acceptance import Proposal, decision_decide

    case = register_case()
    proposal = Proposal(
        ground=Ground.NOT_INSPECTION,
        reason="属于劳动争议",
        route=Route.ARBITRATION,
        refer_to_arbitration=True,
    )
    decision_decide(case=case, actor=inspection_head, proposal=proposal)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.accepted_at is None
    assert offered(case, window) >= {"withdraw"} and "request_withdrawal" not in offered(
        case, window
    )
    assert services.case_withdraw(case=case, actor=window, reason=WORDS).status == (
        Status.WITHDRAWN
    )


# --- after filing: the request ------------------------------------------------------------


def test_the_table_holds_no_request_on_a_case_never_filed(register_case):
    """A check constraint backs the rule for rows written around the services."""
    case = register_case()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(withdrawal_requested_at=clock.now())


@pytest.mark.parametrize("status", FILED)
def test_a_filed_case_is_not_withdrawn_by_the_window(filed_case, window, status):
    case = filed_case(status)
    assert "withdraw" not in offered(case, window)
    assert "request_withdrawal" in offered(case, window)
    # Past "accepted" the status alone would allow it (a case gone on at another desk is
    # withdrawn at once); the stage refuses it, and says what to do instead.
    message = "withdrawal request instead" if status != Status.ACCEPTED else "cannot be changed"
    with pytest.raises(InvalidTransition, match=message):
        services.case_withdraw(case=case, actor=window, reason=WORDS)
    case.refresh_from_db()
    assert case.status == status and case.closed_at is None


@pytest.mark.parametrize("recorder", ["window", "inspector", "supervisor"])
@pytest.mark.parametrize("status", FILED)
def test_the_request_is_recorded_and_the_case_goes_on(filed_case, request, recorder, status):
    case = filed_case(status)
    actor = request.getfixturevalue(recorder)

    after = services.case_request_withdrawal(case=case, actor=actor, reason=f"  {WORDS} ")

    assert after.status == status and after.closed_at is None
    assert after.withdrawal_pending and after.withdrawal_requested_at is not None
    event = last_event(case)
    assert (event.kind, event.actor, event.message) == ("withdrawal_requested", actor, WORDS)


def test_the_request_needs_the_complainants_words(filed_case, window):
    case = filed_case()
    with pytest.raises(ValidationError) as refused:
        services.case_request_withdrawal(case=case, actor=window, reason="  ")
    assert "reason" in refused.value.message_dict


def test_only_one_request_waits_at_a_time(requested, window, inspector):
    assert "request_withdrawal" not in offered(requested, window)
    with pytest.raises(InvalidTransition, match="comes first"):
        services.case_request_withdrawal(case=requested, actor=inspector, reason="再次申请")


def test_a_waiting_request_is_decided_before_the_case_closes_or_merges(
    requested, inspector, register_case
):
    services.case_resolve(case=requested, actor=inspector)
    assert not {"close", "merge"} & offered(requested, inspector)
    with pytest.raises(InvalidTransition, match="comes first"):
        services.case_close(case=requested, actor=inspector, **paid_in_full())
    requested.refresh_from_db()
    assert requested.status == Status.RESOLVED and requested.withdrawal_pending


# --- after filing: the head's decision ------------------------------------------------------


@pytest.mark.parametrize("who", ["window", "inspector", "supervisor"])
def test_only_a_head_decides_on_the_request(requested, request, who):
    user = request.getfixturevalue(who)
    assert not {"cancel_filing", "continue_ex_officio"} & offered(requested, user)
    for service in (services.case_cancel_filing, services.case_continue_ex_officio):
        with pytest.raises(ActionNotPermitted):
            service(case=requested, actor=user, reason="同意撤回")
    requested.refresh_from_db()
    assert requested.status == Status.IN_PROGRESS and requested.withdrawal_pending


@pytest.mark.parametrize("head", ["inspection_head", "department_head"])
def test_cancelling_the_filing_ends_the_case(requested, request, head):
    user = request.getfixturevalue(head)
    assert {"cancel_filing", "continue_ex_officio"} <= offered(requested, user)

    ended = services.case_cancel_filing(case=requested, actor=user, reason="违法行为已改正")

    assert ended.status == Status.WITHDRAWN and not ended.is_open
    assert ended.outcome.code == "filing_cancelled" and ended.closed_at is not None
    assert not ended.withdrawal_pending
    event = last_event(requested)
    assert (event.kind, event.actor, event.message) == ("filing_cancelled", user, "违法行为已改正")
    assert offered(requested, user) == set()


def test_continuing_ex_officio_keeps_the_case_open(requested, inspection_head, inspector):
    kept = services.case_continue_ex_officio(
        case=requested, actor=inspection_head, reason="涉及多名工人，依职权继续调查"
    )

    assert kept.status == Status.IN_PROGRESS and kept.is_open and kept.closed_at is None
    assert not kept.withdrawal_pending and kept.outcome is None
    event = last_event(requested)
    assert (event.kind, event.message) == ("continued_ex_officio", "涉及多名工人，依职权继续调查")
    # The case goes on to its own end; a later request may be made again.
    assert "request_withdrawal" in offered(requested, inspector)
    services.case_resolve(case=requested, actor=inspector)
    closed = services.case_close(case=requested, actor=inspector, **paid_in_full())
    assert closed.status == Status.CLOSED


@pytest.mark.parametrize("decide", ["case_cancel_filing", "case_continue_ex_officio"])
def test_a_decision_needs_its_reason(requested, inspection_head, decide):
    with pytest.raises(ValidationError) as refused:
        getattr(services, decide)(case=requested, actor=inspection_head, reason=" ")
    assert "reason" in refused.value.message_dict


@pytest.mark.parametrize("decide", ["case_cancel_filing", "case_continue_ex_officio"])
def test_there_is_nothing_to_decide_without_a_request(filed_case, inspection_head, decide):
    case = filed_case()
    assert not {"cancel_filing", "continue_ex_officio"} & offered(case, inspection_head)
    with pytest.raises(InvalidTransition, match="No withdrawal request"):
        getattr(services, decide)(case=case, actor=inspection_head, reason="无")


# --- the case page and the timeline, in both languages ------------------------------------

PAGE_TEXT = {
    "en": (
        "Withdrawal requested",
        "Waiting for the decision of the head of the inspection body",
        "Cancel the filing",
        "Continue ex officio",
    ),
    "zh-hans": ("撤诉申请", "等待监察机构负责人决定", "撤销立案", "依职权继续调查"),
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_shows_the_waiting_request_and_offers_the_head_the_decision(
    client, requested, inspection_head, supervisor, language
):
    requested_label, waiting, cancel, go_on = PAGE_TEXT[language]
    page = f"/cases/{requested.ticket}/"
    client.force_login(inspection_head)
    html = client.get(page, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert requested_label in html and waiting in html
    assert f"/cases/{requested.ticket}/actions/cancel_filing/" in html
    assert cancel in html and go_on in html
    client.force_login(supervisor)
    html = client.get(page, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert waiting in html and "/actions/cancel_filing/" not in html


def test_the_window_records_the_request_on_the_page(client, filed_case, window):
    case = filed_case(Status.RESOLVED)
    client.force_login(window)
    html = client.get(f"/cases/{case.ticket}/").content.decode()
    assert "/actions/request_withdrawal/" in html and "/actions/withdraw/" not in html
    response = client.post(
        f"/cases/{case.ticket}/actions/request_withdrawal/",
        {"request_withdrawal-reason": WORDS},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.withdrawal_pending and case.status == Status.RESOLVED


def test_the_head_cancels_the_filing_on_the_page(client, requested, inspection_head):
    client.force_login(inspection_head)
    response = client.post(
        f"/cases/{requested.ticket}/actions/cancel_filing/",
        {"cancel_filing-reason": "情节轻微且已改正"},
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == Status.WITHDRAWN
    html = client.get(f"/cases/{requested.ticket}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "撤销立案（投诉人撤回投诉）" in html.content.decode()  # the outcome, in Chinese


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "en",
            [
                "The complainant asked to withdraw; the head of the inspection body decides.",
                "Filing cancelled on the complainant's withdrawal request.",
            ],
        ),
        (
            "zh-hans",
            ["投诉人提出撤诉申请，由监察机构负责人决定。", "根据投诉人的撤诉申请撤销立案。"],
        ),
    ],
)
def test_the_timeline_tells_the_request_and_the_decision(
    requested, inspection_head, language, sentences
):
    services.case_cancel_filing(case=requested, actor=inspection_head, reason="已改正")
    kinds = ["withdrawal_requested", "filing_cancelled"]
    events = [CaseEvent.objects.get(case=requested, kind=kind) for kind in kinds]
    with translation.override(language):
        assert [describe(event) for event in events] == sentences


# --- the API ----------------------------------------------------------------------------------


def _api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_api_offers_and_takes_the_same_steps(filed_case, window, supervisor, inspection_head):
    case = filed_case()
    base = f"/api/v1/cases/{case.ticket}"
    assert "withdraw" not in _api(window).get(f"{base}/").json()["actions"]
    refused = _api(window).post(f"{base}/withdraw/", {"reason": WORDS}, format="json")
    assert refused.status_code == 409

    answer = _api(window).post(f"{base}/request-withdrawal/", {"reason": WORDS}, format="json")
    assert answer.status_code == 200 and answer.json()["withdrawal_requested_at"]
    assert {"cancel-filing", "continue-ex-officio"} <= set(
        _api(inspection_head).get(f"{base}/").json()["actions"]
    )
    body = {"reason": "情节轻微且已改正"}
    assert _api(supervisor).post(f"{base}/cancel-filing/", body, format="json").status_code == 403
    answer = _api(inspection_head).post(f"{base}/cancel-filing/", body, format="json")
    assert answer.status_code == 200
    assert answer.json()["status"] == Status.WITHDRAWN
    assert answer.json()["withdrawal_requested_at"] is None
