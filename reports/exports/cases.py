"""The columns of a case-list export, with personal data masked by role."""

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import capfirst

from complaints.masking import mask_id_number, mask_phone
from complaints.models import Case, Complainant

SEPARATOR = "；"


def _label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def headers() -> list[str]:
    """Column headers in the active language (the model fields' own translated names)."""
    case_fields = [
        "ticket",
        "registered_at",
        "status",
        "channel",
        "category",
        "employer",
        "site",
        "responsible_office",
        "registering_office",
        "closed_at",
    ]
    people = ["name", "phone", "id_number", "owed_amount", "recovered_amount"]
    return [_label(Case, name) for name in case_fields] + [
        _label(Complainant, name) for name in people
    ]


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def rows(cases: QuerySet[Case], *, unmasked: bool) -> Iterator[list]:
    """One row per case; its complainants' names, phones and ID numbers joined by "；"."""
    show_phone = (lambda value: value) if unmasked else mask_phone
    show_id = (lambda value: value) if unmasked else mask_id_number
    cases = cases.select_related("registering_office").prefetch_related(
        Prefetch("complainants", queryset=Complainant.objects.order_by("id"))
    )
    for case in cases.iterator(chunk_size=1000):
        people = list(case.complainants.all())
        yield [
            case.ticket,
            _when(case.registered_at),
            case.get_status_display(),
            case.get_channel_display(),
            case.get_category_display(),
            case.employer.name if case.employer else "",
            case.site,
            case.responsible_office.name,
            case.registering_office.name,
            _when(case.closed_at),
            SEPARATOR.join(person.name for person in people),
            SEPARATOR.join(show_phone(person.phone) for person in people),
            SEPARATOR.join(show_id(person.id_number) for person in people),
            sum((person.owed_amount or 0) for person in people),
            sum((person.recovered_amount for person in people), start=0),
        ]
