"""Platform intake without duplicates: one case per channel and platform reference.

The database decides, not a check-then-insert: Case has the partial unique constraint
`case_channel_external_ref_unique` (channel, external_ref where external_ref != ""). When
two identical pushes race, one registration commits and the other fails on that
constraint (IntegrityError at insert, or ValidationError from full_clean when the winner
committed first); the loser then answers with the winner's case.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status

from complaints import services
from complaints.models import Case, Channel
from complaints.selectors.visibility import cases_visible_to_api
from complaints.services.intake import IntakeResult


class ExternalRefTaken(exceptions.APIException):
    """The reference belongs to a case this account may not see (another platform's)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "external_ref_taken"
    default_detail = _("This platform reference is already used by another case.")


def _existing(channel: str, external_ref: str) -> Case | None:
    if not external_ref:
        return None
    return Case.objects.filter(channel=channel, external_ref=external_ref).first()


def case_register_or_find(*, actor, **fields) -> IntakeResult:
    """services.case_register, answering an existing case for a known (channel, reference)."""
    channel = fields.get("channel", Channel.WALK_IN)
    external_ref = (fields.get("external_ref") or "").strip()
    existing = _existing(channel, external_ref)
    if existing is None:
        try:
            return services.case_register(actor=actor, **fields)
        except (IntegrityError, ValidationError):
            existing = _existing(channel, external_ref)
            if existing is None:
                raise
    if not cases_visible_to_api(user=actor).filter(pk=existing.pk).exists():
        raise ExternalRefTaken()
    return IntakeResult(case=existing, created=False)
