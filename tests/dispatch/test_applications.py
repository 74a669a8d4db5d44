"""Arbitration, work injury and legal aid count from their own application.

A referral there starts as helping the worker apply: the bureau's own reminder, no
statutory clock. "Application received" (dispatch/services/applications.py) closes the
reminder and starts the statutory clock counted from the day the application was received
(劳动争议调解仲裁法 Art. 29: 5 days; 工伤认定办法 Art. 8: 15 days; 法律援助法 Art. 43: 7 days).

Dates: the case is registered and referred on Monday 2026-03-02 (dispatch_steps.at).
"""

import importlib
from datetime import date

import pytest
from dispatch_steps import at, sweep
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import Role
from complaints.events import describe
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import CaseEvent, Category, DeskKind, EventKind
from dispatch import services
from dispatch.models import (
    APPLICATION_DESKS,
    ApplicationMaterial,
    Deadline,
    DeadlineEnd,
    DeadlinePolicy,
    Referral,
)
from dispatch.services.deadlines import ACCEPT_POLICY, APPLY_POLICY
from dispatch.services.referrals import referral_actions_for

# desk: (its reminder, its statutory first step, due when received on Wed 2026-03-04).
DESKS = {
    # 03-04 + 5 days = Mon 03-09.
    DeskKind.ARBITRATION: ("arbitration.apply", "arbitration.accept", date(2026, 3, 9)),
    # 03-04 + 15 days = Thu 03-19.
    DeskKind.WORK_INJURY: ("injury.apply", "injury.accept", date(2026, 3, 19)),
    # 03-04 + 7 days = Wed 03-11.
    DeskKind.LEGAL_AID: ("legal_aid.apply", "legal_aid.decide", date(2026, 3, 11)),
}
RECEIVED = date(2026, 3, 4)


def clocks(referral: Referral) -> dict[str, Deadline]:
    return {deadline.policy.code: deadline for deadline in referral.deadlines.all()}


def refer(case, kind, actor) -> Referral:
    with at(3, 2):
        return services.case_refer(case=case, desk_kind=kind, actor=actor, reason="协助申请")


@pytest.fixture
def case(register_case):
    with at(3, 2):
        return register_case()


def receive(referral, actor, received_on=RECEIVED, materials=(), when=(3, 6)):
    with at(*when):
        return services.referral_application_received(
            referral=referral, actor=actor, received_on=received_on, materials=materials
        )


@pytest.mark.parametrize("kind", sorted(DESKS))
def test_a_referral_starts_the_reminder_not_the_statutory_clock(case, officer_of_every_desk, kind):
    reminder, statutory, _due = DESKS[kind]
    referral = refer(case, kind, officer_of_every_desk)
    running = clocks(referral)
    assert list(running) == [reminder]
    # The placeholder service standard: 5 working days after Monday 03-02.
    assert running[reminder].due == date(2026, 3, 9) and running[reminder].is_open
    assert "accept" not in referral_actions_for(user=officer_of_every_desk, referral=referral)
    assert "receive_application" in referral_actions_for(
        user=officer_of_every_desk, referral=referral
    )


def test_routing_starts_the_reminders_of_the_desks_that_count_from_an_application(
    register_case, officer_of_every_desk
):
    with at(3, 2):
        case = register_case(category=Category.WORK_INJURY)
        referrals = services.case_route(case_id=case.pk)
    by_desk = {referral.desk.kind: referral for referral in referrals}
    assert {DeskKind.WORK_INJURY, DeskKind.LEGAL_AID} <= set(by_desk)
    for kind in (DeskKind.WORK_INJURY, DeskKind.LEGAL_AID):
        assert list(clocks(by_desk[kind])) == [DESKS[kind][0]]


