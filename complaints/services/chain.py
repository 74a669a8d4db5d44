"""A construction case's project and its chain of responsibility (工程建设领域).

Who must pay depends on the chain: the general contractor answers for its subcontractor's
arrears (保障农民工工资支付条例 Art. 30), the construction unit or the general contractor
when work was let to an individual (Art. 36). So the case names its project and its parties
by role: organisations are employer records (found or created as intake does), a team leader
(班组长/包工头) is a person with an optional phone. Who corrects a case's data records them
(`may_edit_dimensions`); one PARTIES_RECORDED event tells what changed (never a phone).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaints import events
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import (
    Case,
    CaseParty,
    EventKind,
    Material,
    MissingMaterial,
    PartyRole,
    Project,
)
from complaints.normalization import fold, normalize_employer_name
from complaints.selectors.visibility import case_lock_for
from complaints.services.dimensions import DIMENSION_ROLES, may_edit_dimensions
from complaints.services.intake import EmployerData, employer_find_or_create
from complaints.validators import NAME_MAX_LENGTH, validate_phone
from config import clock

ORGANISATION_ROLES = (
    PartyRole.CONSTRUCTION_UNIT,
    PartyRole.GENERAL_CONTRACTOR,
    PartyRole.SUBCONTRACTOR,
)
PROJECT_NAME_MAX_LENGTH = 200
EMPLOYER_NAME_MAX_LENGTH = 200


@dataclass
class ProjectData:
    name: str = ""
    location: str = ""
    code: str = ""


@dataclass
class PartyData:
    role: str
    name: str
    credit_code: str = ""  # organisations
    phone: str = ""  # a team leader


@dataclass
class _Wanted:
    """A party as it will be stored: its employer (organisations) or the person's name."""

    role: str
    employer: object = None
    person_name: str = ""
    person_phone: str = ""

    def key(self) -> tuple:
        if self.employer is not None:
            return (self.role, "employer", self.employer.pk)
        return (self.role, "person", fold(self.person_name))


def _key_of(party: CaseParty) -> tuple:
    if party.employer_id:
        return (party.role, "employer", party.employer_id)
    return (party.role, "person", fold(party.person_name))


@transaction.atomic
def case_record_chain(
    *, case: Case, actor, project: ProjectData | None, parties: list[PartyData]
) -> dict:
    """Make the case's project `project` (None or no name: none) and its parties exactly
    `parties`. Returns what changed (empty when nothing did), also recorded as one event.

    Recording a project or a party marks the case as a construction case; with a project
    and a general contractor the PROJECT_PARTIES checklist item counts as collected.
    """
    if not actor.has_role(*DIMENSION_ROLES):
        raise ActionNotPermitted()
    _check_input(project, parties)
    locked = case_lock_for(user=actor, case_id=case.pk)
    if not may_edit_dimensions(case=locked, user=actor):
        raise InvalidTransition(_("Only a supervisor may change the data of an ended case."))
    return _record(locked, actor, project, parties)


@transaction.atomic
def chain_register(
    *, case: Case, actor, project: ProjectData | None, parties: list[PartyData]
) -> dict:
    """The chain sent with a new case (the API's intake): part of its registration, so
    whoever registers it names them (a platform account too)."""
    _check_input(project, parties)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    return _record(locked, actor, project, parties)


def _record(locked: Case, actor, project: ProjectData | None, parties: list[PartyData]) -> dict:
    changes = {}
    new_project = project_find_or_create(project) if project and project.name.strip() else None
    if new_project != locked.project:
        changes["project"] = _project_payload(new_project)
    wanted = [_wanted(data) for data in parties]
    added, removed, phones = _apply_parties(locked, wanted)
    if added:
        changes["added"] = added
    if removed:
        changes["removed"] = removed
    if phones:
        changes["phone_changed"] = phones
    if not changes:
        return {}
    locked.project = new_project
    if new_project is not None or wanted:
        locked.is_construction = True
    locked.save(update_fields=["project", "is_construction"])
    _tick_off_project_parties(locked, actor)
    payload = dict(changes)
    for language in ("en", "zh"):
        with translation.override("zh-hans" if language == "zh" else "en"):
            payload[f"parties_{language}"] = chain_change_sentence(changes)
    events.record(case=locked, kind=EventKind.PARTIES_RECORDED, actor=actor, payload=payload)
    return changes


def _too_long_for_an_employer(name: str) -> bool:
    """The employer record keeps the name and its normal form, each up to 200 characters."""
    name = name.strip()
    return max(len(name), len(normalize_employer_name(name))) > EMPLOYER_NAME_MAX_LENGTH


