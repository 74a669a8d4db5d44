"""The acceptance decision on the case page: propose (or, for the head, decide at once),
approve, send back, record the completed complaint; and the decision's printed notice.

Each view runs its service and goes back to the case page; a refused or invalid form is
shown again on the page with its errors, nothing changed.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from complaints.forms.acceptance import ApproveForm, CompletedForm, DecisionForm, SendBackForm
from complaints.models import DecisionStatus, Ground
from complaints.notices import decision_basis, notice_remedies
from complaints.selectors.acceptance import decisions_awaiting_approval
from complaints.services import acceptance
from complaints.views.case_page import render_case_page
from complaints.views.common import role_required, run_service, visible_case_or_404

DONE = {
    "propose": _("The decision is proposed; the head of the inspection body approves it."),
    "decide": _("The decision is taken."),
    "approve": _("The decision is approved and carried out."),
    "send_back": _("The decision is sent back to be proposed again."),
    "complete": _("The completed complaint is recorded; the 5 working days run again."),
}


def _decision_of(case, decision_id):
    decision = next((d for d in case.acceptance_decisions.all() if d.pk == decision_id), None)
    if decision is None:
        raise Http404
    return decision


def _finish(request, ticket, action, form, call):
    if form.is_valid() and run_service(form, call):
        messages.success(request, str(DONE[action]))
        return redirect("complaints:case_detail", ticket=ticket)
    case = visible_case_or_404(request, ticket)
    return render_case_page(request, case, acceptance_bound=(action, form), status=400)


@login_required
@require_POST
def decision_submit(request, ticket):
    """A proposal, or with the "decide" button the head's decision at once."""
    case = visible_case_or_404(request, ticket)
    action = "decide" if request.POST.get("act") == "decide" else "propose"
    service = acceptance.decision_decide if action == "decide" else acceptance.decision_propose
    form = DecisionForm(request.POST, prefix="decision")
    return _finish(
        request,
        ticket,
        action,
        form,
        lambda: service(case=case, actor=request.user, proposal=form.proposal()),
    )


@login_required
@require_POST
def decision_approve(request, ticket, decision_id):
    case = visible_case_or_404(request, ticket)
    decision = _decision_of(case, decision_id)
    form = ApproveForm(data={})
    return _finish(
        request,
        ticket,
        "approve",
        form,
        lambda: acceptance.decision_approve(decision=decision, actor=request.user),
    )


@login_required
@require_POST
def decision_send_back(request, ticket, decision_id):
    case = visible_case_or_404(request, ticket)
    decision = _decision_of(case, decision_id)
    form = SendBackForm(request.POST, prefix="send_back")
    return _finish(
        request,
        ticket,
        "send_back",
        form,
        lambda: acceptance.decision_send_back(
            decision=decision, actor=request.user, reason=form.cleaned_data["reason"]
        ),
    )


@login_required
@require_POST
def complaint_completed(request, ticket):
    case = visible_case_or_404(request, ticket)
    form = CompletedForm(request.POST, prefix="complete")
    return _finish(
        request,
        ticket,
        "complete",
        form,
        lambda: acceptance.complaint_completed(
            case=case, actor=request.user, received_on=form.cleaned_data["received_on"]
        ),
    )


QUEUE_SIZE = 200


@role_required(*acceptance.APPROVERS)
def decision_queue(request):
    """The head's queue: proposals on the cases the head may see, oldest first."""
    waiting = list(decisions_awaiting_approval(user=request.user)[: QUEUE_SIZE + 1])
    context = {"decisions": waiting[:QUEUE_SIZE], "more": len(waiting) > QUEUE_SIZE}
    return render(request, "complaints/decision_queue.html", context)


NOTICE_TEMPLATES = {
    Ground.OUT_OF_TIME: "complaints/not_accepted_notice.html",
    Ground.NOT_INSPECTION: "complaints/not_accepted_notice.html",
    Ground.COMPLETE: "complaints/completion_notice.html",
    Ground.OTHER_OFFICE: "complaints/informed_notice.html",
}


@login_required
def decision_notice(request, ticket, decision_id):
    """The written notice of an approved decision, in the acting body's name."""
    case = visible_case_or_404(request, ticket)
    decision = _decision_of(case, decision_id)
    if decision.status != DecisionStatus.APPROVED or decision.ground not in NOTICE_TEMPLATES:
        raise Http404
    return render(request, NOTICE_TEMPLATES[decision.ground], notice_context(case, decision))


def notice_context(case, decision) -> dict:
    """What a written notice of a decision prints (see `notice_parts`), from the decision."""
    return notice_parts(
        case,
        decision.office,  # the office that decided, also after a transfer
        decision=decision,
        number=decision.notice_number,
        reason=decision.reason,
        decided_on=decision.decided_at,
        basis=decision_basis(decision.ground),
    )


def notice_parts(case, office, **parts) -> dict:
    """What every written notice prints: who issues it (the office's acting body), its
    number, reason, day and basis (`parts`), the remedies with the review body and the
    court named, and whom to ask."""
    return {
        "case": case,
        "office": office,
        "acting_body": office.acting_body_name,
        "remedies": notice_remedies(review_body=office.review_body, court=office.court),
        "office_phone": office.phone or settings.BUREAU_HOTLINE,
        "hotline": settings.BUREAU_HOTLINE,
        **parts,
    }
