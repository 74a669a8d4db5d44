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


def order_to_pay(case, actor, *, served_on=None, served=True, **fields):
    """An order to pay 9,000 yuan owed to the case's first worker within 20 days, issued on
    the case and signed with a second inspector of the inspection desk's office (`fields`
    change any of its values), and served in person on the employer's legal representative
    the day it is issued (on `served_on` if given; not at all if not `served`), so that its
    pay-by clock runs."""
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
    issued = services.rectification_order(case=case, actor=actor, **(order | fields))
    if served:
        serve_order(issued, actor, served_on=served_on or clock.today())
        issued.refresh_from_db()
    return issued


def serve_order(order, actor, *, served_on, **fields):
    """Serve `order` in person on the employer's legal representative on `served_on`."""
    from complaints.models import DocumentKind, IssuedDocument
    from inspection.services.service import document_serve

    document = IssuedDocument.objects.get(
        case=order.case, kind=DocumentKind.RECTIFICATION, number=order.number
    )
    arguments = {
        "method": "in_person",
        "recipient": "王五（法定代表人）",
        "place": "用人单位办公室",
    }
    return document_serve(
        document=document, actor=actor, served_on=served_on, **(arguments | fields)
    )


def finish_referral(referral, actor, note: str = ""):
    """The desk's part done: the inspection referral of a filed case by the head's approved
    closing (结案审批表: `actor`, or the referral's officer, proposes; the office's head of
    the inspection body approves), any other referral by the plain "done" action."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role
    from dispatch import services
    from dispatch.models import Referral
    from dispatch.services.referrals import needs_closing_approval

    referral = Referral.objects.select_related("case", "desk__office", "officer").get(
        pk=referral.pk
    )
    if not needs_closing_approval(referral):
        return services.referral_finish(referral=referral, actor=actor, note=note)
    office = referral.desk.office
    head = User.objects.filter(office=office, groups__name=Role.INSPECTION_HEAD).first()
    if head is None:
        head = User.objects.create_user(
            username=f"inspection-head-{office.pk}", office=office, first_name="强", last_name="郑"
        )
        head.groups.add(Group.objects.get(name=Role.INSPECTION_HEAD))
    proposer = actor if referral.officer_id in (None, actor.pk) else referral.officer
    services.referral_close_filed(
        referral=referral, proposer=proposer, head=head, summary=note or "已办结"
    )
    referral.refresh_from_db()
    return referral
