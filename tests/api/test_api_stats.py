"""GET stats/summary/: the headline figures on a small, hand-built month (March 2026)."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accounts.roles import Role
from complaints import services
from complaints.models import Status
from complaints.services import ComplainantData
from config import clock
from dispatch.models import OPEN_REFERRAL_STATUSES, Deadline, Desk
from dispatch.services import case_route, referral_accept
from dispatch.services.chasing import chase_deadlines
from tests.builders import finish_referral, paid_in_full

SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = "/api/v1/stats/summary/"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
TWO = [
    ComplainantData(name="张三", phone="13800138000"),
    ComplainantData(name="李四", phone="13900139000"),
]


def at(month, day, hour=10):
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def close(case, actor, head, when):
    with clock.frozen_at(when):
        case = services.case_accept(case=case, actor=head)
        case = services.case_start(case=case, actor=actor)
        # A case its desks still work on is resolved by the last desk to finish, not by hand.
        open_referrals = list(case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES))
        for referral in open_referrals:
            referral_accept(referral=referral, actor=actor)
            finish_referral(referral, actor)
        if not open_referrals:
            case = services.case_resolve(case=case, actor=actor)
        case.refresh_from_db()
        return services.case_close(case=case, actor=actor, **paid_in_full(when))


def recovered(case, actor, when, *amounts):
    """Payments through the wage ledger, paid on `when` (the figures read the ledger)."""
    with clock.frozen_at(when):
        for person, amount in zip(case.complainants.order_by("id"), amounts, strict=True):
            if Decimal(amount):
                services.payment_record(
                    complainant=person, actor=actor, amount=Decimal(amount), paid_on=when.date()
                )


@pytest.fixture
def month(
    register_case, window, inspector, inspection_head, district, user_factory, other_district
):
    """West: A closed on time, B open and overdue, C (February) closed late, E withdrawn.
    East: D registered. Consultations: one West and one East in March, one West in April."""
    Desk.objects.create(office=district, kind="inspection").members.add(inspector)
    east_window = user_factory("east-window", other_district, Role.WINDOW)
    with clock.frozen_at(at(2, 20)):
        late = register_case(complainants=list(TWO))
        case_route(case_id=late.pk)
    chase_deadlines(now=at(3, 9))
    assert Deadline.objects.get(referral__case=late).overdue_at is not None
    with clock.frozen_at(at(3, 2)):
        on_time = register_case(complainants=list(TWO))
    with clock.frozen_at(at(3, 5)):
        overdue = register_case()
        case_route(case_id=overdue.pk)
        register_case(actor=east_window)
    with clock.frozen_at(at(3, 6)):
        withdrawn = register_case()
        services.case_withdraw(case=withdrawn, actor=window, reason="撤回")
    chase_deadlines(now=at(3, 20))
    recovered(on_time, inspector, at(3, 10), "3000.00", "0")
    recovered(late, inspector, at(3, 15), "500.50", "0")
    close(on_time, inspector, inspection_head, at(3, 10))
    close(late, inspector, inspection_head, at(3, 15))
    for when, who in ((at(3, 4), window), (at(3, 4), east_window), (at(4, 1), window)):
        with clock.frozen_at(when):
            services.consultation_log(actor=who, topic="咨询", channel="walk_in")
    assert overdue.status == Status.REGISTERED


WEST = {
    "received": 3,
    "consultations": 1,
    "closed": 2,
    "closed_on_time": 1,
    "overdue": 1,
    "wages_recovered": "3500.50",
    "workers_helped": 2,
}


def test_the_figures_of_a_district(api_client, inspector, month, district):
    response = api_client(inspector).get(URL, MARCH)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["office"] == {"id": district.pk, "name": "West District"}
    assert (body["from"], body["to"]) == ("2026-03-01", "2026-03-31")
    assert {key: body[key] for key in WEST} == WEST


def test_the_city_counts_every_district(api_client, city_supervisor, month, city):
    body = api_client(city_supervisor).get(URL, {**MARCH, "office": city.pk}).json()
    assert {key: body[key] for key in WEST} == {**WEST, "received": 4, "consultations": 2}
    district_only = api_client(city_supervisor).get(URL, MARCH).json()
    assert district_only["office"]["id"] == city.pk  # default: the user's own office


def test_a_city_supervisor_may_ask_for_a_district(api_client, city_supervisor, month, district):
    body = api_client(city_supervisor).get(URL, {**MARCH, "office": district.pk}).json()
    assert {key: body[key] for key in WEST} == WEST


def test_another_period(api_client, inspector, month):
    body = api_client(inspector).get(URL, {"from": "2026-02-01", "to": "2026-02-28"}).json()
    assert body["received"] == 1 and body["closed"] == 0 and body["consultations"] == 0
    assert body["overdue"] == 1  # now, whatever the period
    assert body["wages_recovered"] == "0.00" and body["workers_helped"] == 0


def test_offices_above_or_beside_are_403(
    api_client, inspector, east_supervisor, city, district, month, assert_error
):
    error = assert_error(api_client(inspector).get(URL, {"office": city.pk}), 403)
    assert error["code"] == "office_not_permitted"
    assert_error(api_client(east_supervisor).get(URL, {"office": district.pk}), 403)
    assert_error(api_client(inspector).get(URL, {"office": 999999}), 403)


def test_administrators_see_any_office(api_client, administrator, district, month):
    body = api_client(administrator).get(URL, {**MARCH, "office": district.pk}).json()
    assert body["received"] == 3


def test_platform_accounts_get_no_figures(api_client, platform_user, assert_error):
    assert_error(api_client(platform_user).get(URL), 403, "not_permitted")


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-03-31", "to": "2026-03-01"},
        {"from": "2026-02-30"},
        {"to": "March"},
        {"office": "west"},
        {"office": "0"},
    ],
)
def test_bad_periods_are_400(query, api_client, inspector, assert_error):
    error = assert_error(api_client(inspector).get(URL, query), 400, "invalid")
    assert error["fields"]


def test_without_a_period_the_month_so_far(api_client, inspector):
    body = api_client(inspector).get(URL).json()
    today = clock.today()
    assert body["from"] == today.replace(day=1).isoformat()
    assert body["to"] == today.isoformat()
