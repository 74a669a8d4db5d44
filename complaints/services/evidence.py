"""Evidence files on a case: checked by content, stored outside the web root, on the timeline."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events, uploads
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import Case, EventKind, Evidence, EvidenceKind
from complaints.selectors.visibility import case_visible_to
from config import clock

EVIDENCE_ROLES = (Role.WINDOW, Role.INSPECTOR, Role.DESK_OFFICER, Role.SUPERVISOR)
DESCRIPTION_MAX_LENGTH = 500


def may_add_evidence(*, case: Case, user) -> bool:
    """Whether the case page offers `user` the upload form (the service re-checks)."""
    return case.is_open and user.has_role(*EVIDENCE_ROLES)


def _check_case(case: Case, actor) -> None:
    if not case_visible_to(user=actor, case=case):
        raise CaseNotVisible()
    if not case.is_open:
        raise InvalidTransition(_("Evidence can only be added to an open case."))


def _check_input(*, upload, kind: str, description: str) -> uploads.InspectedUpload:
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Choose what kind of evidence this is.")})
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "description": _("A description can be at most %(limit)s characters.")
                % {"limit": DESCRIPTION_MAX_LENGTH}
            }
        )
    if upload is None:
        raise ValidationError({"file": _("Choose the file to upload.")})
    try:
        return uploads.inspect_upload(
            upload,
            max_bytes=settings.EVIDENCE_MAX_BYTES,
            video_max_bytes=settings.EVIDENCE_VIDEO_MAX_BYTES,
        )
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None


def evidence_add(*, case: Case, actor, upload, kind: str, description: str = "") -> Evidence:
    """Attach `upload` (a Django File) to an open case the actor may see.

    Every check runs before a byte is written. The file is written inside the
    transaction that inserts its row and timeline event, and removed again if that
    transaction fails, so there is never a file without a row (nor a row without a file).
    """
    if not actor.has_role(*EVIDENCE_ROLES):
        raise ActionNotPermitted()
    _check_case(case, actor)
    description = (description or "").strip()
    inspected = _check_input(upload=upload, kind=kind, description=description)
    root = settings.EVIDENCE_ROOT
    stored_path = None
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            _check_case(locked, actor)
            now = clock.now()
            stored_path = uploads.store(
                upload, root=root, when=timezone.localtime(now), sha256=inspected.sha256
            )
            evidence = Evidence(
                case=locked,
                kind=kind,
                description=description,
                original_name=inspected.name,
                stored_path=stored_path,
                content_type=inspected.content_type,
                size=inspected.size,
                sha256=inspected.sha256,
                uploaded_by=actor,
                uploaded_at=now,
            )
            evidence.full_clean()
            evidence.save()
            events.record(
                case=locked,
                kind=EventKind.EVIDENCE_ADDED,
                actor=actor,
                payload={"evidence_kind": kind, "name": inspected.name},
                message=description,
            )
    except BaseException:
        if stored_path is not None:
            uploads.remove(stored_path, root=root)
        raise
    return evidence
