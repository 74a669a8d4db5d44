"""The wage-arrears dimensions a labor bureau reports by, corrected after intake.

A case's construction-project and mass-incident-risk flags, each worker's migrant-worker
mark (农民工), and the employer's industry (GB/T 4754-2017 sections). Intake captures them
(complaints/services/intake.py); these functions change them later.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import Case, Complainant, Employer, EventKind, Industry
from complaints.selectors.visibility import case_lock_for

logger = logging.getLogger(__name__)

# Who registers and handles a case corrects its data; supervisors also after it ended.
DIMENSION_ROLES = (Role.WINDOW, Role.INSPECTOR, Role.SUPERVISOR)
# The first industry is set by whoever meets the employer; a set one is changed only by a
# supervisor (or an administrator): the statistics already count the employer under it.
INDUSTRY_SETTERS = (Role.WINDOW, Role.INSPECTOR, Role.SUPERVISOR, Role.ADMINISTRATOR)
INDUSTRY_CHANGERS = (Role.SUPERVISOR, Role.ADMINISTRATOR)
CASE_FLAGS = ("is_construction", "mass_incident_risk")


def may_edit_dimensions(*, case: Case, user) -> bool:
    """Whether the case page offers `user` the form (the service checks again)."""
    if not user.has_role(*DIMENSION_ROLES):
        return False
    return case.is_open or user.has_role(Role.SUPERVISOR)


def may_set_industry(*, employer: Employer, user) -> bool:
    """Whether the employer page offers `user` the industry (the service checks again)."""
    return user.has_role(*(INDUSTRY_CHANGERS if employer.industry else INDUSTRY_SETTERS))


@transaction.atomic
def case_set_dimensions(
    *,
    case: Case,
    actor,
    is_construction: bool,
    mass_incident_risk: bool,
    migrant_worker_ids: set[int] | frozenset[int],
) -> list[dict]:
    """Set the case's two flags and mark exactly the workers in `migrant_worker_ids`.

    Returns what changed, also recorded on the timeline as one event (nothing when nothing
    changed). Refused for a role other than DIMENSION_ROLES, and on an ended case unless
    the actor is a supervisor.
    """
    if not actor.has_role(*DIMENSION_ROLES):
        raise ActionNotPermitted()
    locked = case_lock_for(user=actor, case_id=case.pk)
    if not may_edit_dimensions(case=locked, user=actor):
        raise InvalidTransition(_("Only a supervisor may change the data of an ended case."))
    workers = list(Complainant.objects.filter(case=locked).order_by("id"))
    unknown = set(migrant_worker_ids) - {worker.pk for worker in workers}
    if unknown:
        raise ValidationError(_("A marked worker is not a complainant of this case."))
    changes = _flag_changes(
        locked, {"is_construction": is_construction, "mass_incident_risk": mass_incident_risk}
    )
    changed_workers = [
        worker
        for worker in workers
        if worker.is_migrant_worker != (worker.pk in migrant_worker_ids)
    ]
    for worker in changed_workers:
        worker.is_migrant_worker = worker.pk in migrant_worker_ids
        changes.append(
            {"field": "is_migrant_worker", "name": worker.name, "value": worker.is_migrant_worker}
        )
    if not changes:
        return []
    locked.save(update_fields=CASE_FLAGS)
    Complainant.objects.bulk_update(changed_workers, ["is_migrant_worker"])
    events.record(case=locked, kind=EventKind.NOTE, actor=actor, payload={"dimensions": changes})
    return changes


def _flag_changes(case: Case, wanted: dict[str, bool]) -> list[dict]:
    changes = []
    for name, value in wanted.items():
        if getattr(case, name) != bool(value):
            setattr(case, name, bool(value))
            changes.append({"field": name, "value": bool(value)})
    return changes


@transaction.atomic
def employer_set_industry(*, employer: Employer, actor, industry: str) -> Employer:
    """Set the employer's industry once; a set industry is changed only by a supervisor or
    an administrator (INDUSTRY_CHANGERS). Its cases' statistics follow the employer."""
    if industry not in Industry.values:
        raise ValidationError({"industry": _("Choose the employer's industry.")})
    locked = Employer.objects.select_for_update().get(pk=employer.pk)
    if not may_set_industry(employer=locked, user=actor):
        if locked.industry:
            raise ActionNotPermitted(
                _("The industry is set already; only a supervisor may change it.")
            )
        raise ActionNotPermitted()
    if locked.industry == industry:
        return locked
    previous, locked.industry = locked.industry, industry
    locked.save(update_fields=["industry"])
    # The employer has no timeline of its own: the log keeps who changed what.
    logger.info("Employer %s industry %r -> %r by user %s", locked.pk, previous, industry, actor.pk)
    return locked
