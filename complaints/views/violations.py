"""The case page's violation categories: complained of and found (查实)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.forms.violations import ViolationsForm
from complaints.services.dimensions import may_edit_dimensions
from complaints.services.violations import case_set_violations, may_record_findings
from complaints.views.case_page import render_case_page
from complaints.views.common import run_service, visible_case_or_404


@login_required
@require_POST
def case_violations(request, ticket):
    """Save the categories; the page comes back with the errors (400) when refused."""
    case = visible_case_or_404(request, ticket)
    form = ViolationsForm(
        request.POST,
        case=case,
        may_complain=may_edit_dimensions(case=case, user=request.user),
        may_find=may_record_findings(case=case, user=request.user),
    )
    if form.is_valid() and run_service(
        form,
        lambda: case_set_violations(case=case, actor=request.user, **form.service_kwargs()),
    ):
        messages.success(request, _("Violations saved."))
        return redirect("complaints:case_detail", ticket=ticket)
    return render_case_page(request, case, violations_form=form, status=400)
