"""The service (送达) of a document on the party, and its proof of service (送达回证).

A document the bureau addresses to the party (an order to correct, an inquiry notice, a
handling or penalty decision, the advance notice of a penalty) is served once, by one of
the lawful methods, on a day not before its issue and not in the future, by the case's
inspector, a supervisor or the head. Served in person, by post or left at the premises,
someone receives it and is named; posting at the premises counts as served when the party
has absconded, recorded by photo or video (最高法《关于审理拒不支付劳动报酬刑事案件适用
法律若干问题的解释》法释〔2013〕3号 Art. 4), and leaving it at the premises when the
recipient refuses (留置送达) is recorded the same way. The proof of service printed for the
file is issued as a document of its own (kind "service_proof", unnumbered).

Serving an order to correct starts its pay-by clock (dispatch rectification_served);
serving a penalty decision meets its service limit (penalty.serve, 行政处罚法 Art. 61).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints import events, uploads
from complaints.documents.content import DocumentContent, Section, Signer, document_language
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import DocumentKind, EventKind, Evidence, EvidenceKind, IssuedDocument
from complaints.selectors.visibility import case_lock_for
from complaints.services.documents import document_issue
from complaints.services.evidence import evidence_add
from config import clock
from dispatch.models import DeadlineEnd, RectificationOrder
from dispatch.services.deadlines import deadlines_close
from dispatch.services.rectification import rectification_served
from inspection.documents import case_facts
from inspection.models import (
    PROOF_METHODS,
    SERVED_KINDS,
    UNSIGNED_METHODS,
    Service,
    ServiceMethod,
)
from inspection.selectors import ProcedureState, procedure_state
from inspection.services.steps import may_work

# 行政处罚法 Art. 61: a penalty decision not handed over on the spot is served within 7 days.
PENALTY_SERVE_POLICY = "penalty.serve"
# A photo or a video (the evidence upload accepts JPEG, PNG, MP4 and MOV) records a
# posting or a leaving.
PROOF_PHOTO_TYPES = ("image/jpeg", "image/png")
PROOF_VIDEO_TYPES = ("video/mp4", "video/quicktime")
PROOF_CONTENT_TYPES = PROOF_PHOTO_TYPES + PROOF_VIDEO_TYPES


def _check_input(*, method: str, served_on: date | None, recipient: str, proof, case_id) -> None:
    errors = {}
    if method not in ServiceMethod.values:
        errors["method"] = _("Choose how the document was served.")
    if served_on is None:
        errors["served_on"] = _("Enter the day the document was served.")
    elif served_on > clock.today():
        errors["served_on"] = _("The day of service cannot be in the future.")
    if method not in UNSIGNED_METHODS and not recipient:
        errors["recipient"] = _("Name the person who received the document.")
    if method in PROOF_METHODS and proof is None:
        errors["proof"] = _(
            "Posting or leaving the document at the premises is recorded by a photo or a "
            "video: add it."
        )
    elif proof is not None and proof.case_id != case_id:
        errors["proof"] = _("The proof must be evidence of this case.")
    elif method in PROOF_METHODS and proof.content_type not in PROOF_CONTENT_TYPES:
        errors["proof"] = _("The proof of a posting or a leaving must be a photo or a video.")
    if errors:
        raise ValidationError(errors)


def _locked_document(*, document: IssuedDocument, actor) -> tuple[IssuedDocument, ProcedureState]:
    """The case locked, its procedure read and the document re-read, when `actor` may serve
    it now."""
    locked_case = case_lock_for(user=actor, case_id=document.case_id)
    state = procedure_state(locked_case)
    if not may_work(user=actor, state=state):
        raise ActionNotPermitted(
            _("Only the inspector of this case, a supervisor or the head can do this.")
        )
    if not locked_case.is_open:
        raise InvalidTransition(_("Documents can only be served on an open case."))
    fresh = IssuedDocument.objects.select_related("office").get(pk=document.pk)
    if fresh.kind not in SERVED_KINDS:
        raise InvalidTransition(_("This document is not served on the party."))
    if fresh.pk in state.services:
        raise InvalidTransition(
            _("%(document)s was already served.") % {"document": fresh.number or fresh.title}
        )
    if fresh.is_corrected:
        raise InvalidTransition(
            _("%(document)s was corrected by %(correction)s: serve the correction.")
            % {"document": fresh.number or fresh.title, "correction": fresh.correction}
        )
    return fresh, state


def _proof_content(service: Service, document: IssuedDocument, actor) -> DocumentContent:
    """The proof of service (送达回证): the document served, the party, where, how, when and
    to whom, the serving inspectors and the recipient's signature line."""
    content = document.content
    inspectors = [Signer(name=actor.display_name, card=actor.inspection_card_number or "")]
    inspectors += [
        Signer(name=signer["name"], card=signer.get("card") or "")
        for signer in content.get("signers", [])
        if signer["name"] != actor.display_name
    ]
    served = f"{document.title} {document.number}".strip()
    unsigned = service.method in UNSIGNED_METHODS
    if service.method == ServiceMethod.POSTING:
        received = _("Posted at the premises; photo on file")
        if service.proof is not None and service.proof.content_type in PROOF_VIDEO_TYPES:
            received = _("Posted at the premises; video on file")
    elif service.method == ServiceMethod.PUBLIC_NOTICE:
        received = _("Served by public notice")
    else:
        received = service.recipient
    details = [
        (_("Document served"), served),
        (_("Party served"), content.get("addressee") or "—"),
        (_("Place of service"), service.place or "—"),
        (_("Method of service"), ServiceMethod(service.method).label),
        (_("Served on"), service.served_on.isoformat()),
        (_("Recipient"), received),
        (_("Serving inspectors"), "、".join(signer.name for signer in inspectors)),
    ]
    sections = [Section(paragraphs=[f"{label}：{value}" for label, value in details])]
    if service.note:
        sections.append(Section(heading=_("Note"), paragraphs=[service.note]))
    return DocumentContent(
        title=_("Proof of service"),
        acting_body=document.office.acting_body_name,
        date=clock.today().isoformat(),
        addressee=content.get("addressee", ""),
        facts=case_facts(document.case),
        sections=sections,
        signers=inspectors,
        sealed=True,
        receipt_line="" if unsigned else _("Recipient's signature and date:"),
    )