@pytest.mark.parametrize("kind", sorted(DESKS))
def test_the_statutory_clock_counts_from_the_day_the_application_was_received(
    case, officer_of_every_desk, kind
):
    reminder, statutory, due = DESKS[kind]
    referral = refer(case, kind, officer_of_every_desk)
    checklist = list(ApplicationMaterial.objects.filter(desk=kind, is_active=True))
    assert len(checklist) >= 3
    # Recorded on Friday 03-06 for an application received on Wednesday 03-04.
    receive(referral, officer_of_every_desk, materials=checklist[:2])
    referral.refresh_from_db()
    running = clocks(referral)
    assert running[reminder].closed_reason == DeadlineEnd.MET
    assert running[statutory].start == RECEIVED and running[statutory].due == due
    assert running[statutory].is_open
    assert referral.next_due == due
    assert referral.application_received_on == RECEIVED
    assert referral.application_recorded_by == officer_of_every_desk
    assert list(referral.application_materials.all()) == checklist[:2]
    event = CaseEvent.objects.get(case=case, kind=EventKind.APPLICATION_RECEIVED)
    assert event.payload["received_on"] == "2026-03-04"
    actions = referral_actions_for(user=officer_of_every_desk, referral=referral)
    assert "accept" in actions and "receive_application" not in actions


def test_the_timeline_says_so_in_both_languages(case, officer_of_every_desk):
    receive(refer(case, DeskKind.ARBITRATION, officer_of_every_desk), officer_of_every_desk)
    event = CaseEvent.objects.get(case=case, kind=EventKind.APPLICATION_RECEIVED)
    assert describe(event) == "Labor arbitration received the application on 2026-03-04."
    with translation.override("zh-hans"):
        assert describe(event) == "劳动人事争议仲裁于2026-03-04收到申请。"


def test_the_desk_accepts_only_after_the_application(case, officer_of_every_desk):
    referral = refer(case, DeskKind.WORK_INJURY, officer_of_every_desk)
    with pytest.raises(InvalidTransition) as refused, at(3, 3):
        services.referral_accept(referral=referral, actor=officer_of_every_desk)
    assert "application" in str(refused.value)
    referral.refresh_from_db()
    assert referral.status == "pending" and list(clocks(referral)) == ["injury.apply"]
    receive(referral, officer_of_every_desk)
    with at(3, 9):
        services.referral_accept(referral=referral, actor=officer_of_every_desk)
    running = clocks(referral)
    assert running["injury.accept"].closed_reason == DeadlineEnd.MET
    assert running["injury.decide"].start == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("received_on", "english", "chinese"),
    [
        (date(2026, 3, 7), "cannot be in the future", "不能晚于今天"),
        (date(2026, 3, 1), "before the case was registered (2026-03-02)", "登记之前"),
        (None, "Give the date", "请填写"),
    ],
)
def test_a_date_in_the_future_or_before_registration_is_refused_and_changes_nothing(
    case, officer_of_every_desk, received_on, english, chinese
):
    referral = refer(case, DeskKind.LEGAL_AID, officer_of_every_desk)
    with pytest.raises(ValidationError) as refused:
        receive(referral, officer_of_every_desk, received_on=received_on)
    assert english in refused.value.message_dict["received_on"][0]
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as chinese_refusal:
            receive(referral, officer_of_every_desk, received_on=received_on)
        assert chinese in str(chinese_refusal.value.message_dict["received_on"][0])
    referral.refresh_from_db()
    assert referral.application_received_on is None
    assert list(clocks(referral)) == ["legal_aid.apply"]
    assert clocks(referral)["legal_aid.apply"].is_open
    assert not CaseEvent.objects.filter(kind=EventKind.APPLICATION_RECEIVED).exists()


def test_the_application_can_be_received_on_the_day_of_registration_and_today(
    case, officer_of_every_desk
):
    receive(refer(case, DeskKind.ARBITRATION, officer_of_every_desk), officer_of_every_desk,
            received_on=date(2026, 3, 2))  # fmt: skip
    other = refer(case, DeskKind.LEGAL_AID, officer_of_every_desk)
    receive(other, officer_of_every_desk, received_on=date(2026, 3, 6))
    assert clocks(other)["legal_aid.decide"].start == date(2026, 3, 6)


