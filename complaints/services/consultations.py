"""Consultations (咨询): answered on the spot, no case, but counted in the statistics."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from complaints.models import Category, Consultation
from complaints.validators import (
    normalize_phone,
    required_text,
    validate_person_name,
    validate_phone,
)
from config import clock


@transaction.atomic
def consultation_log(
    *,
    actor,
    topic: str,
    channel: str,
    category: str = Category.OTHER,
    answer: str = "",
    contact_name: str = "",
    contact_phone: str = "",
) -> Consultation:
    topic = required_text(topic, field="topic", message=_("Say what the consultation was about."))
    if contact_name.strip():
        validate_person_name(contact_name)
    if contact_phone.strip():
        validate_phone(contact_phone)
        contact_phone = normalize_phone(contact_phone)
    consultation = Consultation(
        topic=topic,
        channel=channel,
        category=category,
        answer=answer.strip(),
        answered_by=actor,
        office=actor.office,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone,
        created_at=clock.now(),
    )
    consultation.full_clean()
    consultation.save()
    return consultation
