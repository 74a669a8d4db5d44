"""Evidence on the case page: the upload and the download (the list: views/case_page.py).

Downloads are always attachments with the type the content was sniffed as, `nosniff`
and a sandboxing Content-Security-Policy, so no uploaded file can run in our origin.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints import services, uploads
from complaints.forms import EvidenceForm
from complaints.views.case_page import render_case_page
from complaints.views.common import run_service, visible_case_or_404

logger = logging.getLogger(__name__)


@login_required
@require_POST
def evidence_upload(request, ticket):
    case = visible_case_or_404(request, ticket)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid() and run_service(
        form,
        lambda: services.evidence_add(
            case=case,
            actor=request.user,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
        ),
    ):
        messages.success(request, _("Evidence added."))
        return redirect(reverse("complaints:case_detail", args=[ticket]) + "#evidence")
    return render_case_page(request, case, evidence_form=form, status=400)


@login_required
@require_GET
def evidence_download(request, ticket, evidence_id):
    case = visible_case_or_404(request, ticket)
    evidence = get_object_or_404(case.evidence.all(), pk=evidence_id)
    try:
        path = uploads.stored_file(evidence.stored_path, root=settings.EVIDENCE_ROOT)
        handle = path.open("rb")
    except OSError:
        logger.error("Evidence %s of case %s is missing on disk", evidence.pk, case.ticket)
        raise Http404 from None
    content_type = evidence.content_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
