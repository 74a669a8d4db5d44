"""The case page's advance payments (先行垫付) and their recovery from the employer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.forms.advances import (
    AdvanceCorrectForm,
    AdvanceForm,
    AdvanceRecoveryForm,
    AdvanceRemoveForm,
    RecoveryCorrectForm,
    RecoveryRemoveForm,
)
from complaints.services.advances import (
    advance_correct,
    advance_record,
    advance_recovery_correct,
    advance_recovery_record,
    advance_recovery_remove,
    advance_remove,
)
from complaints.views.case_page import render_case_page
from complaints.views.common import run_service, visible_case_or_404


@login_required
@require_POST
def case_advance(request, ticket):
    """Record an advance to one worker; the page comes back with the errors (400)."""
    case = visible_case_or_404(request, ticket)
    form = AdvanceForm(request.POST, case=case)
    if form.is_valid() and run_service(
        form, lambda: advance_record(actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Advance payment recorded."))
        return redirect("complaints:case_detail", ticket=ticket)
    return render_case_page(request, case, advance_form=form, status=400)


@login_required
@require_POST
def case_advance_recovery(request, ticket):
    """Record what the employer repaid for the case's advances."""
    case = visible_case_or_404(request, ticket)
    form = AdvanceRecoveryForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: advance_recovery_record(case=case, actor=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Advance recovery recorded."))
        return redirect("complaints:case_detail", ticket=ticket)
    return render_case_page(request, case, recovery_form=form, status=400)


# --- Corrections of an entry made by mistake (the row is named in the form) ---------------


def _change(request, ticket, form_class, perform, done: str):
    """Validate the change's form, run its service; the page again with the errors (400)."""
    case = visible_case_or_404(request, ticket)
    form = form_class(request.POST, case=case)
    if form.is_valid() and run_service(form, lambda: perform(form.cleaned_data)):
        messages.success(request, done)
        return redirect("complaints:case_detail", ticket=ticket)
    return render_case_page(request, case, advance_change_form=form, status=400)


@login_required
@require_POST
def case_advance_correct(request, ticket):
    """Correct the amount or the day of a recorded advance."""

    def perform(data):
        advance_correct(
            advance=data["advance"],
            actor=request.user,
            amount=data["amount"],
            paid_on=data["paid_on"],
            reason=data["reason"],
        )

    return _change(request, ticket, AdvanceCorrectForm, perform, _("Advance corrected."))


@login_required
@require_POST
def case_advance_remove(request, ticket):
    """Remove an advance entered by mistake."""

    def perform(data):
        advance_remove(advance=data["advance"], actor=request.user, reason=data["reason"])

    return _change(request, ticket, AdvanceRemoveForm, perform, _("Advance removed."))


@login_required
@require_POST
def case_recovery_correct(request, ticket):
    """Correct the amount or the day of a recorded recovery."""

    def perform(data):
        advance_recovery_correct(
            recovery=data["recovery"],
            actor=request.user,
            amount=data["amount"],
            recovered_on=data["recovered_on"],
            reason=data["reason"],
        )

    return _change(request, ticket, RecoveryCorrectForm, perform, _("Recovery corrected."))


@login_required
@require_POST
def case_recovery_remove(request, ticket):
    """Remove a recovery entered by mistake."""

    def perform(data):
        advance_recovery_remove(
            recovery=data["recovery"], actor=request.user, reason=data["reason"]
        )

    return _change(request, ticket, RecoveryRemoveForm, perform, _("Recovery removed."))
