"""Pages of the credit consequences: the inspector's proposal and the head's decision.

Thin: the form on GET, the service on POST, back to the case page with a message; a refusal
is shown on the form (status 400), nothing changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Role
from complaints.views.common import run_service, visible_case_or_404
from inspection.credit_selectors import bases
from inspection.forms.credit import CreditProposeForm
from inspection.forms.ending import DecideForm
from inspection.models import CreditProposal, CreditStatus
from inspection.selectors import procedure_state
from inspection.services import credit


@login_required
def credit_propose(request, ticket):
    case = visible_case_or_404(request, ticket)
    form = CreditProposeForm(request.POST or None, bases=bases(procedure_state(case)))
    status = 200
    if request.method == "POST":
        if form.is_valid() and run_service(
            form, lambda: credit.credit_propose(case=case, actor=request.user, **form.cleaned_data)
        ):
            messages.success(request, _("Proposed; the head of the inspection body decides."))
            return redirect("complaints:case_detail", ticket=case.ticket)
        status = 400
    return render(
        request, "inspection/credit_propose.html", {"case": case, "form": form}, status=status
    )


def _decided_message(proposal: CreditProposal) -> str:
    if proposal.status == CreditStatus.REFUSED:
        return _("Not approved; the reason is on file.")
    return _("Approved.")


@login_required
def credit_decide(request, ticket, pk):
    """The head's decision on a proposal of the case."""
    case = visible_case_or_404(request, ticket)
    if not request.user.has_role(Role.INSPECTION_HEAD):
        raise PermissionDenied
    proposal = get_object_or_404(
        CreditProposal.objects.select_related("employer", "proposed_by", "basis"), case=case, pk=pk
    )
    form = DecideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            decide = (
                credit.credit_approve
                if form.cleaned_data["decision"] == "approve"
                else credit.credit_refuse
            )
            note = form.cleaned_data["note"]
            if run_service(form, lambda: decide(proposal=proposal, actor=request.user, note=note)):
                proposal.refresh_from_db()
                messages.success(request, _decided_message(proposal))
                return redirect("complaints:case_detail", ticket=case.ticket)
        status = 400
    context = {"case": case, "proposal": proposal, "form": form}
    return render(request, "inspection/credit_decide.html", context, status=status)
