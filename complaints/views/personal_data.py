"""Showing a complainant's full ID number on the case page: asked for, allowed, recorded."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from complaints import services
from complaints.exceptions import ActionNotPermitted, CaseNotVisible
from complaints.pii import remember_reveal
from complaints.views.common import visible_case_or_404


@login_required
@require_POST
def complainant_id_reveal(request, ticket, complainant_id):
    """Record that the user sees the ID number, then show it once on the case page.

    Another office's case (or a complainant not on it, or one without an ID number) is a
    404; a role that may not see personal data gets 403. Neither records anything.
    """
    case = visible_case_or_404(request, ticket)
    complainant = next(
        (person for person in case.complainants.all() if person.pk == complainant_id), None
    )
    if complainant is None or not complainant.id_number:
        raise Http404
    try:
        services.complainant_id_number_reveal(complainant=complainant, actor=request.user)
    except ActionNotPermitted:
        raise PermissionDenied from None
    except CaseNotVisible:
        raise Http404 from None
    remember_reveal(request, complainant.pk)
    url = reverse("complaints:case_detail", kwargs={"ticket": case.ticket})
    return redirect(f"{url}#complainant-{complainant.pk}")
