"""Fixtures of the dispatch tests: the officer (tests/conftest.py) on more desks or with
more roles, and the case routed to the officer.

Dates: the case is registered and routed on Monday 2026-03-02 and accepted on Wednesday
2026-03-04 (dispatch_steps.at).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from dispatch_steps import at, inspection_desk
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from complaints import services as complaints_services
from complaints.models import DeskKind
from config import clock
from dispatch import services
from dispatch.models import Desk, Referral


def with_roles(user: User, *roles: str) -> User:
    """The user given more roles, read again (the roles are cached per instance)."""
    user.groups.add(*Group.objects.filter(name__in=roles))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def officer_of_every_desk(officer, district) -> User:
    """The officer, also a desk officer, on every desk of the district."""
    for kind in DeskKind.values:
        Desk.objects.get_or_create(office=district, kind=kind)[0].members.add(officer)
    return with_roles(officer, Role.DESK_OFFICER)


@pytest.fixture
def supervising_officer(officer) -> User:
    """The officer, also a supervisor of the district: sees every case of the office."""
    return with_roles(officer, Role.SUPERVISOR)


@pytest.fixture
def staff(district, window, officer, user_factory) -> dict:
    """Who the chase sweep writes to, by e-mail too: the window (the first responder), the
    officer on the inspection desk, and the office's supervisor ("boss")."""
    for user in (window, officer):
        user.email = f"{user.username}@west.example.cn"
        user.save(update_fields=["email"])
    boss = user_factory("boss", district, Role.SUPERVISOR, email="boss@west.example.cn")
    desk = inspection_desk(district)
    return {"officer": officer, "boss": boss, "window": window, "desk": desk}


@pytest.fixture
def routed(register_case, officer) -> Referral:
    """A case registered and routed on 2026-03-02: its inspection referral, the officer's."""
    with at(3, 2):
        case = register_case()
        referral = services.case_route(case_id=case.pk)[0]
    assert referral.officer == officer
    return referral


@pytest.fixture
def accepted(routed, officer, inspection_head) -> Referral:
    """The routed referral, accepted by the officer on 2026-03-04, the day the head of the
    inspection body accepted and filed the case (its investigation counts from then)."""
    with at(3, 4):
        services.referral_accept(referral=routed, actor=officer)
        complaints_services.case_accept(case=routed.case, actor=inspection_head)
    routed.refresh_from_db()
    return routed


SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def route(register_case):
    """Register and route a case on a given day (10:00); returns its inspection referral."""

    def route_on(day, **fields):
        with clock.frozen_at(datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)):
            case = register_case(**fields)
            services.case_route(case_id=case.pk)
        referrals = case.referrals.order_by("id")
        return referrals.filter(desk__kind=DeskKind.INSPECTION).first() or referrals.first()

    return route_on
