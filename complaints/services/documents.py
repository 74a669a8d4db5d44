"""Issuing a document on a case, and recording each print or download of it.

An issued document is written once (`document_issue`) and never changed: its number is the
office's next gap-free number of its kind and year, taken in the issuing transaction, so a
rolled-back step returns its number. A correction is a new document naming the one it
corrects; a document is corrected at most once (the correction may be corrected in turn).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from accounts.services import document_number_take
from complaints import events
from complaints.documents.content import DocumentContent, content_hash, document_language
from complaints.exceptions import InvalidTransition
from complaints.models import (
    Case,
    DocumentFormat,
    DocumentKind,
    DocumentOutput,
    EventKind,
    IssuedDocument,
)
from config import clock


def _check_correction(*, case: Case, kind: str, corrects: IssuedDocument | None) -> None:
    if corrects is None:
        return
    if corrects.case_id != case.pk or corrects.kind != kind:
        raise InvalidTransition(
            _("A correction must be a document of the same kind on the same case.")
        )
    if IssuedDocument.objects.filter(corrects=corrects).exists():
        raise InvalidTransition(
            _("%(number)s was already corrected; correct the correction instead.")
            % {"number": corrects}
        )


@transaction.atomic
def document_issue(
    *,
    case: Case,
    office: Office,
    kind: str,
    content: DocumentContent,
    actor,
    corrects: IssuedDocument | None = None,
    record_event: bool = True,
) -> IssuedDocument:
    """Number (for the numbered kinds), freeze and store `content`; one timeline event,
    unless the act that issues it records its own (`record_event=False`: the filing
    approval form is the acceptance's, whose event says the case was filed).

    The caller holds the case's lock and has checked that the step may be taken.
    """
    kind = DocumentKind(kind)
    _check_correction(case=case, kind=kind, corrects=corrects)
    now = clock.now()
    if DocumentKind.numbered(kind):
        content.number = document_number_take(office=office, kind=kind, year=now.year)
    with document_language():
        data = content.as_data()
    document = IssuedDocument(
        case=case,
        office=office,
        kind=kind,
        number=content.number,
        title=data["title"],
        content=data,
        content_hash=content_hash(data),
        issued_by=actor,
        issued_at=now,
        corrects=corrects,
    )
    document.full_clean()
    document.save(force_insert=True)
    if not record_event:
        return document
    events.record(
        case=case,
        kind=EventKind.DOCUMENT_ISSUED,
        actor=actor,
        payload={
            "document": document.pk,
            "kind": kind.value,
            "title": document.title,
            "number": document.number,
            **({"corrects": corrects.number or corrects.pk} if corrects else {}),
        },
    )
    return document


@transaction.atomic
def document_output_record(*, document: IssuedDocument, format: str, actor) -> DocumentOutput:
    """Record a print (A4) or a download (Word) of `document`: the first of each format is
    the original, every later one a copy. The caller has checked that `actor` may see it."""
    IssuedDocument.objects.select_for_update().filter(pk=document.pk).first()
    fmt = DocumentFormat(format)
    is_copy = DocumentOutput.objects.filter(document=document, format=fmt, is_copy=False).exists()
    output = DocumentOutput(
        document=document, format=fmt, is_copy=is_copy, made_by=actor, made_at=clock.now()
    )
    output.full_clean()
    output.save(force_insert=True)
    return output