def test_only_items_of_the_desks_own_checklist(case, officer_of_every_desk):
    referral = refer(case, DeskKind.ARBITRATION, officer_of_every_desk)
    injury_form = ApplicationMaterial.objects.filter(desk=DeskKind.WORK_INJURY).first()
    with pytest.raises(ValidationError) as refused:
        receive(referral, officer_of_every_desk, materials=[injury_form])
    assert "materials" in refused.value.message_dict
    assert not referral.application_materials.exists()


def test_only_the_desk_or_a_supervisor_records_it_and_only_once(
    case, officer_of_every_desk, district, user_factory, window
):
    referral = refer(case, DeskKind.ARBITRATION, officer_of_every_desk)
    stranger = user_factory("stranger", district, Role.DESK_OFFICER)  # not on the desk
    boss = user_factory("boss", district, Role.SUPERVISOR)
    for outsider in (stranger, window):
        assert "receive_application" not in referral_actions_for(user=outsider, referral=referral)
        with pytest.raises(ActionNotPermitted):
            receive(referral, outsider)
    assert "receive_application" in referral_actions_for(user=boss, referral=referral)
    receive(referral, boss)
    with pytest.raises(InvalidTransition):
        receive(referral, officer_of_every_desk)


def test_other_desks_take_no_application_and_keep_their_clocks(case, officer_of_every_desk):
    referral = refer(case, DeskKind.SOCIAL_INSURANCE, officer_of_every_desk)
    assert list(clocks(referral)) == ["social_insurance.accept"]
    assert "receive_application" not in referral_actions_for(
        user=officer_of_every_desk, referral=referral
    )
    with pytest.raises(InvalidTransition):
        receive(referral, officer_of_every_desk)


def test_a_reminder_nobody_acts_on_is_chased_like_any_deadline(case, officer_of_every_desk):
    referral = refer(case, DeskKind.LEGAL_AID, officer_of_every_desk)
    sweep(3, 10)  # the day after the reminder's due date (Mon 03-09)
    assert clocks(referral)["legal_aid.apply"].overdue_at is not None
    assert CaseEvent.objects.filter(case=case, kind=EventKind.DEADLINE_OVERDUE).exists()


# --- the case page and the API -----------------------------------------------------------


