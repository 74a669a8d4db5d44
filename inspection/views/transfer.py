"""Pages of the transfer to the police (国务院令第310号): the inspectors' transfer report,
the transfer itself, the police's answer. The head decides on the report on the generic
decision page of a proposed step (inspection/views/ending.py `step_decide`).

Thin: the case through `visible_case_or_404`, the form on GET (with what the step still
needs, inspection.selectors.missing_for), the service on POST, back to the case page with a
message; a refusal is shown on the form, nothing changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from complaints.views.common import run_service, visible_case_or_404
from dispatch.services.rectification import inspection_referral
from inspection.forms.transfer import (
    PoliceAnswerForm,
    TransferForm,
    TransferReportForm,
)
from inspection.models import StepKind
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
