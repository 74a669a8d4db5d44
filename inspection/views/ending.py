"""Pages of the end of a filed case: the inspector's proposals to cancel the filing (撤销立案)
or to close it (结案), and the head's decision on any proposed step (`step_decide`, the
approve or refuse function of the step's kind looked up in inspection/services/approvals.py).

Thin: the form on GET, the service on POST, back to the case page with a message; a refusal
is shown on the form, nothing changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Role
from complaints.models import Outcome
from complaints.views.common import run_service, visible_case_or_404
from inspection.forms.ending import CancellationForm, ClosingForm, DecideForm
from inspection.models import Step, StepKind, StepStatus
from inspection.selectors import missing_for, procedure_state
from inspection.services import ending
from inspection.services.approvals import APPROVALS


def _propose(request, ticket, *, kind: str, form_class, service):
    case = visible_case_or_404(request, ticket)
    form = form_class(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and run_service(
            form, lambda: service(case=case, actor=request.user, **form.service_arguments())
        ):
            messages.success(
                request,
                _("%(step)s proposed; the head of the inspection body decides.")
                % {"step": StepKind(kind).label},
            )
            return redirect("complaints:case_detail", ticket=case.ticket)
        status = 400
    else:
        status = 200
    context = {
        "case": case,
        "kind": StepKind(kind),
        "missing": missing_for(procedure_state(case), kind),
        "form": form,
    }
    return render(request, "inspection/ending_propose.html", context, status=status)


@login_required
def cancellation_propose(request, ticket):
    return _propose(
        request,
        ticket,
        kind=StepKind.CANCELLATION,
        form_class=CancellationForm,
        service=ending.cancellation_propose,
    )


@login_required
def closing_propose(request, ticket):
    return _propose(
        request,
        ticket,
        kind=StepKind.CLOSING,
        form_class=ClosingForm,
        service=ending.closing_propose,
    )


def _decided_message(step: Step) -> str:
    if step.status == StepStatus.REFUSED:
        return _("Not approved; the reason is on file.")
    if step.document is not None:
        return _("Approved: %(title)s %(number)s issued.") % {
            "title": step.document.title,
            "number": step.document.number,
        }
    return _("Approved.")


def _proposal_lines(step: Step) -> list[tuple[str, str]]:
    """What the inspector put to the head, as label and text."""
    lines = []
    if step.details.get("reasons"):
        lines.append((_("Reasons"), step.details["reasons"]))
    if step.details.get("outcome"):
        outcome = Outcome.objects.filter(code=step.details["outcome"]).first()
        lines.append((_("Outcome"), str(outcome or step.details["outcome"])))
    if step.details.get("summary"):
        lines.append((_("Summary"), step.details["summary"]))
    return lines


@login_required
def step_decide(request, ticket, step_id):
    """The head's decision on a proposed step: the proposal shown, approved or refused.
    A case the user may not see is a 404 first, as on every case page."""
    case = visible_case_or_404(request, ticket)
    if not request.user.has_role(Role.INSPECTION_HEAD):
        raise PermissionDenied
    step = Step.objects.filter(case=case, pk=step_id).select_related("created_by").first()
    if step is None or step.kind not in APPROVALS:
        raise Http404
    form = DecideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        done = []
        if form.is_valid():
            approve, refuse = APPROVALS[step.kind]
            decide = approve if form.cleaned_data["decision"] == "approve" else refuse
            note = form.cleaned_data["note"]
            if run_service(
                form, lambda: done.append(decide(step=step, actor=request.user, note=note))
            ):
                messages.success(request, _decided_message(done[0]))
                return redirect("complaints:case_detail", ticket=case.ticket)
        status = 400
    context = {"case": case, "step": step, "form": form, "lines": _proposal_lines(step)}
    return render(request, "inspection/ending_decide.html", context, status=status)
