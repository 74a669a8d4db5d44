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

from complaints.views.common import form_errors_as_messages, run_service, visible_case_or_404
from dispatch.forms.supervision import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    RectificationOrderForm,
    SupervisionLiftForm,
    SupervisionReportForm,
    SupervisionStartForm,
)
from dispatch.models import (
    Deadline,
    ExtensionRequest,
    RectificationOrder,
)
from dispatch.order_text import order_print_context
from dispatch.selectors.orders import order_awaiting_service, order_document
from dispatch.services import extensions, rectification, supervision


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
    referral = rectification.inspection_referral(case)
    form = RectificationOrderForm(
        request.POST,
        prefix="order",
        case=case,
        office=referral.desk.office if referral else None,
        actor=request.user,
        awaiting_service=order_awaiting_service(list(case.rectification_orders.all())),
    )
    _done(
        request,
        form,
        lambda data: rectification.rectification_order(
            case=case, actor=request.user, **form.service_arguments()
        ),
        _("Findings and order to pay recorded."),
    )
    return redirect("complaints:case_detail", ticket=case.ticket)


def _visible_order(request, pk) -> RectificationOrder:
    order = get_object_or_404(
        RectificationOrder.objects.select_related(
            "case__employer", "issued_by", "referral__desk__office", "deadline"
        ).prefetch_related("inspectors", "lines__complainant"),
        pk=pk,
    )
    visible_case_or_404(request, order.case.ticket)
    return order


@login_required
def order_print(request, pk):
    """The order's issued document, where each print is recorded (a reprint is a copy);
    an order issued before orders were kept as documents is printed from its record."""
    order = _visible_order(request, pk)
    document = order_document(order)
    if document is not None:
        return redirect("complaints:document_page", order.case.ticket, document.pk)
    return render(request, "dispatch/rectification_order.html", order_print_context(order))


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
