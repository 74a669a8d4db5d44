"""The case page's advance payments (先行垫付) and their recovery from the employer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.forms.advances import AdvanceForm, AdvanceRecoveryForm
from complaints.services.advances import advance_record, advance_recovery_record
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
    request.advance_form = form  # shown by {% advances_panel %} with its errors
    return render_case_page(request, case, status=400)


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
    request.advance_recovery_form = form
    return render_case_page(request, case, status=400)
