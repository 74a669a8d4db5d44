"""Pages for supervision (督办), extension requests and orders to pay (责令改正).

Thin: each view finds the case through `visible_case_or_404` (404 for a case the user may
not see), hands the form's data to one service, and goes back to the case page with a
message. The services check roles again, so a forged POST changes nothing.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from complaints.models import DeskKind
from complaints.views.common import form_errors_as_messages, run_service, visible_case_or_404
from config import clock
from dispatch.forms.supervision import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    RectificationOrderForm,
    SupervisionLiftForm,
    SupervisionReportForm,
    SupervisionStartForm,
)
from dispatch.models import (
    OPEN_REFERRAL_STATUSES,
    Deadline,
    ExtensionRequest,
    RectificationOrder,
    ReferralStatus,
)
from dispatch.services import extensions, rectification, supervision


def supervision_panel_context(case, user) -> dict:
    """What the supervision and findings panels show, read from the prefetched case.

    Each "may_" is the check its service makes, so a form is shown exactly when the server
    would take it from this user (the referral and clock buttons: dispatch/panels.py).
    """
    active = next((item for item in case.supervisions.all() if item.lifted_at is None), None)
    referrals = list(case.referrals.all())
    works_it = any(
        r.officer_id == user.pk and r.status in OPEN_REFERRAL_STATUSES for r in referrals
    )
    is_supervisor = user.has_role(Role.SUPERVISOR)
    orders = list(case.rectification_orders.all())
    referrals_by_id = {referral.pk: referral for referral in referrals}
    return {
        "supervision": active,
        "supervision_overdue": bool(
            active and not active.is_reported and clock.today() > active.report_by
        ),
        "may_supervise": is_supervisor and case.is_open,
        "may_report_supervision": bool(
            active and not active.is_reported and (is_supervisor or works_it)
        ),
        "supervision_start_form": SupervisionStartForm(prefix="supervision"),
        "supervision_report_form": SupervisionReportForm(prefix="supervision"),
        "supervision_lift_form": SupervisionLiftForm(prefix="supervision"),
        "rectification_orders": orders,
        "may_order_payment": _may_order_payment(case, referrals, user),
        # `rectification_complied`: the order's referral's officer or a supervisor, until
        # it is recorded (also after the case ended: the employer may pay late).
        "compliance_recordable": {
            order.pk
            for order in orders
            if not order.is_complied
            and rectification.may_order(user=user, referral=referrals_by_id.get(order.referral_id))
        },
        "rectification_form": RectificationOrderForm(prefix="order"),
    }


def _may_order_payment(case, referrals, user) -> bool:
    """`rectification_order`'s checks: an open case whose inspection desk accepted it, the
    inspector or a supervisor, and no earlier order of the case still running."""
    inspection = min(
        (
            r
            for r in referrals
            if r.desk.kind == DeskKind.INSPECTION
            and r.status in (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
        ),
        key=lambda r: r.pk,
        default=None,
    )
    if not case.is_open or inspection is None:
        return False
    running = any(
        deadline.is_open and deadline.policy.code == rectification.RECTIFY_POLICY
        for deadline in inspection.deadlines.all()
    )
    return not running and rectification.may_order(user=user, referral=inspection)


def _done(request, form, call, success: str) -> None:
    if form.is_valid() and run_service(form, lambda: call(form.cleaned_data)):
        messages.success(request, success)
    else:
        form_errors_as_messages(request, form)


SUPERVISION_ACTIONS = {
    "start": (
        SupervisionStartForm,
        lambda case, user, data: supervision.supervision_start(case=case, actor=user, **data),
    ),
    "report": (
        SupervisionReportForm,
        lambda case, user, data: supervision.supervision_report(case=case, actor=user, **data),
    ),
    "lift": (
        SupervisionLiftForm,
        lambda case, user, data: supervision.supervision_lift(case=case, actor=user, **data),
    ),
}


@login_required
@require_POST
def supervision_action(request, ticket, action):
    case = visible_case_or_404(request, ticket)
    if action not in SUPERVISION_ACTIONS:
        raise Http404
    form_class, call = SUPERVISION_ACTIONS[action]
    form = form_class(request.POST, prefix="supervision")
    _done(request, form, lambda data: call(case, request.user, data), _("Saved."))
    return redirect("complaints:case_detail", ticket=case.ticket)


def _deadline_case(request, deadline_id):
    deadline = get_object_or_404(Deadline.objects.select_related("referral__case"), pk=deadline_id)
    return deadline, visible_case_or_404(request, deadline.referral.case.ticket)


@login_required
@require_POST
def extension_request(request, deadline_id):
    deadline, case = _deadline_case(request, deadline_id)
    form = ExtensionRequestForm(request.POST)
    _done(
        request,
        form,
        lambda data: extensions.extension_request(
            deadline=deadline, actor=request.user, reason=data["reason"]
        ),
        _("Extension requested."),
    )
    return redirect("complaints:case_detail", ticket=case.ticket)


EXTENSION_DECISIONS = {
    "approve": (extensions.extension_approve, _("Extension approved.")),
    "refuse": (extensions.extension_refuse, _("Extension refused.")),
}


@login_required
@require_POST
def extension_decide(request, pk, action):
    if action not in EXTENSION_DECISIONS:
        raise Http404
    extension = get_object_or_404(ExtensionRequest, pk=pk)
    _deadline, case = _deadline_case(request, extension.deadline_id)
    service, success = EXTENSION_DECISIONS[action]
    form = ExtensionDecisionForm(request.POST)
    _done(
        request,
        form,
        lambda data: service(request=extension, actor=request.user, note=data["note"]),
        str(success),
    )
    return redirect("complaints:case_detail", ticket=case.ticket)


@login_required
@require_POST
def order_create(request, ticket):
    case = visible_case_or_404(request, ticket)
    form = RectificationOrderForm(request.POST, prefix="order")
    _done(
        request,
        form,
        lambda data: rectification.rectification_order(case=case, actor=request.user, **data),
        _("Findings and order to pay recorded."),
    )
    return redirect("complaints:case_detail", ticket=case.ticket)


def _visible_order(request, pk) -> RectificationOrder:
    order = get_object_or_404(
        RectificationOrder.objects.select_related(
            "case__employer", "issued_by", "referral__desk__office", "deadline"
        ),
        pk=pk,
    )
    visible_case_or_404(request, order.case.ticket)
    return order


@login_required
def order_print(request, pk):
    order = _visible_order(request, pk)
    return render(request, "dispatch/rectification_order.html", {"order": order})


@login_required
@require_POST
def order_complied(request, pk):
    order = _visible_order(request, pk)
    form = forms.Form(request.POST)
    _done(
        request,
        form,
        lambda data: rectification.rectification_complied(order=order, actor=request.user),
        _("Compliance recorded."),
    )
    return redirect("complaints:case_detail", ticket=order.case.ticket)
