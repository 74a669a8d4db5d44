"""The documents issued on a case: their list, each one's A4 page and its Word file.

Both outputs are drawn from the document's content as issued (IssuedDocument.content),
never from the case as it is now, and each is recorded (DocumentOutput): the first of a
format is the original, every later one is marked as a copy (副本). Whoever may see the
case may print its documents; anyone else gets 404, as for every page of the case.
"""

from types import SimpleNamespace
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from complaints.documents import docx
from complaints.models import DocumentFormat, DocumentTemplate, IssuedDocument
from complaints.services.documents import document_output_record
from complaints.views.common import visible_case_or_404

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _document_or_404(request, ticket: str, pk: int) -> IssuedDocument:
    case = visible_case_or_404(request, ticket)
    return get_object_or_404(
        IssuedDocument.objects.select_related("case", "office", "corrects", "correction"),
        pk=pk,
        case=case,
    )


@require_GET
@login_required
def case_documents(request, ticket):
    case = visible_case_or_404(request, ticket)
    documents = (
        IssuedDocument.objects.filter(case=case)
        .select_related("issued_by", "corrects", "correction")
        .order_by("issued_at", "id")
    )
    return render(request, "documents/case_documents.html", {"case": case, "documents": documents})


@require_GET
@login_required
def document_page(request, ticket, pk):
    document = _document_or_404(request, ticket, pk)
    # One transaction: a page that fails to render is not counted as printed.
    with transaction.atomic():
        output = document_output_record(
            document=document, format=DocumentFormat.A4, actor=request.user
        )
        return render(request, "documents/document.html", _page_context(document, output))


def _page_context(document: IssuedDocument, output) -> dict:
    content = document.content
    # The seal include prints the acting body's name as issued, over the office's seal.
    seal_office = SimpleNamespace(
        acting_body_name=content["acting_body"], seal=document.office.seal
    )
    corrects = document.corrects
    return {
        "case": document.case,
        "document": document,
        "content": content,
        "is_copy": output.is_copy,
        "corrects": corrects,
        "correction_line": docx.correction_line(corrects) if corrects else "",
        "correction": getattr(document, "correction", None),
        "seal_office": seal_office,
        "document_language": settings.DOCUMENT_LANGUAGE,
    }


@require_GET
@login_required
def document_docx(request, ticket, pk):
    document = _document_or_404(request, ticket, pk)
    uploaded = DocumentTemplate.objects.filter(kind=document.kind).first()
    template = docx.template_bytes(uploaded.file if uploaded else None)
    # One transaction: a file that fails to render is not counted as given out.
    with transaction.atomic():
        output = document_output_record(
            document=document, format=DocumentFormat.DOCX, actor=request.user
        )
        data = docx.document_docx(document=document, template=template, is_copy=output.is_copy)
    response = HttpResponse(data, content_type=DOCX_TYPE)
    name = "-".join(part for part in (document.title, document.number) if part) + ".docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
