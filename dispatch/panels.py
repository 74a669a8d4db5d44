"""What dispatch shows on a case page, registered with complaints' case page panels.

The case page is a complaints template, and complaints does not import dispatch: in
`DispatchConfig.ready()`, `register_case_page_panels` adds dispatch's panels to its slots
(complaints/panels.py) with the relations each one reads, which the case's selector then
prefetches (no query per referral). The header's list of desks, the supervision (督办)
card, the desks with their clocks, and the findings and orders to pay.

Each button is one of `referral_actions_for` / `deadline_actions_for`, and each "may_" the
check its service makes, so the page offers exactly what the server then accepts from this
user. The desks panel has a second reader: the poll of a page opened while routing is
pending (`views.referrals.case_desks`).
"""

from dataclasses import dataclass, replace

from django.urls import reverse

from accounts.roles import Role
from complaints.models import Case, DeskKind, RoutingState
from complaints.panels import BANNER, HEADER, WORK, register_case_panel
from config import clock
from dispatch.forms.supervision import (
    RectificationOrderForm,
    SupervisionLiftForm,
    SupervisionReportForm,
    SupervisionStartForm,
)
from dispatch.models import (
    APPLICATION_DESKS,
    OPEN_REFERRAL_STATUSES,
    ApplicationMaterial,
    Deadline,
    Referral,
    ReferralStatus,
)
from dispatch.selectors.orders import order_awaiting_service
from dispatch.services.deadlines import RECTIFY_POLICY, deadline_actions_for
from dispatch.services.rectification import SERVE_POLICY, may_order
from dispatch.services.referrals import awaits_application, referral_actions_for

# The relations of a case each panel reads, prefetched by the case page's selector.
REFERRAL_LOOKUPS = (
    "referrals__desk__office",
    "referrals__desk__members",
    "referrals__officer",
    "referrals__application_recorded_by",
    "referrals__application_materials",
    "referrals__deadlines__policy",
    "referrals__deadlines__extension_requests__requested_by",
)
SUPERVISION_LOOKUPS = ("supervisions__created_by", "supervisions__reported_by")
ORDER_LOOKUPS = (
    "rectification_orders__issued_by",
    "rectification_orders__deadline",
    "rectification_orders__inspectors",
)


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    actions: frozenset[str]


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    actions: frozenset[str]
    deadlines: list[DeadlineRow]
    officers: list  # the desk's active members, whom a supervisor may reassign it to
    awaits_application: bool = False  # helping the worker apply: no statutory clock yet
    checklist: tuple = ()  # the desk's application materials, for "receive_application"


def _row(referral: Referral, user) -> ReferralRow:
    deadlines = [
        DeadlineRow(deadline, frozenset(deadline_actions_for(user=user, deadline=deadline)))
        for deadline in referral.deadlines.all()
    ]
    officers = [member for member in referral.desk.members.all() if member.is_active]
    actions = frozenset(referral_actions_for(user=user, referral=referral))
    waiting = referral.is_open and awaits_application(referral)
    return ReferralRow(referral, actions, deadlines, officers, awaits_application=waiting)


def referrals_panel_context(*, case: Case, user) -> dict:
    """The context of dispatch/case_referrals.html and dispatch/_referral_summary.html."""
    referrals = list(case.referrals.all())
    # `case_refer` refuses a desk of the responsible office that already works the case.
    working = {
        referral.desk.kind
        for referral in referrals
        if referral.is_open and referral.desk.office_id == case.responsible_office_id
    }
    routing = case.routing_state == RoutingState.PENDING
    return {
        "case": case,
        "referral_rows": [_row(referral, user) for referral in referrals],
        "referable_desks": [
            (kind, label) for kind, label in DeskKind.choices if kind not in working
        ]
        if case.is_open
        else [],
        "user_is_supervisor": user.has_role(Role.SUPERVISOR),
        "routing": routing,
        "dispatch_failed": case.routing_state == RoutingState.FAILED,
        "poll_url": reverse("dispatch:case_desks", args=[case.ticket]) if routing else "",
    }


