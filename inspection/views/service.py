"""The page serving a document on the party (送达): what is served, and the form recording
how, when, where and to whom, with the photo of a posting.

Thin: the case through `visible_case_or_404` (404 for a case the user may not see), the
document among the case's own, the form on GET, the service on POST, back to the case page
with a message; a refusal is shown on the form, nothing changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from complaints.models import IssuedDocument
from complaints.views.common import run_service, visible_case_or_404
from inspection.forms.service import ServiceForm
from inspection.models import SERVED_KINDS, Service
from inspection.services.service import document_serve as serve
from inspection.services.service import document_serve_with_upload


def _served(request, document, form) -> bool:
    """Run the service; a photo uploaded on the form is added with it, or not at all."""
    arguments = form.service_arguments()
    call = document_serve_with_upload if "upload" in arguments else serve
    return run_service(form, lambda: call(document=document, actor=request.user, **arguments))


@login_required
def document_serve(request, ticket, pk):
    case = visible_case_or_404(request, ticket)
    document = IssuedDocument.objects.filter(case=case, pk=pk, kind__in=SERVED_KINDS).first()
    if document is None:
        raise Http404
    form = ServiceForm(request.POST or None, request.FILES or None, case=case)
    status = 200
    if request.method == "POST":
        if form.is_valid() and _served(request, document, form):
            messages.success(
                request,
                _("%(document)s served; the proof of service is issued.")
                % {"document": document.number or document.title},
            )
            return redirect("complaints:case_detail", ticket=case.ticket)
        status = 400
    context = {
        "case": case,
        "document": document,
        "service": Service.objects.filter(document=document).first(),
        "form": form,
    }
    return render(request, "inspection/document_serve.html", context, status=status)
