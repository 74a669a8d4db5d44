"""Decided within 5 working days: the acceptance decisions on the office's cases approved in
the period, and how many of them after their due day (reports/measures.py DECIDED).

The 5-working-day limit to decide (关于实施《劳动保障监察条例》若干规定 Art. 18) is met
only by the bureau's decision on the case, never by a desk officer taking the referral on.
March 2026 at the West District, every case registered on Monday the 2nd (its decision due
Monday the 9th) unless said otherwise:

A  routed, accepted and filed by the head on the 5th: on time.
B  routed, the desk officer took the referral on on the 4th (day 3), the inspector's
   proposal approved on the 11th (day 7): late.
C  routed, a proposal sent back on the 3rd, the next one approved on the 6th: one decision.
D  never referred to the inspection desk (no 5-day clock ran), decided on the 20th: taken,
   not late.
E  at the East District, routed, decided on the 12th: late, East's and the city's only.
"Now" is 2026-04-10.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, F, Q
from rest_framework.test import APIClient

from accounts.roles import Role
from complaints import services
from complaints.models import AcceptanceDecision, Case, DecisionStatus, DeskKind, Ground
from complaints.services.acceptance import (
    Proposal,
    decision_approve,
    decision_decide,
    decision_propose,
    decision_send_back,
)
from config import clock
from dispatch import services as dispatch
from dispatch.models import Desk
from dispatch.selectors.cases import case_was_late
from reports import figures, scope
from reports.dashboard import build
from reports.models import DecisionMonth
from reports.periods import Period
from reports.summary import stats_rebuild
from tests.builders import finish_referral, paid_in_full

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
NOW = datetime(2026, 4, 10, 10, tzinfo=SHANGHAI)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def accept(case, head, month, day) -> AcceptanceDecision:
    with clock.frozen_at(at(month, day)):
        return decision_decide(case=case, actor=head, proposal=Proposal(ground=Ground.ACCEPT))


def routed(register_case, **fields):
    with clock.frozen_at(at(3, 2)):
        case = register_case(**fields)
        referrals = dispatch.case_route(case_id=case.pk)
    return case, referrals[0]


@pytest.fixture
def east_head(user_factory, other_district):
    return user_factory("east-head", other_district, Role.INSPECTION_HEAD)


@pytest.fixture
def march(register_case, officer, inspector, inspection_head, east_window, east_head):
    Desk.objects.create(office=east_head.office, kind=DeskKind.INSPECTION)
    a, a_referral = routed(register_case)
    accept(a, inspection_head, 3, 5)

    b, b_referral = routed(register_case)
    with clock.frozen_at(at(3, 4)):
        dispatch.referral_accept(referral=b_referral, actor=officer)
    with clock.frozen_at(at(3, 10)):
        proposed = decision_propose(
            case=b, actor=inspector, proposal=Proposal(ground=Ground.ACCEPT)
        )
    with clock.frozen_at(at(3, 11)):
        decision_approve(decision=proposed, actor=inspection_head)

    c, _c_referral = routed(register_case)
    with clock.frozen_at(at(3, 3)):
        refused = decision_propose(
            case=c,
            actor=inspector,
            proposal=Proposal(ground=Ground.OUT_OF_TIME, reason="三年前的工资"),
        )
        decision_send_back(decision=refused, actor=inspection_head, reason="欠薪持续至今")
    accept(c, inspection_head, 3, 6)

    with clock.frozen_at(at(3, 2)):
        d = register_case()  # never routed: no desk, no 5-day clock
    with clock.frozen_at(at(3, 20)):
        decision_decide(
            case=d,
            actor=inspection_head,
            proposal=Proposal(ground=Ground.OUT_OF_TIME, reason="欠薪发生于2023年"),
        )

    e, _e_referral = routed(register_case, actor=east_window)
    accept(e, east_head, 3, 12)
    return SimpleNamespace(a=a, a_referral=a_referral, b=b, b_referral=b_referral, c=c, d=d, e=e)


@pytest.fixture
def now():
    with clock.frozen_at(NOW):
        yield NOW


def test_the_decisions_are_due_by_the_clock_they_met(march):
    due = dict(
        AcceptanceDecision.objects.filter(status=DecisionStatus.APPROVED).values_list(
            "case", "due_on"
        )
    )
    nine = date(2026, 3, 9)
    assert due == {
        march.a.pk: nine,
        march.b.pk: nine,
        march.c.pk: nine,
        march.d.pk: None,
        march.e.pk: nine,
    }


def test_on_time_and_late_decisions_and_a_sent_back_proposal(march, district, now):
    decided = figures.decisions(district, MARCH)
    assert (decided.decided, decided.late, decided.on_time) == (4, 1, 3)
    assert decided.on_time_share == Decimal("75.00")
    assert decided.by_ground == {Ground.ACCEPT: 3, Ground.OUT_OF_TIME: 1}
    assert AcceptanceDecision.objects.filter(case=march.c).count() == 2  # one sent back


def test_a_decision_with_no_clock_is_taken_and_not_late(march, district, now):
    day = Period(date(2026, 3, 20), date(2026, 3, 20))  # D only
    decided = figures.decisions(district, day)
    assert (decided.decided, decided.late) == (1, 0)


def test_late_is_by_the_local_day_not_the_utc_one(
    register_case, officer, inspection_head, district
):
    """Due on the 9th: at 23:30 on the 9th in Shanghai it is on time, at 00:30 on the 10th
    (16:30 on the 9th UTC) late."""
    (first, _), (second, _) = routed(register_case), routed(register_case)
    for case, moment in (
        (first, at(3, 9, 23) + timedelta(minutes=30)),
        (second, at(3, 10, 0) + timedelta(minutes=30)),
    ):
        with clock.frozen_at(moment):
            decision_decide(
                case=case, actor=inspection_head, proposal=Proposal(ground=Ground.ACCEPT)
            )
    with clock.frozen_at(NOW):
        decided = figures.decisions(district, MARCH)
    assert (decided.decided, decided.late) == (2, 1)


def test_another_districts_decisions_are_not_counted(march, district, other_district, city, now):
    east = figures.decisions(other_district, MARCH)
    assert (east.decided, east.late) == (1, 1)
    whole = figures.decisions(city, MARCH)
    assert (whole.decided, whole.late, whole.on_time_share) == (5, 2, Decimal("60.00"))
    assert figures.decisions(district, Period(date(2026, 2, 1), date(2026, 2, 28))).decided == 0


def test_a_transferred_case_counts_at_both_of_its_offices(
    register_case, inspection_head, district, other_district, now
):
    with clock.frozen_at(at(3, 2)):
        case = register_case()
    with clock.frozen_at(at(3, 3)):
        decision_decide(
            case=case,
            actor=inspection_head,
            proposal=Proposal(ground=Ground.OTHER_OFFICE, reason="属地", to_office=other_district),
        )
    for office in (district, other_district):
        assert figures.decisions(office, MARCH).decided == 1, office


def test_a_case_decided_late_is_not_closed_on_time(march, officer, district, now):
    """B's desk took it on on day 3, but the decision came on day 7: the 5-day limit was
    missed, so B is closed late however fast the rest went; A is closed on time."""
    for case, referral, day in ((march.a, march.a_referral, 20), (march.b, march.b_referral, 23)):
        with clock.frozen_at(at(3, day)):
            case = services.case_start(case=Case.objects.get(pk=case.pk), actor=officer)
            referral.refresh_from_db()
            if referral.status == "pending":
                dispatch.referral_accept(referral=referral, actor=officer)
            finish_referral(referral, officer, note="已支付")
            services.case_close(case=Case.objects.get(pk=case.pk), actor=officer, **paid_in_full())
    closing = figures.closure(district, MARCH)
    assert (closing.closed, closing.on_time, closing.late) == (2, 1, 1)
    late = figures.closed_cases(district, MARCH).filter(case_was_late())
    assert list(late.values_list("pk", flat=True)) == [march.b.pk]


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_gives_decided_and_decided_on_time(march, supervisor, city_supervisor, city, now):
    query = {"from": "2026-03-01", "to": "2026-03-31"}
    body = _client(supervisor).get("/api/v1/stats/summary/", query).json()
    assert (body["decided"], body["decided_on_time"]) == (4, 3)
    body = _client(city_supervisor).get("/api/v1/stats/summary/", query).json()
    assert (body["decided"], body["decided_on_time"]) == (5, 3)


def test_the_api_schema_describes_the_new_fields(supervisor):
    schema = _client(supervisor).get("/api/schema/?format=json").json()
    fields = schema["components"]["schemas"]["StatsSummary"]["properties"]
    assert fields["decided"]["type"] == fields["decided_on_time"]["type"] == "integer"
    description = schema["paths"]["/api/v1/stats/summary/"]["get"]["description"]
    assert "`decided_on_time`" in description and "acceptance decision" in description


@pytest.mark.parametrize(
    ("language", "label", "term", "closed"),
    [
        (
            "en",
            "Decided within 5 working days",
            "The bureau&#x27;s decision on a complaint",
            "met only by the acceptance decision",
        ),
        ("zh-hans", "受理决定按期率", "5个工作日内作出受理决定", "只有受理决定"),
    ],
)
def test_the_dashboard_shows_the_share_and_the_counts(
    march, client, supervisor, district, now, language, label, term, closed
):
    client.force_login(supervisor)
    client.cookies["django_language"] = language
    query = {"office": district.pk, "date_from": "2026-03-01", "date_to": "2026-03-31"}
    html = client.get("/reports/", query).content.decode()
    share = html.split('id="headline-decided_on_time_share"')[1].split("</tr>")[0]
    assert label in share and "75.00%" in share
    for key, count in (("decided", 4), ("decided_on_time", 3), ("decided_late", 1)):
        row = html.split(f'id="headline-{key}"')[1].split("</tr>")[0]
        assert f'<td class="num">{count}</td>' in row, key
    definitions = html.split('id="definitions"')[1].split("</details>")[0]
    assert term in definitions and closed in definitions


def test_the_monthly_return_shows_them_too(march, district, now):
    board = build(district, MARCH, monthly_return=True)
    values = {row.key: row.cells[1].value for row in board.headline.rows}
    assert values["decided"] == 4 and values["decided_late"] == 1
    assert values["decided_on_time_share"] == Decimal("75.00")


def _recounted(office, period) -> tuple[int, int]:
    """Straight from the decisions, none of the summary or the measure's query."""
    rows = scope.decisions_in(office).filter(
        status=DecisionStatus.APPROVED,
        decided_at__gte=period.start,
        decided_at__lt=period.end,
    )
    late = Q(due_on__isnull=False, decided_at__date__gt=F("due_on"))
    found = rows.aggregate(decided=Count("id"), late=Count("id", filter=late))
    return found["decided"], found["late"]


@pytest.mark.parametrize("through", [date(2026, 4, 10), date(2026, 3, 11), date(2026, 3, 6)])
def test_the_summary_equals_a_recount(march, district, other_district, city, now, through):
    periods = [
        MARCH,
        Period(date(2026, 3, 6), date(2026, 3, 11)),
        Period(date(2026, 2, 1), date(2026, 4, 10)),
        Period(date(2026, 3, 1), date(2026, 3, 19)),  # most of March: less its end
    ]
    offices = [district, other_district, city]

    def found(office, period):
        decided = figures.decisions(office, period)
        return decided.decided, decided.late

    direct = {(o.pk, p): found(o, p) for o in offices for p in periods}
    for (office_pk, period), counted in direct.items():
        office = next(o for o in offices if o.pk == office_pk)
        assert counted == _recounted(office, period), (office, period)
    stats_rebuild(through=through)
    assert DecisionMonth.objects.exists()
    for office in offices:
        for period in periods:
            assert found(office, period) == direct[(office.pk, period)], (through, office)
