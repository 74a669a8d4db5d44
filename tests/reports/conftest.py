"""A hand-built January 2026 at the West District, with every figure computed by hand.

A  registered 2025-12-29 (crosses the year boundary), closed 2026-01-06 on time;
   its worker, owed 1,000, was paid 400 on 2026-01-05 (a partial payment).
B  registered 2026-01-05, its acceptance limit (due 01-12) missed: marked overdue on
   01-13, accepted 01-14 and closed 01-20: closed late. Its worker paid 2,000 on 01-19.
C  registered 2026-01-07 by the hotline at West, transferred to East on 01-08: open.
D  registered 2026-01-08, merged into C on 01-09: received, never closed.
G  registered 2026-01-20, never accepted: overdue since 01-28, open now.
H  registered 2025-01-10, withdrawn 2025-01-11: a year earlier.
Consultations: West 2026-01-12 (hotline, wage arrears), West 2025-01-15.
"Now" is 2026-02-10.
"""

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from complaints import services
from complaints.models import Case, Category, Channel, DeskKind
from complaints.services import ComplainantData
from config import clock
from dispatch import services as dispatch
from dispatch.models import Desk
from dispatch.services.chasing import chase_deadlines
from tests.builders import finish_referral, paid_in_full

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 2, 10, 10, tzinfo=SHANGHAI)


def at(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def close(case, referral, actor, when, satisfaction="satisfied"):
    """The desk finishes its part (the case is resolved), then the case is closed with
    the follow-up's answer."""
    with clock.frozen_at(when):
        finish_referral(referral, actor, note="已支付")
        case = Case.objects.get(pk=case.pk)
        answer = paid_in_full(when, satisfaction=satisfaction)
        case = services.case_close(case=case, actor=actor, **answer)
    return case


def accept_and_start(case, referral, actor, when, *, head):
    """The desk takes it on and the head of the inspection body files it, the same day."""
    with clock.frozen_at(when):
        dispatch.referral_accept(referral=referral, actor=actor)
        case = services.case_accept(case=case, actor=head)
        return services.case_start(case=case, actor=actor)


def pay(case, actor, amount, when):
    with clock.frozen_at(when):
        person = case.complainants.order_by("id").first()
        services.payment_record(
            complainant=person, actor=actor, amount=Decimal(amount), paid_on=when.date()
        )


@pytest.fixture
def january(register_case, window, inspector, inspection_head, district, other_district):
    Desk.objects.create(office=district, kind=DeskKind.INSPECTION).members.add(inspector)
    owed = [ComplainantData(name="张三", phone="13800138000", owed_amount=Decimal("1000"))]
    with clock.frozen_at(at(2025, 1, 10)):
        h = register_case()
    with clock.frozen_at(at(2025, 1, 11)):
        services.case_withdraw(case=h, actor=window, reason="已协商")
    with clock.frozen_at(at(2025, 1, 15)):
        services.consultation_log(actor=window, topic="咨询", channel="walk_in")

    with clock.frozen_at(at(2025, 12, 29)):
        a = register_case(complainants=owed)
        (a_referral,) = dispatch.case_route(case_id=a.pk)
    a = accept_and_start(a, a_referral, inspector, at(2025, 12, 30), head=inspection_head)
    pay(a, inspector, "400.00", at(2026, 1, 5))
    a = close(a, a_referral, inspector, at(2026, 1, 6))

    with clock.frozen_at(at(2026, 1, 5)):
        b = register_case()
        (b_referral,) = dispatch.case_route(case_id=b.pk)
    chase_deadlines(now=at(2026, 1, 13))
    b = accept_and_start(b, b_referral, inspector, at(2026, 1, 14), head=inspection_head)
    pay(b, inspector, "2000.00", at(2026, 1, 19))
    b = close(b, b_referral, inspector, at(2026, 1, 20))

    with clock.frozen_at(at(2026, 1, 7)):
        c = register_case(channel=Channel.HOTLINE)
    with clock.frozen_at(at(2026, 1, 8)):
        c = services.case_transfer(case=c, actor=inspector, to_office=other_district, reason="属地")
        d = register_case(category=Category.SOCIAL_INSURANCE)
    with clock.frozen_at(at(2026, 1, 9)):
        d = services.case_merge(case=d, actor=inspector, target=c, reason="同一事项")
    with clock.frozen_at(at(2026, 1, 12)):
        services.consultation_log(
            actor=window, topic="欠薪咨询", channel="hotline", category="wage_arrears"
        )
    with clock.frozen_at(at(2026, 1, 20)):
        g = register_case()
        dispatch.case_route(case_id=g.pk)
    chase_deadlines(now=at(2026, 1, 28))
    return SimpleNamespace(a=a, b=b, c=c, d=d, g=g, h=h)


@pytest.fixture
def now():
    with clock.frozen_at(NOW):
        yield NOW
