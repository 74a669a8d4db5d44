"""Routing: rules, the responsible office, least-loaded assignment, idempotency, the sweep."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from accounts.roles import Role
from complaints.models import Case, CaseEvent, Category, Channel, DeskKind, RoutingState
from complaints.services import EmployerData
from config import clock
from dispatch.models import Deadline, Desk, Referral, RoutingRule
from dispatch.services import case_route, route_pending_cases
from dispatch.services import routing as routing_service
from dispatch.tasks import route_case, sweep_unrouted

SHANGHAI = ZoneInfo("Asia/Shanghai")


def desks_of(case):
    return sorted(Referral.objects.filter(case=case).values_list("desk__kind", flat=True))


def test_wage_arrears_goes_to_inspection_at_the_registering_office(register_case, district):
    case = register_case(category=Category.WAGE_ARREARS)
    referrals = case_route(case_id=case.pk)
    assert [r.desk.kind for r in referrals] == [DeskKind.INSPECTION]
    assert referrals[0].desk.office == district
    case.refresh_from_db()
    assert case.routing_state == RoutingState.ROUTED
    event = CaseEvent.objects.get(case=case, kind="routed")
    assert event.payload["desks"] == ["inspection"]


def test_work_injury_goes_to_work_injury_and_legal_aid(register_case):
    case = register_case(category=Category.WORK_INJURY, description="工地摔伤，要求认定工伤")
    case_route(case_id=case.pk)
    assert desks_of(case) == ["legal_aid", "work_injury"]


def test_arbitration_keyword_routes_to_arbitration(register_case):
    case = register_case(
        category=Category.LABOR_CONTRACT, description="要求申请劳动仲裁，解除合同未付补偿"
    )
    case_route(case_id=case.pk)
    assert "arbitration" in desks_of(case)


def test_desks_picked_at_intake_are_added(register_case):
    case = register_case(requested_desks=["legal_aid"])
    case_route(case_id=case.pk)
    assert desks_of(case) == ["inspection", "legal_aid"]


def test_the_default_rule_catches_everything_else(register_case):
    RoutingRule.objects.filter(is_default=False).update(is_active=False)
    case = register_case(category=Category.OTHER, channel=Channel.LETTER)
    referrals = case_route(case_id=case.pk)
    assert [r.desk.kind for r in referrals] == ["inspection"]
    assert referrals[0].rule.is_default


def test_the_rule_that_fired_is_kept_on_the_referral(register_case):
    rule = RoutingRule.objects.create(
        name="Delivery riders", keywords="外卖", desks=["social_insurance"], priority=1
    )
    case = register_case(description="外卖骑手被拖欠工资")
    case_route(case_id=case.pk)
    referral = Referral.objects.get(case=case, desk__kind="social_insurance")
    assert referral.rule == rule
    assert "Delivery riders" in referral.reason


def test_employer_district_decides_the_responsible_office(register_case, district, other_district):
    other_district.area_keywords = "伍家岗区, 伍家岗"
    other_district.save()
    case = register_case(
        employer=EmployerData(name="某某物流公司", address="宜昌市伍家岗区桔城路1号")
    )
    referrals = case_route(case_id=case.pk)
    case.refresh_from_db()
    assert case.responsible_office == other_district
    assert referrals[0].desk.office == other_district
    assert case.registering_office == district


def test_an_office_chosen_at_intake_is_respected(register_case, district, other_district):
    other_district.area_keywords = "伍家岗区"
    other_district.save()
    case = register_case(
        employer=EmployerData(name="某某物流公司", address="宜昌市伍家岗区桔城路1号"),
        responsible_office=district,
    )
    case_route(case_id=case.pk)
    case.refresh_from_db()
    assert case.responsible_office == district


def test_least_loaded_officer_gets_the_referral_ties_round_robin(
    register_case, district, user_factory
):
    first = user_factory("officer1", district, Role.INSPECTOR)
    second = user_factory("officer2", district, Role.INSPECTOR)
    desk = Desk.objects.create(office=district, kind=DeskKind.INSPECTION)
    desk.members.add(first, second)
    officers = []
    for minute in range(4):
        with clock.frozen_at(datetime(2026, 3, 2, 9, minute, tzinfo=SHANGHAI)):
            case = register_case()
            officers.append(case_route(case_id=case.pk)[0].officer)
    assert officers.count(first) == 2 and officers.count(second) == 2
    assert officers[0] != officers[1]  # a tie goes to the one not assigned yet


def test_referral_deadline_follows_the_desk_policy(register_case):
    with clock.frozen_at(datetime(2026, 2, 13, 10, 0, tzinfo=SHANGHAI)):
        case = register_case()
        case_route(case_id=case.pk)
    deadline = Deadline.objects.get(referral__case=case)
    assert deadline.policy.code == "inspection.accept"
    assert deadline.start == date(2026, 2, 13)
    assert deadline.due == date(2026, 2, 27)  # counts the make-up Saturday 2026-02-14
    assert deadline.provisional is False


def test_routing_twice_makes_one_set_of_referrals(register_case):
    case = register_case(category=Category.WORK_INJURY)
    route_case.apply(args=[case.pk])
    route_case.apply(args=[case.pk])
    assert Referral.objects.filter(case=case).count() == 2
    assert CaseEvent.objects.filter(case=case, kind="routed").count() == 1


def test_a_missing_case_is_ignored(db):
    assert route_case.apply(args=[999999]).get() == 0


def test_one_open_referral_per_desk_is_a_database_rule(register_case, district):
    case = register_case()
    referral = case_route(case_id=case.pk)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(case=case, desk=referral.desk, created_at=clock.now())
    Referral.objects.filter(pk=referral.pk).update(status="done")
    Referral.objects.create(case=case, desk=referral.desk, created_at=clock.now())


def test_the_sweep_routes_a_case_whose_message_was_lost(register_case):
    with clock.frozen_at(clock.now() - timedelta(minutes=5)):
        stale = register_case()
    fresh = register_case(employer=EmployerData(name="另一家公司"))
    assert sweep_unrouted.apply().get() == 1
    assert Case.objects.get(pk=stale.pk).routing_state == RoutingState.ROUTED
    assert Case.objects.get(pk=fresh.pk).routing_state == RoutingState.PENDING
    assert route_pending_cases() == 0


def test_one_sweep_drains_a_backlog_batch_after_batch_trying_each_case_once(
    register_case, monkeypatch
):
    with clock.frozen_at(clock.now() - timedelta(minutes=5)):
        backlog = [register_case(site=f"工地{n}") for n in range(5)]
    poison = backlog[2]
    tried = []
    real_route = routing_service.case_route

    def route(*, case_id):
        tried.append(case_id)
        if case_id == poison.pk:
            raise RuntimeError("poison")
        return real_route(case_id=case_id)

    monkeypatch.setattr(routing_service, "case_route", route)

    assert route_pending_cases(limit=2) == 4  # three batches of at most two
    assert sorted(tried) == sorted(case.pk for case in backlog)  # the poison case once
    assert Case.objects.get(pk=poison.pk).routing_attempts == 1
    states = set(Case.objects.exclude(pk=poison.pk).values_list("routing_state", flat=True))
    assert states == {RoutingState.ROUTED}
