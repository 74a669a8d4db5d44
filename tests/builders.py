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


def order_to_pay(case, actor, **fields):
    """An order to pay 9,000 yuan owed to 3 workers within 20 days, issued on the case
    (`fields` change any of its values)."""
    from config import clock
    from dispatch import services

    order = {
        "findings": "查实拖欠工资",
        "amount_found": Decimal("9000.00"),
        "workers_concerned": 3,
        "amount_ordered": Decimal("9000.00"),
        "pay_by": clock.today() + timedelta(days=20),
    }
    return services.rectification_order(case=case, actor=actor, **(order | fields))