def _consequences(document: IssuedDocument, state: ProcedureState, served_on: date) -> None:
    """What the service of `document` starts or ends."""
    if document.kind == DocumentKind.RECTIFICATION:
        order = RectificationOrder.objects.filter(
            case=document.case, number=document.number
        ).first()
        if order is not None:
            rectification_served(order=order, served_on=served_on)
    elif document.kind == DocumentKind.PENALTY_DECISION and state.referral is not None:
        running = state.referral.deadlines.filter(
            closed_at__isnull=True, policy__code=PENALTY_SERVE_POLICY
        )
        for deadline_id in running.values_list("pk", flat=True):
            deadlines_close(
                referral=state.referral, reason=DeadlineEnd.MET, deadline_id=deadline_id
            )


@transaction.atomic
def document_serve(
    *,
    document: IssuedDocument,
    actor,
    method: str,
    served_on: date,
    recipient: str = "",
    place: str = "",
    proof: Evidence | None = None,
    note: str = "",
) -> Service:
    """Record that `document` was served on the party, issue its proof of service, and
    start or end what its service starts or ends (an order's pay-by clock, the service
    limit of a penalty decision). A refusal changes nothing."""
    recipient, place, note = (recipient or "").strip(), (place or "").strip(), (note or "").strip()
    _check_input(
        method=method,
        served_on=served_on,
        recipient=recipient,
        proof=proof,
        case_id=document.case_id,
    )
    document, state = _locked_document(document=document, actor=actor)
    if served_on < timezone.localdate(document.issued_at):
        raise ValidationError(
            {"served_on": _("A document cannot be served before the day it was issued.")}
        )
    _consequences(document, state, served_on)
    service = Service(
        document=document,
        method=method,
        served_on=served_on,
        recipient="" if method in UNSIGNED_METHODS else recipient,
        place=place,
        proof=proof,
        note=note,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    service.full_clean()
    service.save(force_insert=True)
    with document_language():
        content = _proof_content(service, document, actor)
    service.proof_document = document_issue(
        case=document.case,
        office=document.office,
        kind=DocumentKind.SERVICE_PROOF,
        content=content,
        actor=actor,
    )
    service.save(update_fields=["proof_document"])
    events.record(
        case=document.case,
        kind=EventKind.DOCUMENT_SERVED,
        actor=actor,
        message=note,
        payload={
            "document": document.pk,
            "title": document.title,
            "number": document.number,
            "served_on": served_on.isoformat(),
            **events.in_both_languages("method", ServiceMethod(method).label),
        },
    )
    return service


def _proof_kind(upload) -> str:
    """The evidence kind of an uploaded proof, by its name; the upload's check then makes
    sure the content is what the name says."""
    video = uploads.extension_of(upload.name or "") in ("mp4", "mov")
    return EvidenceKind.VIDEO if video else EvidenceKind.PHOTO


def order_serve(*, order: RectificationOrder, actor, served_on: date, **fields) -> Service:
    """`document_serve` of an order to correct, named by the order (its document is the
    case's rectification of the same number): registered for dispatch's callers."""
    document = IssuedDocument.objects.get(
        case_id=order.case_id, kind=DocumentKind.RECTIFICATION, number=order.number
    )
    return document_serve(document=document, actor=actor, served_on=served_on, **fields)


def document_serve_with_upload(*, document: IssuedDocument, actor, upload, **fields) -> Service:
    """`document_serve` with its proof a photo or a video uploaded now as evidence of the
    case (complaints.services.evidence): both or neither are kept, the file too."""
    evidence = None
    try:
        with transaction.atomic():
            evidence = evidence_add(
                case=document.case,
                actor=actor,
                upload=upload,
                kind=_proof_kind(upload),
                description=str(_("Proof of service of %(document)s"))
                % {"document": document.number or document.title},
            )
            return document_serve(document=document, actor=actor, proof=evidence, **fields)
    except BaseException:
        if evidence is not None:
            uploads.remove(evidence.stored_path, root=settings.EVIDENCE_ROOT)
        raise
