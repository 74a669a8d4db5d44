"""The supervisor's "retry dispatch" for a case whose routing failed (a POST form)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.exceptions import CaseNotVisible, DomainError
from complaints.services import case_routing_retry
from complaints.views.common import visible_case_or_404


@login_required
@require_POST
def case_retry_dispatch(request, ticket):
    case = visible_case_or_404(request, ticket)
    try:
        case_routing_retry(case=case, actor=request.user)
    except CaseNotVisible:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Dispatch retried: the case is waiting to be routed."))
    return redirect("complaints:case_detail", ticket=ticket)
