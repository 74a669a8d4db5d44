"""Notes and the missing-materials checklist: timeline entries without a status change."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from complaints import events
from complaints.exceptions import CaseNotVisible, InvalidTransition
from complaints.models import Case, MissingMaterial
from complaints.selectors.visibility import case_lock_for, case_visible_to
from complaints.validators import required_text
from config import clock

NOTE_MAX_LENGTH = 4000


@transaction.atomic
def case_add_note(*, case: Case, actor, text: str):
    text = required_text(text, field="text", message=_("Write the note first."))
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"text": _("A note can be at most %(limit)s characters.") % {"limit": NOTE_MAX_LENGTH}}
        )
    locked = case_lock_for(user=actor, case_id=case.pk)
    return events.note_added(case=locked, actor=actor, text=text)


@transaction.atomic
def material_mark_collected(*, material: MissingMaterial, actor) -> MissingMaterial:
    locked = MissingMaterial.objects.select_for_update().select_related("case").get(pk=material.pk)
    if not case_visible_to(user=actor, case=locked.case):
        raise CaseNotVisible()
    if locked.collected_at is not None:
        raise InvalidTransition(_("This material was already ticked off."))
    locked.collected_at = clock.now()
    locked.collected_by = actor
    locked.save(update_fields=["collected_at", "collected_by"])
    events.material_collected(case=locked.case, actor=actor, material=locked.kind)
    return locked