def desks_panel_context(*, case: Case, user) -> dict:
    """The context of dispatch/case_referrals.html: the summary's, and on each referral
    that may record its application, the desk's checklist (one query for every desk, so
    the page's queries do not grow with its referrals)."""
    context = referrals_panel_context(case=case, user=user)
    if not case.is_open:
        return context
    context["today"] = clock.today()
    checklists: dict[str, list] = {}
    active = ApplicationMaterial.objects.filter(is_active=True, desk__in=APPLICATION_DESKS)
    for item in active:
        checklists.setdefault(item.desk, []).append(item)
    context["referral_rows"] = [
        replace(row, checklist=tuple(checklists.get(row.referral.desk.kind, ())))
        if "receive_application" in row.actions
        else row
        for row in context["referral_rows"]
    ]
    return context


def supervision_panel_context(*, case: Case, user) -> dict:
    """The context of dispatch/_supervision.html: the case's active supervision, if any."""
    active = next((item for item in case.supervisions.all() if item.lifted_at is None), None)
    works_it = any(
        r.officer_id == user.pk and r.status in OPEN_REFERRAL_STATUSES for r in case.referrals.all()
    )
    is_supervisor = user.has_role(Role.SUPERVISOR)
    return {
        "supervision": active,
        "supervision_overdue": bool(
            active and not active.is_reported and clock.today() > active.report_by
        ),
        "may_supervise": is_supervisor and case.is_open,
        "may_report_supervision": bool(
            active and not active.is_reported and (is_supervisor or works_it)
        ),
        "user_is_supervisor": is_supervisor,
        "supervision_start_form": SupervisionStartForm(prefix="supervision"),
        "supervision_report_form": SupervisionReportForm(prefix="supervision"),
        "supervision_lift_form": SupervisionLiftForm(prefix="supervision"),
    }


def findings_panel_context(*, case: Case, user) -> dict:
    """The context of dispatch/_findings.html: the orders to pay and who may add one."""
    referrals = list(case.referrals.all())
    orders = list(case.rectification_orders.all())
    referrals_by_id = {referral.pk: referral for referral in referrals}
    inspection = _open_inspection(referrals)
    awaiting = order_awaiting_service(orders)
    may_order_payment = _may_order_payment(case, inspection, user, awaiting)
    return {
        "rectification_orders": orders,
        "may_order_payment": may_order_payment,
        # `rectification_complied`: the order's referral's officer or a supervisor, until
        # it is recorded (also after the case ended: the employer may pay late).
        "compliance_recordable": {
            order.pk
            for order in orders
            if not order.is_complied
            and may_order(user=user, referral=referrals_by_id.get(order.referral_id))
        },
        "rectification_form": may_order_payment
        and RectificationOrderForm(
            prefix="order",
            case=case,
            office=inspection.desk.office,
            actor=user,
            awaiting_service=awaiting,
        ),
    }


def _open_inspection(referrals):
    """The case's open inspection referral (as `inspection_referral`), from the prefetch."""
    return min(
        (
            r
            for r in referrals
            if r.desk.kind == DeskKind.INSPECTION
            and r.status in (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
        ),
        key=lambda r: r.pk,
        default=None,
    )


def _may_order_payment(case, inspection, user, awaiting) -> bool:
    """`rectification_order`'s checks: an open case whose inspection desk accepted it, the
    inspector or a supervisor, and no earlier order of the case still running (waiting to be
    paid; one waiting to be served may only be corrected: `awaiting`)."""
    if not case.is_open or inspection is None:
        return False
    running = any(
        deadline.is_open
        and (
            deadline.policy.code == RECTIFY_POLICY
            or (deadline.policy.code == SERVE_POLICY and awaiting is None)
        )
        for deadline in inspection.deadlines.all()
    )
    return not running and may_order(user=user, referral=inspection)


def register_case_page_panels() -> None:
    """Dispatch's panels on the case page, in the page's order (called once, at start-up)."""
    register_case_panel(
        slot=HEADER,
        order=10,
        template="dispatch/_referral_summary.html",
        context=referrals_panel_context,
        prefetch=REFERRAL_LOOKUPS,
    )
    register_case_panel(
        slot=BANNER,
        order=10,
        template="dispatch/_supervision.html",
        context=supervision_panel_context,
        prefetch=(*SUPERVISION_LOOKUPS, "referrals"),
    )
    register_case_panel(
        slot=WORK,
        order=10,
        template="dispatch/case_referrals.html",
        context=desks_panel_context,
        prefetch=REFERRAL_LOOKUPS,
    )
    register_case_panel(
        slot=WORK,
        order=20,
        template="dispatch/_findings.html",
        context=findings_panel_context,
        prefetch=(*ORDER_LOOKUPS, *REFERRAL_LOOKUPS),
    )
