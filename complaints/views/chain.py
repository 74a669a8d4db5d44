"""The case page's project and chain of responsibility (工程建设领域)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.forms.chain import ChainForm
from complaints.services.chain import case_record_chain
from complaints.views.case_page import render_case_page
from complaints.views.common import run_service, visible_case_or_404


@login_required
@require_POST
def case_chain(request, ticket):
    """Save the project and parties; the page comes back with the errors (400) if refused."""
    case = visible_case_or_404(request, ticket)
    form = ChainForm(request.POST, case=case)
    if form.is_valid() and run_service(
        form, lambda: case_record_chain(case=case, actor=request.user, **form.service_kwargs())
    ):
        messages.success(request, _("Project and parties saved."))
        return redirect("complaints:case_detail", ticket=ticket)
    return render_case_page(request, case, chain_form=form, status=400)
