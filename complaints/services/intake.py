"""Zero-threshold registration (零门槛容缺受理) and joining complainants to a case."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.duty import hotline_around_the_clock, on_duty
from complaints import events
from complaints.exceptions import InvalidTransition
from complaints.handoffs import request_routing_after_commit
from complaints.models import (
    Case,
    Category,
    Channel,
    Complainant,
    DeskKind,
    Employer,
    EventKind,
    IntakeSubmission,
    Material,
    MissingMaterial,
    TicketCounter,
)
from complaints.normalization import normalize_employer_name, normalize_site
from complaints.pii import id_number_digest
from complaints.selectors.employers import employer_match
from complaints.selectors.visibility import is_platform_account
from complaints.services.violations import registration_categories, violations_register
from complaints.validators import (
    normalize_credit_code,
    normalize_national_id,
    normalize_phone,
    validate_amount,
    validate_credit_code,
    validate_description,
    validate_national_id,
    validate_person_name,
    validate_phone,
)
from config import clock


@dataclass
class ComplainantData:
    name: str
    phone: str = ""
    id_number: str = ""
    sex: str = ""
    address: str = ""
    owed_amount: Decimal | None = None
    is_representative: bool = False
    is_migrant_worker: bool = False


@dataclass
class EmployerData:
    name: str = ""
    credit_code: str = ""
    address: str = ""
    legal_representative: str = ""
    phone: str = ""
    # GB/T 4754 section (Industry): set once per employer, never overwritten from intake.
    industry: str = ""


@dataclass
class IntakeResult:
    case: Case
    created: bool
    added: list[Complainant] = field(default_factory=list)


def migrant_worker_default(*, category: str, is_construction: bool) -> bool:
    """Whether a worker at intake starts marked a migrant worker (农民工): wage arrears and
    construction projects are where migrant workers' wages go unpaid, so there the mark
    starts checked and the clerk unchecks the exceptions (one keystroke per worker)."""
    return category == Category.WAGE_ARREARS or bool(is_construction)


def clean_complainant(data: ComplainantData) -> ComplainantData:
    """Validate and normalise one complainant; raise ValidationError keyed by field."""
    errors: dict[str, list] = {}
    for field_name, validator, normalizer in (
        ("name", validate_person_name, str.strip),
        ("phone", validate_phone, normalize_phone),
        ("id_number", validate_national_id, normalize_national_id),
    ):
        value = getattr(data, field_name) or ""
        if field_name != "name" and not value.strip():
            continue
        try:
            validator(value)
        except ValidationError as error:
            errors[field_name] = error.error_list
        else:
            setattr(data, field_name, normalizer(value))
    if data.owed_amount is not None:
        try:
            validate_amount(data.owed_amount)
        except ValidationError as error:
            errors["owed_amount"] = error.error_list
    if errors:
        raise ValidationError(errors)
    return data


def complainant_must_haves(complainants: list[ComplainantData]) -> list[ValidationError]:
    """What is missing of the zero-threshold must-have: one named complainant and a way
    to reach them (a phone number or an address). Nothing at all: the whole rule at once."""
    if not complainants:
        return [
            ValidationError(
                _("Add at least one complainant with a name and a phone number or an address."),
                code="complainant_required",
            )
        ]
    if not any((data.phone or "").strip() or (data.address or "").strip() for data in complainants):
        return [
            ValidationError(
                _("Give at least one way to reach the complainants: a phone number or an address."),
                code="contact_required",
            )
        ]
    return []


def clean_complainants(complainants: list[ComplainantData]) -> list[ComplainantData]:
    """The must-have: at least one named complainant and a way to reach them."""
    missing = complainant_must_haves(complainants)
    if not complainants:
        raise ValidationError(missing)
    problems = []
    for index, data in enumerate(complainants, start=1):
        try:
            clean_complainant(data)
        except ValidationError as error:
            for messages in error.message_dict.values():
                problems.extend(
                    ValidationError(
                        _("Complainant %(number)s: %(problem)s"),
                        code="complainant_invalid",
                        params={"number": index, "problem": message},
                    )
                    for message in messages
                )
    if problems:
        raise ValidationError(problems)
    if missing:
        raise ValidationError(missing)
    return complainants


def _next_ticket(moment: datetime) -> str:
    """Issue the next gap-free ticket number for the year of `moment` (Asia/Shanghai)."""
    prefix, year = settings.TICKET_PREFIX, timezone.localtime(moment).year
    number = _increment_counter(prefix, year)
    if number is None:  # the year's first ticket: create its counter, then count
        TicketCounter.objects.bulk_create(
            [TicketCounter(prefix=prefix, year=year)], ignore_conflicts=True
        )
        number = _increment_counter(prefix, year)
    return TicketCounter.format_ticket(prefix, year, number)


def _increment_counter(prefix: str, year: int) -> int | None:
    """Add one to the year's counter and return it, in one statement (the row stays
    locked until the commit); None when the year has no counter yet."""
    table = connection.ops.quote_name(TicketCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1"  # noqa: S608 - a model's table
            " WHERE prefix = %s AND year = %s RETURNING last_number",
            [prefix, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def employer_find_or_create(data: EmployerData | None) -> Employer | None:
    """Match by credit code, then by normalised name; fill in blanks on a match."""
    if data is None or not (data.name.strip() or data.credit_code.strip()):
        return None
    credit_code = normalize_credit_code(data.credit_code) if data.credit_code.strip() else ""
    if credit_code:
        validate_credit_code(credit_code)
    employer = employer_match(name=data.name, credit_code=credit_code)
    if employer is None:
        employer = Employer(name=data.name.strip() or credit_code, credit_code=credit_code)
    employer.normalized_name = normalize_employer_name(employer.name)
    # Blanks only: a set industry is changed on the employer's page, never by an intake.
    for attribute in ("credit_code", "address", "legal_representative", "phone", "industry"):
        value = credit_code if attribute == "credit_code" else getattr(data, attribute).strip()
        if value and not getattr(employer, attribute):
            setattr(employer, attribute, value)
    if employer.phone:
        validate_phone(employer.phone)
    # Its only constraint concerns credit codes; without one there is nothing to ask.
    employer.full_clean(validate_unique=False, validate_constraints=bool(employer.credit_code))
    employer.save()
    return employer


def _create_complainants(case: Case, complainants: list[ComplainantData]) -> list[Complainant]:
    created = [
        # bulk_create skips save(): the search digest (complaints/pii.py) is set here.
        Complainant(case=case, id_number_digest=id_number_digest(data.id_number), **data.__dict__)
        for data in complainants
    ]
    for complainant in created:
        # Fields only: the case was just saved, the checks are the database's (see _register).
        complainant.full_clean(exclude=["case"], validate_constraints=False)
    return Complainant.objects.bulk_create(created)


def _submission_case(token: uuid.UUID | None) -> Case | None:
    if token is None:
        return None
    submission = IntakeSubmission.objects.select_related("case").filter(token=token).first()
    return submission.case if submission else None


def _check_registration(
    description: str,
    complainants: list[ComplainantData],
    amount_claimed: Decimal | None,
    arrears_from: date | None,
    arrears_to: date | None,
) -> None:
    """What a registration must satisfy before anything is written; ValidationError if not."""
    validate_description(description)
    if amount_claimed is not None:
        validate_amount(amount_claimed)
    clean_complainants(complainants)
    if arrears_from and arrears_to and arrears_from > arrears_to:
        raise ValidationError(
            {"arrears_to": _("The end of the arrears period is before its start.")}
        )


def case_register(
    *,
    actor,
    description: str,
    complainants: list[ComplainantData],
    channel: str = Channel.WALK_IN,
    category: str = Category.WAGE_ARREARS,
    employer: EmployerData | None = None,
    site: str = "",
    contractor: str = "",
    workers_affected: int | None = None,
    amount_claimed: Decimal | None = None,
    arrears_from: date | None = None,
    arrears_to: date | None = None,
    responsible_office=None,
    missing_materials: list[str] | tuple = (),
    external_ref: str = "",
    requested_desks: list[str] | tuple = (),
    token: uuid.UUID | None = None,
    is_construction: bool = False,
    mass_incident_risk: bool = False,
    violations: list[str] | tuple = (),
) -> IntakeResult:
    """Register a complaint as a new case with its ticket number. Only a description and
    one reachable, named complainant are required; everything else may come later. The
    same `token` (one per intake form) returns the first case, also when two race."""
    if (existing := _submission_case(token)) is not None:
        return IntakeResult(case=existing, created=False)
    _check_registration(description, complainants, amount_claimed, arrears_from, arrears_to)
    try:
        return _register(
            actor=actor,
            description=description.strip(),
            complainants=complainants,
            token=token,
            case_fields={
                "channel": channel,
                "category": category,
                "site": site.strip(),
                "contractor": contractor.strip(),
                "workers_affected": workers_affected,
                "amount_claimed": amount_claimed,
                "arrears_from": arrears_from,
                "arrears_to": arrears_to,
                "is_construction": bool(is_construction),
                "mass_incident_risk": bool(mass_incident_risk),
                "external_ref": external_ref.strip(),
                "responsible_office": responsible_office or actor.office,
                "office_fixed": responsible_office is not None,
                "requested_desks": [desk for desk in DeskKind.values if desk in requested_desks],
            },
            employer=employer,
            missing_materials=missing_materials,
            violations=registration_categories(category=category, codes=violations),
        )
    except IntegrityError:
        # A concurrent submission with the same token won the race: answer with its case.
        if (existing := _submission_case(token)) is None:
            raise
        return IntakeResult(case=existing, created=False)


def _materials_wanted(missing_materials, is_construction: bool) -> list[str]:
    """The checklist: a construction case is also to name its project and chain of
    responsibility (complaints/services/chain.py ticks the item off when they are recorded)."""
    return [*missing_materials, *([Material.PROJECT_PARTIES] if is_construction else [])]


_RELATED = ["employer", "first_responder", "registering_office", "responsible_office"]

# A complaint taken by phone (the 12345 hotline).
PHONE_CHANNELS = (Channel.HOTLINE,)
DUTY_RESPONDER_STEP = _(
    "Taken by phone after hours in a peak period: the officer on duty is the first responder"
)


def duty_officer_for(*, actor, channel: str, at: datetime):
    """The officer on duty who becomes a phone complaint's first responder, or None.

    Outside office hours on a day of a peak period with a 24-hour hotline
    (accounts/duty.py), whoever answers the phone hands the case to the officer on duty
    for their office, who answers for it from the first inquiry on. Not for a platform's
    account: it sees only the cases it is first responder of.
    """
    if channel not in PHONE_CHANNELS or is_platform_account(actor):
        return None
    office = actor.office
    if not hotline_around_the_clock(office, at):
        return None
    return next(iter(on_duty(office, at)), None)


@transaction.atomic
def _register(
    *,
    actor,
    description,
    complainants,
    token,
    case_fields,
    employer,
    missing_materials,
    violations=(),
):
    moment = clock.now()
    duty_officer = duty_officer_for(actor=actor, channel=case_fields["channel"], at=moment)
    case = Case(
        # A stand-in until the real number is issued, last (see below).
        ticket=f"~{uuid.uuid4().hex[:20]}",
        description=description,
        employer=employer_find_or_create(employer),
        normalized_site=normalize_site(case_fields["site"]),
        first_responder=duty_officer or actor,
        registering_office=actor.office,
        registered_at=moment,
        routing_requested_at=moment,
        **case_fields,
    )
    # Field validation only: the database enforces the unique and check constraints (Django
    # would ask it once per constraint), and callers turn an IntegrityError into an answer.
    # The related rows come from the database (or were just saved): no look-up per key.
    case.full_clean(exclude=_RELATED, validate_unique=False, validate_constraints=False)
    case.save()
    _create_complainants(case, complainants)
    violations_register(case=case, categories=violations)
    MissingMaterial.objects.bulk_create(
        MissingMaterial(case=case, kind=kind)
        for kind in dict.fromkeys(_materials_wanted(missing_materials, case.is_construction))
    )
    if token is not None:
        IntakeSubmission.objects.create(token=token, case=case)
    # The ticket number is issued last: the year's counter row stays locked from here to
    # the commit, so concurrent registrations queue only for this short tail (the number
    # stays gap-free because a failure before the commit rolls the counter back too).
    case.ticket = _next_ticket(moment)
    Case.objects.filter(pk=case.pk).update(ticket=case.ticket)
    events.registered(case=case, actor=actor, complainant_count=len(complainants))
    if duty_officer is not None:
        events.record(
            case=case,
            kind=EventKind.STEP_RECORDED,
            actor=actor,
            payload=events.in_both_languages("step", DUTY_RESPONDER_STEP),
            message=duty_officer.display_name,
        )
    request_routing_after_commit(case.pk)
    return IntakeResult(case=case, created=True)


def case_add_complainants(
    *,
    case: Case,
    actor,
    complainants: list[ComplainantData],
    token: uuid.UUID | None = None,
    account: str = "",
) -> IntakeResult:
    """Join new complainants to an open case (a group complaint arriving piece by piece).

    `account` is what the newcomers said at the window; it goes on the timeline so
    nothing they told the clerk is lost.
    """
    if _submission_case(token) is not None:
        return IntakeResult(case=case, created=False)
    clean_complainants(complainants)
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            if not locked.is_open:
                raise InvalidTransition(_("Complainants can only be added to an open case."))
            added = _create_complainants(locked, complainants)
            if token is not None:
                IntakeSubmission.objects.create(token=token, case=locked)
            events.complainants_added(
                case=locked, actor=actor, count=len(added), message=account.strip()
            )
    except IntegrityError:
        if _submission_case(token) is None:
            raise
        return IntakeResult(case=case, created=False)
    return IntakeResult(case=locked, created=False, added=added)