def _check_input(project: ProjectData | None, parties: list[PartyData]) -> None:
    """Every error at once, before anything is written."""
    errors: dict[str, list] = {}
    if project is not None:
        # Its normal form is kept too, and NFKC can make text longer (U+FDFA: 18 characters).
        name = project.name.strip()
        if max(len(name), len(fold(name))) > PROJECT_NAME_MAX_LENGTH:
            errors.setdefault("project", []).append(_("The project name is too long."))
        if (project.code.strip() or project.location.strip()) and not project.name.strip():
            errors.setdefault("project", []).append(_("Name the project first."))
    for data in parties:
        if data.role not in PartyRole.values:
            errors.setdefault("parties", []).append(_("Choose a role for each party."))
        elif not (data.name.strip() or (data.credit_code.strip() and data.role != "team_leader")):
            errors.setdefault("parties", []).append(_("Name each party."))
        elif data.role != PartyRole.TEAM_LEADER and _too_long_for_an_employer(data.name):
            errors.setdefault("parties", []).append(_("An organisation's name is too long."))
        elif data.role == PartyRole.TEAM_LEADER and len(data.name.strip()) > NAME_MAX_LENGTH:
            errors.setdefault("parties", []).append(_("A team leader's name is too long."))
        elif data.role == PartyRole.TEAM_LEADER and data.phone.strip():
            try:
                validate_phone(data.phone.strip())
            except ValidationError as error:
                errors.setdefault("parties", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)


def project_find_or_create(data: ProjectData) -> Project:
    """By project code when one is given, else by normalised name; fill in blanks on a match."""
    name, code, location = data.name.strip(), data.code.strip(), data.location.strip()
    found = Project.objects.filter(code=code).first() if code else None
    if found is None:
        same_name = Project.objects.filter(normalized_name=fold(name))
        found = (same_name.filter(code__in=["", code]) if code else same_name).first()
    if found is None:
        return Project.objects.create(
            name=name, normalized_name=fold(name), location=location, code=code
        )
    blanks = [field for field, value in (("location", location), ("code", code)) if value]
    blanks = [field for field in blanks if not getattr(found, field)]
    for field in blanks:
        setattr(found, field, location if field == "location" else code)
    if blanks:
        found.save(update_fields=blanks)
    return found


def _wanted(data: PartyData) -> _Wanted:
    if data.role == PartyRole.TEAM_LEADER:
        return _Wanted(
            role=data.role, person_name=data.name.strip(), person_phone=data.phone.strip()
        )
    try:
        employer = employer_find_or_create(
            EmployerData(name=data.name, credit_code=data.credit_code)
        )
    except ValidationError as error:
        raise ValidationError({"parties": error.messages}) from None
    return _Wanted(role=data.role, employer=employer)


def _apply_parties(case: Case, wanted: list[_Wanted]) -> tuple[list, list, list]:
    """Add the new parties, remove the dropped ones, update team leaders' phones."""
    now = {_key_of(party): party for party in case.parties.select_related("employer")}
    wanted_by_key = {item.key(): item for item in wanted}
    added, removed, phones = [], [], []
    for key, party in now.items():
        if key not in wanted_by_key:
            removed.append(_party_payload(party))
            party.delete()
        elif party.person_phone != wanted_by_key[key].person_phone and not party.employer_id:
            party.person_phone = wanted_by_key[key].person_phone
            party.save(update_fields=["person_phone"])
            phones.append(_party_payload(party))
    for key, item in wanted_by_key.items():
        if key not in now:
            party = CaseParty.objects.create(
                case=case,
                role=item.role,
                employer=item.employer,
                person_name=item.person_name,
                person_phone=item.person_phone,
            )
            added.append(_party_payload(party))
    return added, removed, phones


def _party_payload(party: CaseParty) -> dict:
    """What the timeline keeps of a party: role, name, credit code (never a phone)."""
    if party.employer_id:
        employer = party.employer
        return {"role": party.role, "name": employer.name, "credit_code": employer.credit_code}
    return {"role": party.role, "name": party.person_name, "credit_code": ""}


def _project_payload(project: Project | None) -> dict | None:
    if project is None:
        return None
    return {"name": project.name, "location": project.location, "code": project.code}


def _tick_off_project_parties(case: Case, actor) -> None:
    """With a project and a general contractor the PROJECT_PARTIES item is collected."""
    if case.project_id is None:
        return
    if not case.parties.filter(role=PartyRole.GENERAL_CONTRACTOR).exists():
        return
    MissingMaterial.objects.filter(
        case=case, kind=Material.PROJECT_PARTIES, collected_at__isnull=True
    ).update(collected_at=clock.now(), collected_by=actor)


def _role_label(code: str) -> str:
    return str(PartyRole(code).label) if code in PartyRole.values else code


def chain_change_sentence(changes: dict) -> str:
    """The change in the active language, for the timeline (see events.py)."""
    separator = "；" if (translation.get_language() or "").startswith("zh") else "; "
    parts = []
    if "project" in changes:
        project = changes["project"]
        name = project["name"] if project else gettext("none")
        parts.append(gettext("project %(name)s") % {"name": name})
    for key, template in (
        ("added", gettext("added %(role)s %(name)s")),
        ("removed", gettext("removed %(role)s %(name)s")),
        ("phone_changed", gettext("phone of %(role)s %(name)s changed")),
    ):
        for party in changes.get(key, []):
            parts.append(template % {"role": _role_label(party["role"]), "name": party["name"]})
    return separator.join(parts)
