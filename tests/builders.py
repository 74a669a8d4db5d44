"""Plain builders the tests of several folders share (their fixtures are in conftest.py)."""

from datetime import timedelta
from decimal import Decimal

from complaints.models import Status

# How a fresh case reaches each status through the services: its workflow actions in order.
STATUS_PATHS = {
    Status.REGISTERED: (),
    Status.ACCEPTED: ("accept",),
    Status.IN_PROGRESS: ("accept", "start"),
    Status.RESOLVED: ("accept", "start", "resolve"),
    Status.CLOSED: ("accept", "start", "resolve", "close"),
    Status.NOT_ACCEPTED: ("not_accept",),
}


def intake_form_body(description: str, token: str) -> dict:
    """The intake page's form as a browser posts it for one worker (张三), the other fields
    left out: for tests that register through the page rather than test the page."""
    return {
        "token": token,
        "channel": "walk_in",
        "category": "wage_arrears",
        "description": description,
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
        "form-0-name": "张三",
        "form-0-phone": "13800138000",
    }


def paid_in_full(followup_at=None, **values) -> dict:
    """case_close's arguments for a case whose workers were paid in full, followed up by
    phone (an hour ago unless `followup_at`); `values` change any of them."""
    from complaints.models import Outcome
    from config import clock

    return {
        "outcome": Outcome.objects.get(code="paid_in_full"),
        "followup_at": followup_at or clock.now() - timedelta(hours=1),
        "followup_method": "phone",
        "followup_result": "已拿到工资",
        "satisfaction": "satisfied",
        **values,
    }


def second_inspector(office, actor):
    """An active inspector of `office` other than `actor`, holding an inspection card (a new
    one, 孙明, when the office has none): the second signature on an order to correct."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role
    from dispatch.selectors.orders import signing_inspectors

    found = (
        signing_inspectors(office)
        .exclude(pk=actor.pk)
        .exclude(inspection_card_number__isnull=True)
        .exclude(inspection_card_number="")
        .first()
    )
    if found is not None:
        return found
    user = User.objects.create_user(
        username=f"second-inspector-{office.pk}",
        office=office,
        first_name="明",
        last_name="孙",
        inspection_card_number=f"JC-second-{office.pk}",
    )
    user.groups.add(Group.objects.get(name=Role.INSPECTOR))
    return user


def order_to_pay(case, actor, **fields):
    """An order to pay 9,000 yuan owed to the case's first worker within 20 days, issued on
    the case and signed with a second inspector of the inspection desk's office (`fields`
    change any of its values)."""
    from config import clock
    from dispatch import services
    from dispatch.services.rectification import inspection_referral

    referral = inspection_referral(case)
    office = referral.desk.office if referral else actor.office
    order = {
        "findings": "查实拖欠工资",
        "amount_found": Decimal("9000.00"),
        "pay_by": clock.today() + timedelta(days=20),
        "lines": {case.complainants.order_by("pk").first().pk: Decimal("9000.00")},
    }
    if "second_inspector" not in fields:
        order["second_inspector"] = second_inspector(office, actor)
    return services.rectification_order(case=case, actor=actor, **(order | fields))
