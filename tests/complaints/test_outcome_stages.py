"""Outcomes by stage: a filed, investigated case closes only with an outcome of a filed case.

Before filing a complaint ends on the acceptance decision's grounds (not accepted: out of
time, not a matter for inspection); after filing (立案) only as an investigated case ends.
The close form, the API and `case_close` all take the list from
complaints/selectors/outcomes.py; the stage is data an administrator edits.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from complaints import services
from complaints.models import CaseEvent, Outcome, OutcomeStage, Status
from complaints.selectors.outcomes import outcome_fits_stage, outcomes_for_stage
from tests.builders import paid_in_full

FILED_CHOICES = {
    "paid_in_full",
    "paid_in_part",
    "ordered_by_decision",
    "penalty_imposed",
    "transferred_to_police",
    "referred_to_arbitration_court",
    "transferred_to_office",
}
DECISION_CHOICES = {"not_accepted_time_limit", "not_accepted_not_labor"}
CLOSE_OPTION = re.compile(r'<option value="(\d+)"[^>]*>([^<]*)</option>')


@pytest.fixture
def resolved(register_case, inspector, inspection_head):
    """A filed case the inspector has resolved, waiting to be closed."""
    case = register_case()
    services.case_accept(case=case, actor=inspection_head, note="材料齐全")
    services.case_start(case=case, actor=inspector)
    return services.case_resolve(case=case, actor=inspector, note="已支付")


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_each_stage_lists_its_own_outcomes(db):
    assert codes(outcomes_for_stage(OutcomeStage.FILED)) == FILED_CHOICES
    assert codes(outcomes_for_stage(OutcomeStage.DECISION)) == DECISION_CHOICES


def test_no_identifiable_employer_is_no_longer_a_ground_but_stays_for_history(db):
    """若干规定 Art. 18 para. 3: the complainant is asked to complete the complaint."""
    row = Outcome.objects.get(code="not_accepted_no_employer")
    assert not row.is_active and row.stage == OutcomeStage.DECISION
    assert not outcome_fits_stage(row, OutcomeStage.DECISION)


def test_filing_cancelled_ends_a_filed_case_but_only_by_the_heads_decision(db):
    row = Outcome.objects.get(code="filing_cancelled")
    assert row.is_active and row.stage == OutcomeStage.FILED
    assert row.name_zh.startswith("撤销立案")
    codes = ("filing_cancelled", "filing_cancelled_by_bureau", "withdrawn", "merged")
    for code in codes:  # each has its own action
        assert not outcome_fits_stage(Outcome.objects.get(code=code), OutcomeStage.FILED)


def test_an_outcome_of_either_stage_is_offered_at_both(db):
    Outcome.objects.create(
        code="mediated", name_en="Mediated", name_zh="调解结案", stage=OutcomeStage.ANY
    )
    assert "mediated" in codes(outcomes_for_stage(OutcomeStage.FILED))
    assert "mediated" in codes(outcomes_for_stage(OutcomeStage.DECISION))


@pytest.mark.parametrize("code", ["not_accepted_time_limit", "not_accepted_not_labor"])
def test_a_filed_case_cannot_close_as_not_accepted(resolved, inspector, code):
    before = CaseEvent.objects.filter(case=resolved).count()
    with pytest.raises(ValidationError) as refused:
        services.case_close(
            case=resolved, actor=inspector, **paid_in_full(outcome=Outcome.objects.get(code=code))
        )
    assert "does not end a filed case" in refused.value.message_dict["outcome"][0]
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED and resolved.outcome is None
    assert CaseEvent.objects.filter(case=resolved).count() == before


@pytest.mark.parametrize("code", ["withdrawn", "filing_cancelled", "merged"])
def test_an_outcome_its_own_action_records_is_not_chosen_at_closing(resolved, inspector, code):
    with pytest.raises(ValidationError) as refused:
        services.case_close(
            case=resolved, actor=inspector, **paid_in_full(outcome=Outcome.objects.get(code=code))
        )
    assert "outcome" in refused.value.message_dict


def test_a_filed_case_closes_with_a_filed_outcome(resolved, inspector):
    closed = services.case_close(case=resolved, actor=inspector, **paid_in_full())
    assert closed.status == Status.CLOSED and closed.outcome.code == "paid_in_full"


def _close_options(client, case, language: str) -> dict[int, str]:
    html = client.get(f"/cases/{case.ticket}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    select = html.split('name="close-outcome"', 1)[1].split("</select>", 1)[0]
    return {int(pk): name for pk, name in CLOSE_OPTION.findall(select)}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_close_form_offers_only_the_outcomes_of_a_filed_case(
    client, resolved, inspector, language
):
    client.force_login(inspector)
    options = _close_options(client, resolved, language)
    filed = Outcome.objects.filter(code__in=FILED_CHOICES)
    name = "name_zh" if language == "zh-hans" else "name_en"
    assert options == {row.pk: getattr(row, name) for row in filed}
    assert "不予受理：超过时效" not in options.values()
    assert "Not accepted: out of time limit" not in options.values()


def test_the_close_form_refuses_a_ground_for_not_accepting(client, resolved, inspector):
    client.force_login(inspector)
    ground = Outcome.objects.get(code="not_accepted_time_limit")
    body = {
        "close-outcome": ground.pk,
        "close-followup_at": "2026-01-05T10:00",
        "close-followup_method": "phone",
        "close-followup_result": "已拿到工资",
        "close-satisfaction": "satisfied",
    }
    response = client.post(f"/cases/{resolved.ticket}/actions/close/", body)
    assert response.status_code == 400
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED


def _api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.parametrize("code", ["not_accepted_time_limit", "filing_cancelled", "withdrawn"])
def test_the_api_refuses_to_close_with_an_outcome_of_another_stage(resolved, inspector, code):
    body = {
        "outcome": code,
        "followup_at": "2026-01-05T10:00:00+08:00",
        "followup_method": "phone",
        "followup_result": "已拿到工资",
        "satisfaction": "satisfied",
    }
    response = _api(inspector).post(f"/api/v1/cases/{resolved.ticket}/close/", body, format="json")
    assert response.status_code == 400
    assert "outcome" in response.json()["error"]["fields"]
    body["outcome"] = "paid_in_full"
    response = _api(inspector).post(f"/api/v1/cases/{resolved.ticket}/close/", body, format="json")
    assert response.status_code == 200 and response.json()["status"] == Status.CLOSED


def test_an_administrator_edits_an_outcomes_stage(client, administrator):
    client.force_login(administrator)
    row = Outcome.objects.get(code="paid_in_full")
    html = client.get(f"/admin/complaints/outcome/{row.pk}/change/").content.decode()
    assert 'name="stage"' in html
    listing = client.get("/admin/complaints/outcome/?stage__exact=decision").content.decode()
    assert "not_accepted_time_limit" in listing and "paid_in_full" not in listing
