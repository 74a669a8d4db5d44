"""The report upward of a group wage-arrears case: one POST, one service.

Thin: the case is found through `visible_case_or_404` (404 for a case the user may not
see); the service checks the role again, so a forged POST changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.views.common import form_errors_as_messages, run_service, visible_case_or_404
from dispatch.forms.group_cases import ReportUpwardForm
from dispatch.services.group_cases import group_case_report_upward


@login_required
@require_POST
def group_case_report(request, ticket):
    case = visible_case_or_404(request, ticket)
    form = ReportUpwardForm(request.POST, prefix="group")

    def report():
        note = form.cleaned_data["note"]
        return group_case_report_upward(case=case, actor=request.user, note=note)

    if form.is_valid() and run_service(form, report):
        messages.success(request, _("The report upward is recorded."))
    else:
        form_errors_as_messages(request, form)
    return redirect("complaints:case_detail", ticket=case.ticket)
