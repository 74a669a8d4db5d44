"""The columns of a case-list export, with personal data masked by role."""

from collections.abc import Iterator
from datetime import datetime

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from complaints.masking import mask_id_number, mask_phone
from complaints.models import (
    AdvancePayment,
    AdvanceRecovery,
    Case,
    CaseViolation,
    Category,
    Channel,
    Complainant,
    Employer,
    Industry,
    Status,
)

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
    dimensions = [
        _label(Case, "is_construction"),
        _label(Case, "mass_incident_risk"),
        gettext("Migrant workers"),
        gettext("Industry code"),
        _label(Employer, "industry"),
    ]
    return (
        [_label(Case, name) for name in case_fields]
        + [_label(Complainant, name) for name in people]
        + [gettext("Advanced"), gettext("Advance recovered")]
        + [gettext("Violations (found ones marked)")]
        + dimensions
    )


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# What a row is made of: columns read as values, not model instances (an export of
# 100,000 cases builds no Case objects), in the list's own order.
_CASE_COLUMNS = (
    "id",
    "ticket",
    "registered_at",
    "status",
    "channel",
    "category",
    "employer__name",
    "site",
    "responsible_office__name",
    "registering_office__name",
    "closed_at",
    "is_construction",
    "mass_incident_risk",
    "employer__industry",
)
_PEOPLE_COLUMNS = (
    "case_id",
    "name",
    "phone",
    "id_number",
    "owed_amount",
    "recovered_amount",
    "is_migrant_worker",
)
CHUNK = 2000


def rows(cases: QuerySet[Case], *, unmasked: bool) -> Iterator[list]:
    """One row per case; its complainants' names, phones and ID numbers joined by "；"; its
    violation categories (found ones marked); then the wage-arrears dimensions:
    construction, mass-incident risk, the number of migrant workers, the employer's
    industry as its GB/T 4754 letter and its name."""
    show_phone = (lambda value: value) if unmasked else mask_phone
    show_id = (lambda value: value) if unmasked else mask_id_number
    labels = {field: _labels(choices) for field, choices in _CHOICES.items()}
    yes_no = {True: gettext("Yes"), False: gettext("No")}
    for chunk in _chunks(cases.values_list(*_CASE_COLUMNS).iterator(chunk_size=CHUNK)):
        people = _people_of([line[0] for line in chunk])
        violations = _violations_of([line[0] for line in chunk])
        advanced = _advances_of([line[0] for line in chunk])
        for _id, ticket, registered, status, channel, category, *rest in chunk:
            employer, site, responsible, registering, closed, *dimensions = rest
            construction, risk, industry = dimensions
            persons = people.get(_id, [])
            yield [
                ticket,
                _when(registered),
                labels["status"].get(status, status),
                labels["channel"].get(channel, channel),
                labels["category"].get(category, category),
                employer or "",
                site,
                responsible,
                registering,
                _when(closed),
                SEPARATOR.join(person[1] for person in persons),
                SEPARATOR.join(show_phone(person[2]) for person in persons),
                SEPARATOR.join(show_id(person[3]) for person in persons),
                sum((person[4] or 0) for person in persons),
                sum((person[5] for person in persons), start=0),
                *advanced.get(_id, (0, 0)),
                SEPARATOR.join(violations.get(_id, [])),
                yes_no[construction],
                yes_no[risk],
                sum(1 for person in persons if person[6]),
                industry or "",
                labels["industry"].get(industry, ""),
            ]


_CHOICES = {
    "status": Status.choices,
    "channel": Channel.choices,
    "category": Category.choices,
    "industry": Industry.choices,
}


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _chunks(lines: Iterator[tuple]) -> Iterator[list[tuple]]:
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _violations_of(case_ids: list[int]) -> dict[int, list[str]]:
    """Each case's violation categories in the active language, a found one (查实) marked."""
    chinese = (get_language() or "").startswith("zh")
    found_mark = gettext("%(name)s (found)")
    named: dict[int, list[str]] = {}
    lines = (
        CaseViolation.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "category__ordering", "category__code")
        .values_list("case_id", "category__name_en", "category__name_zh", "found")
    )
    for case_id, name_en, name_zh, found in lines:
        name = name_zh if chinese else name_en
        named.setdefault(case_id, []).append(found_mark % {"name": name} if found else name)
    return named


def _advances_of(case_ids: list[int]) -> dict[int, tuple]:
    """Each case's advances (先行垫付) and what was recovered of them: never wages recovered."""
    totals: dict[int, list] = {}
    advanced = (
        AdvancePayment.objects.filter(complainant__case_id__in=case_ids)
        .values_list("complainant__case_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for case_id, total in advanced:
        totals.setdefault(case_id, [0, 0])[0] = total
    recovered = (
        AdvanceRecovery.objects.filter(case_id__in=case_ids)
        .values_list("case_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for case_id, total in recovered:
        totals.setdefault(case_id, [0, 0])[1] = total
    return {case_id: tuple(pair) for case_id, pair in totals.items()}


def _people_of(case_ids: list[int]) -> dict[int, list[tuple]]:
    people: dict[int, list[tuple]] = {}
    complainants = (
        Complainant.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "id")
        .values_list(*_PEOPLE_COLUMNS)
    )
    for person in complainants:
        people.setdefault(person[0], []).append(person)
    return people