def case_page(client, case, language="en") -> str:
    return client.get(f"/cases/{case.ticket}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


FORM = "/receive_application/"


def test_the_page_offers_the_form_exactly_when_the_service_accepts_it(
    client, case, officer_of_every_desk, window
):
    referral = refer(case, DeskKind.WORK_INJURY, officer_of_every_desk)
    client.force_login(window)  # sees the case, does not work the desk
    assert FORM not in case_page(client, case)
    client.force_login(officer_of_every_desk)
    with at(3, 6):
        page = case_page(client, case)
    assert f"/referrals/{referral.pk}{FORM}" in page
    assert "Helping the worker apply" in page
    assert "Work-injury recognition application form" in page  # the desk's checklist
    assert "Legal aid application form" not in page  # not another desk's
    assert 'max="2026-03-06"' in page and 'min="2026-03-02"' in page
    assert f"/referrals/{referral.pk}/accept/" not in page
    items = ApplicationMaterial.objects.filter(desk=DeskKind.WORK_INJURY)[:2]
    with at(3, 6):
        response = client.post(
            f"/referrals/{referral.pk}{FORM}",
            {"received_on": "2026-03-04", "materials": [item.pk for item in items]},
        )
        assert response.status_code == 302
        page = case_page(client, case)
    assert FORM not in page
    assert "Application received on 2026-03-04" in page
    assert f"/referrals/{referral.pk}/accept/" in page
    assert list(Referral.objects.get(pk=referral.pk).application_materials.all()) == list(items)


def test_the_page_in_chinese(client, case, officer_of_every_desk, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    referral = refer(case, DeskKind.ARBITRATION, officer_of_every_desk)
    client.force_login(officer_of_every_desk)
    with at(3, 6):
        page = case_page(client, case, "zh-hans")
    assert "协助劳动者申请" in page and "收到申请" in page
    assert "仲裁申请书（按被申请人人数提交副本）" in page
    with at(3, 6):
        client.post(f"/referrals/{referral.pk}{FORM}", {"received_on": "2026-03-04"})
        page = case_page(client, case, "zh-hans")
    assert "2026-03-04收到申请" in page


def test_a_refused_date_is_shown_on_the_page(client, case, officer_of_every_desk):
    referral = refer(case, DeskKind.ARBITRATION, officer_of_every_desk)
    client.force_login(officer_of_every_desk)
    with at(3, 6):
        response = client.post(
            f"/referrals/{referral.pk}{FORM}", {"received_on": "2026-03-09"}, follow=True
        )
    assert "cannot be in the future" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).application_received_on is None


def test_the_desk_queue_sends_an_awaited_application_to_the_case_page(
    client, case, officer_of_every_desk
):
    referral = refer(case, DeskKind.ARBITRATION, officer_of_every_desk)
    client.force_login(officer_of_every_desk)
    page = client.get("/work/desk/").content.decode()
    assert f"/work/referrals/{referral.pk}/accept/" not in page
    assert f"/cases/{case.ticket}/#referrals" in page and "Record the application" in page
    receive(referral, officer_of_every_desk)
    assert f"/work/referrals/{referral.pk}/accept/" in client.get("/work/desk/").content.decode()


def test_the_api_shows_the_day_the_application_was_received(case, officer_of_every_desk):
    referral = refer(case, DeskKind.ARBITRATION, officer_of_every_desk)
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=officer_of_every_desk)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = f"/api/v1/cases/{case.ticket}/referrals/"
    (before,) = [row for row in client.get(url).json() if row["desk"] == "arbitration"]
    assert before["application_received_on"] is None
    receive(referral, officer_of_every_desk)
    (after,) = [row for row in client.get(url).json() if row["desk"] == "arbitration"]
    assert after["application_received_on"] == "2026-03-04"


@pytest.mark.django_db
def test_the_checklists_are_seeded_for_the_three_desks():
    seeded = set(ApplicationMaterial.objects.values_list("desk", flat=True))
    assert seeded == {DeskKind.ARBITRATION, DeskKind.WORK_INJURY, DeskKind.LEGAL_AID}
    aid = ApplicationMaterial.objects.filter(desk=DeskKind.LEGAL_AID)
    assert any("第四十二条" in item.name_zh for item in aid)  # no means test for migrant pay claims


def test_the_desks_that_take_an_application_have_a_reminder_and_a_statutory_first_step():
    assert set(APPLY_POLICY) == set(APPLICATION_DESKS) == set(DESKS)
    assert all(ACCEPT_POLICY[kind] == DESKS[kind][1] for kind in DESKS)


# --- migration 0015 ------------------------------------------------------------------------

migration = importlib.import_module("dispatch.migrations.0015_referral_application")


def test_referrals_made_before_keep_their_clock_and_may_be_accepted(case, officer_of_every_desk):
    referral = refer(case, DeskKind.ARBITRATION, officer_of_every_desk)
    receive(referral, officer_of_every_desk)
    # As a referral made before 0015: its statutory clock runs, no application recorded.
    Referral.objects.filter(pk=referral.pk).update(application_received_on=None)
    migration.backfill_received(django_apps, None)
    referral.refresh_from_db()
    assert referral.application_received_on == RECEIVED  # the clock's start
    assert "accept" in referral_actions_for(user=officer_of_every_desk, referral=referral)


def test_the_migration_goes_back_with_the_reminders_clocks(case, officer_of_every_desk):
    referral = refer(case, DeskKind.LEGAL_AID, officer_of_every_desk)
    sweep(3, 6)  # a reminder sent about it ("due soon")
    migration.unseed(django_apps, None)
    assert not Deadline.objects.filter(referral=referral).exists()
    assert not DeadlinePolicy.objects.filter(code__endswith=".apply").exists()
    referral.refresh_from_db()
    assert referral.next_deadline is None and referral.next_due is None
