"""Pages of the transfer to the police (国务院令第310号): the inspectors' transfer report,
the head's decision on it, the transfer itself, the police's answer.

Thin: the case through `visible_case_or_404`, the form on GET (with what the step still
needs, inspection.selectors.missing_for), the service on POST, back to the case page with a
message; a refusal is shown on the form, nothing changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from complaints.views.common import run_service, visible_case_or_404
from dispatch.services.rectification import inspection_referral
from inspection.forms.transfer import (
    PoliceAnswerForm,
    TransferDecisionForm,
    TransferForm,
    TransferReportForm,
)
from inspection.models import Step, StepKind
from inspection.selectors import missing_for, procedure_state
from inspection.services import transfer

TEMPLATE = "inspection/transfer_form.html"


def _act(request, ticket, *, kind: str, form_class, service, success, **form_kwargs):
    """The form of one act: shown on GET; on POST the service is called with its data."""
    case = visible_case_or_404(request, ticket)
    state = procedure_state(case)
    if form_class is not PoliceAnswerForm:
        referral = inspection_referral(case)
        form_kwargs["office"] = referral.desk.office if referral else request.user.office
        form_kwargs["actor"] = request.user
    if form_class is TransferReportForm:
        form_kwargs["orders"] = state.served_unpaid_orders
    form = form_class(request.POST or None, **form_kwargs)
    status = 200
    if request.method == "POST":
        if form.is_valid() and run_service(
            form, lambda: service(case=case, actor=request.user, **form.service_arguments())
        ):
            messages.success(request, success)
            return redirect("complaints:case_detail", ticket=case.ticket)
        status = 400
    context = {
        "case": case,
        "kind": StepKind(kind),
        "missing": missing_for(state, kind),
        "report": state.pending_transfer_report,
        "transfers": state.taken(StepKind.TRANSFER),
        "form": form,
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
def transfer_report_propose(request, ticket):
    return _act(
        request,
        ticket,
        kind=StepKind.TRANSFER_REPORT,
        form_class=TransferReportForm,
        service=transfer.transfer_report_propose,
        success=_("The transfer report is put to the head of the inspection body."),
    )


@login_required
def transfer_make(request, ticket):
    return _act(
        request,
        ticket,
        kind=StepKind.TRANSFER,
        form_class=TransferForm,
        service=transfer.transfer_make,
        success=_("The case is transferred to the police; the transfer letter is issued."),
    )


@login_required
def police_answer(request, ticket):
    return _act(
        request,
        ticket,
        kind=StepKind.POLICE_ANSWER,
        form_class=PoliceAnswerForm,
        service=transfer.police_answer_record,
        success=_("The police's answer is recorded."),
    )


DECISIONS = {
    "approve": (transfer.transfer_report_approve, gettext_lazy("The transfer is approved.")),
    "refuse": (
        transfer.transfer_report_refuse,
        gettext_lazy("The transfer is not approved; the reason is on file."),
    ),
}


@login_required
def transfer_report_decide(request, ticket, step_id):
    """The head's decision on a transfer report (移送规定 Art. 5). A case the user may not
    see is a 404 first, as on every case page; then only the head gets the page."""
    case = visible_case_or_404(request, ticket)
    if not request.user.has_role(Role.INSPECTION_HEAD):
        raise PermissionDenied
    step = (
        Step.objects.filter(case=case, pk=step_id, kind=StepKind.TRANSFER_REPORT)
        .select_related("created_by", "decided_by", "document", "order")
        .first()
    )
    if step is None:
        raise Http404
    form = TransferDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            decide, success = DECISIONS[form.cleaned_data["decision"]]
            note = form.cleaned_data["note"]
            if run_service(form, lambda: decide(step=step, actor=request.user, note=note)):
                messages.success(request, str(success))
                return redirect("complaints:case_detail", ticket=case.ticket)
        status = 400
    context = {"case": case, "step": step, "form": form}
    return render(request, "inspection/transfer_report_decide.html", context, status=status)
