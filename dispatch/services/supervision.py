"""Supervision (督办): a supervisor's instructions on a case, the officer's report back.

A supervisor of the case's office (or one above it) puts an open case under supervision
with instructions and a report-back date; the officers of its open referrals are told.
The officer working the case (or any supervisor) reports back; a supervisor lifts it.
At most one supervision of a case is active (`supervision_one_active_per_case`).

The report-back date is a dated obligation chased by the one chase sweep
(services/chasing/report_backs.py): reminders to the case's officers two working days
before and on the day, then once a day, inside office hours, an escalation to the
supervisor who set it, until the officer reports back or the supervision is lifted.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import Case, EventKind
from complaints.selectors.visibility import case_lock_for
from complaints.validators import required_text
from config import clock
from dispatch.models import OPEN_REFERRAL_STATUSES, Referral, Supervision
from dispatch.services.notifications import notify_staff
from dispatch.services.recipients import case_officers


def works_the_case(*, user, case: Case) -> bool:
    """The officer of an open referral of the case."""
    return Referral.objects.filter(
        case=case, status__in=OPEN_REFERRAL_STATUSES, officer_id=user.pk
    ).exists()


def _locked_active(case: Case) -> Supervision:
    supervision = (
        Supervision.objects.select_for_update()
        .filter(case=case, lifted_at__isnull=True)
        .select_related("created_by")
        .first()
    )
    if supervision is None:
        raise InvalidTransition(_("This case is not under supervision."))
    return supervision


@transaction.atomic
def supervision_start(*, case: Case, actor, instructions: str, report_by: date) -> Supervision:
    """Put an open case under supervision; its officers get the instructions."""
    if not actor.has_role(Role.SUPERVISOR):
        raise ActionNotPermitted(_("Only a supervisor can put a case under supervision."))
    instructions = required_text(
        instructions, field="instructions", message=_("Write the instructions.")
    )
    if report_by is None or report_by <= clock.today():
        raise ValidationError({"report_by": _("The report-back date must be in the future.")})
    locked = case_lock_for(user=actor, case_id=case.pk)
    if not locked.is_open:
        raise InvalidTransition(_("Only an open case can be put under supervision."))
    if Supervision.objects.filter(case=locked, lifted_at__isnull=True).exists():
        raise InvalidTransition(_("This case is already under supervision."))
    return _start(
        case=locked, created_by=actor, actor=actor, instructions=instructions, report_by=report_by
    )


def supervision_open(
    *, case: Case, created_by, instructions: str, report_by: date
) -> Supervision | None:
    """Put a case under supervision by the bureau's own rule, not a person's decision (a
    group wage-arrears case, dispatch/services/group_cases.py): set in the name of
    `created_by` (a supervisor of the city bureau), recorded with no actor. The caller
    holds the case's row lock. None when the case is already under supervision."""
    if Supervision.objects.filter(case=case, lifted_at__isnull=True).exists():
        return None
    return _start(
        case=case, created_by=created_by, actor=None, instructions=instructions, report_by=report_by
    )


def _start(*, case: Case, created_by, actor, instructions: str, report_by: date) -> Supervision:
    """Write the supervision and its timeline entry; tell the case's officers."""
    supervision = Supervision(
        case=case,
        instructions=instructions,
        report_by=report_by,
        created_by=created_by,
        created_at=clock.now(),
    )
    supervision.full_clean()
    supervision.save()
    events.record(
        case=case,
        kind=EventKind.SUPERVISION_STARTED,
        actor=actor,
        payload={"report_by": report_by.isoformat()},
        message=instructions,
    )
    facts = {"ticket": case.ticket, "date": report_by.isoformat()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Under supervision: %(ticket)s, report back by %(date)s") % facts
    notify_staff(
        recipients=case_officers(case),
        key=f"supervision:{supervision.pk}:start",
        subject=subject,
        body=instructions,
        case=case,
    )
    return supervision


@transaction.atomic
def supervision_report(*, case: Case, actor, report: str) -> Supervision:
    """The officer working the case (or a supervisor) reports back; the chase stops."""
    report = required_text(report, field="report", message=_("Write the report."))
    locked = case_lock_for(user=actor, case_id=case.pk)
    if not (actor.has_role(Role.SUPERVISOR) or works_the_case(user=actor, case=locked)):
        raise ActionNotPermitted(_("Only the officer working the case can report back."))
    supervision = _locked_active(locked)
    if supervision.is_reported:
        raise InvalidTransition(_("The report was already made."))
    supervision.report = report
    supervision.reported_at = clock.now()
    supervision.reported_by = actor
    supervision.save(update_fields=["report", "reported_at", "reported_by"])
    events.record(case=locked, kind=EventKind.SUPERVISION_REPORTED, actor=actor, message=report)
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Supervision report: %(ticket)s") % {"ticket": locked.ticket}
    notify_staff(
        recipients=[supervision.created_by],
        key=f"supervision:{supervision.pk}:report",
        subject=subject,
        body=report,
        case=locked,
    )
    return supervision


@transaction.atomic
def supervision_lift(*, case: Case, actor, note: str = "") -> Supervision:
    """A supervisor ends the supervision; nothing more is chased."""
    if not actor.has_role(Role.SUPERVISOR):
        raise ActionNotPermitted(_("Only a supervisor can lift a supervision."))
    locked = case_lock_for(user=actor, case_id=case.pk)
    supervision = _locked_active(locked)
    supervision.lifted_at = clock.now()
    supervision.lifted_by = actor
    supervision.lift_note = (note or "").strip()
    supervision.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
    events.record(
        case=locked, kind=EventKind.SUPERVISION_LIFTED, actor=actor, message=supervision.lift_note
    )
    return supervision
