"""Supervision (督办): a supervisor's instructions on a case, the officer's report back.

A supervisor of the case's office (or one above it) puts an open case under supervision
with instructions and a report-back date; the officers of its open referrals are told.
The officer working the case (or any supervisor) reports back; a supervisor lifts it.
At most one supervision of a case is active (`supervision_one_active_per_case`).

The report-back date is chased by the deadline sweep (`chase_supervisions`, called from
`chasing.chase_deadlines`): reminders to the case's officers two working days before and
on the day, then once a day, inside office hours, an escalation to the supervisor who set
it, until the officer reports back or the supervision is lifted. Each step is recorded
under a unique constraint before its keyed messages, so a second sweep sends nothing.
"""

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import OPEN_STATUSES, Case
from complaints.selectors import case_visible_to
from config import clock
from dispatch.calendar import working_days_between
from dispatch.models import (
    OPEN_REFERRAL_STATUSES,
    Referral,
    ReminderKind,
    Supervision,
    SupervisionEscalation,
    SupervisionReminder,
)
from dispatch.services.chasing import REMIND_DAYS_BEFORE, ChaseReport, _lock, _record_once
from dispatch.services.notifications import notify_staff


def _text(value: str, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def case_officers(case: Case) -> list:
    """Who works the case now: the officers of its open referrals, else their desks' members."""
    officers = {}
    referrals = Referral.objects.filter(case=case, status__in=OPEN_REFERRAL_STATUSES)
    for referral in referrals.select_related("officer", "desk").order_by("id"):
        if referral.officer is not None and referral.officer.is_active:
            officers[referral.officer.pk] = referral.officer
        else:
            for member in referral.desk.members.filter(is_active=True).order_by("id"):
                officers[member.pk] = member
    return list(officers.values())


def works_the_case(*, user, case: Case) -> bool:
    """The officer of an open referral of the case."""
    return Referral.objects.filter(
        case=case, status__in=OPEN_REFERRAL_STATUSES, officer_id=user.pk
    ).exists()


def _locked_case(case: Case, actor) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not case_visible_to(user=actor, case=locked):
        raise CaseNotVisible()
    return locked


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
    instructions = _text(instructions, "instructions", _("Write the instructions."))
    if report_by is None or report_by <= clock.today():
        raise ValidationError({"report_by": _("The report-back date must be in the future.")})
    locked = _locked_case(case, actor)
    if not locked.is_open:
        raise InvalidTransition(_("Only an open case can be put under supervision."))
    if Supervision.objects.filter(case=locked, lifted_at__isnull=True).exists():
        raise InvalidTransition(_("This case is already under supervision."))
    supervision = Supervision(
        case=locked,
        instructions=instructions,
        report_by=report_by,
        created_by=actor,
        created_at=clock.now(),
    )
    supervision.full_clean()
    supervision.save()
    events.record(
        case=locked,
        kind="supervision_started",
        actor=actor,
        payload={"report_by": report_by.isoformat()},
        message=instructions,
    )
    facts = {"ticket": locked.ticket, "date": report_by.isoformat()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Under supervision: %(ticket)s, report back by %(date)s") % facts
    notify_staff(
        recipients=case_officers(locked),
        key=f"supervision:{supervision.pk}:start",
        subject=subject,
        body=instructions,
        case=locked,
    )
    return supervision


@transaction.atomic
def supervision_report(*, case: Case, actor, report: str) -> Supervision:
    """The officer working the case (or a supervisor) reports back; the chase stops."""
    report = _text(report, "report", _("Write the report."))
    locked = _locked_case(case, actor)
    if not (actor.has_role(Role.SUPERVISOR) or works_the_case(user=actor, case=locked)):
        raise ActionNotPermitted(_("Only the officer working the case can report back."))
    supervision = _locked_active(locked)
    if supervision.is_reported:
        raise InvalidTransition(_("The report was already made."))
    supervision.report = report
    supervision.reported_at = clock.now()
    supervision.reported_by = actor
    supervision.save(update_fields=["report", "reported_at", "reported_by"])
    events.record(case=locked, kind="supervision_reported", actor=actor, message=report)
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
    locked = _locked_case(case, actor)
    supervision = _locked_active(locked)
    supervision.lifted_at = clock.now()
    supervision.lifted_by = actor
    supervision.lift_note = (note or "").strip()
    supervision.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
    events.record(
        case=locked, kind="supervision_lifted", actor=actor, message=supervision.lift_note
    )
    return supervision


# The chase of report-back dates ---------------------------------------------------------


def _due_for_chase(threshold: date):
    # Matches the partial index (report_by) WHERE lifted_at IS NULL AND reported_at IS NULL.
    return Supervision.objects.filter(
        lifted_at__isnull=True,
        reported_at__isnull=True,
        report_by__lte=threshold,
        case__status__in=OPEN_STATUSES,
    )


def chase_supervisions(
    *, now: datetime, today: date, threshold: date, may_send: bool, report: ChaseReport
) -> None:
    """Remind and escalate unreported supervisions; counted in the sweep's report.

    Messages go out only when the sweep may send (a working day in office hours).
    """
    if not may_send:
        return
    ids = list(_due_for_chase(threshold).order_by("id").values_list("id", flat=True))
    for supervision_id in ids:
        _chase_one(supervision_id, now, today, threshold, report)


@transaction.atomic
def _chase_one(supervision_id: int, now, today: date, threshold: date, report) -> None:
    supervision = (
        _lock(_due_for_chase(threshold).filter(pk=supervision_id))
        .select_related("case", "created_by")
        .first()
    )
    if supervision is None:  # reported, lifted, or another sweeper holds it
        return
    if today > supervision.report_by:
        if _record_once(SupervisionEscalation, supervision=supervision, day=today, created_at=now):
            _escalate(supervision, today)
            report.escalated += 1
        return
    kind = _reminder_kind(supervision.report_by, today)
    if kind is None:
        return
    if _record_once(
        SupervisionReminder,
        supervision=supervision,
        kind=kind,
        due=supervision.report_by,
        sent_at=now,
    ):
        _remind(supervision, kind)
        report.reminded += 1


def _reminder_kind(report_by: date, today: date) -> str | None:
    if today == report_by:
        return ReminderKind.DUE_TODAY
    if today < report_by and working_days_between(today, report_by) <= REMIND_DAYS_BEFORE:
        return ReminderKind.TWO_DAYS_LEFT
    return None


def _remind(supervision: Supervision, kind: str) -> None:
    case = supervision.case
    facts = {"ticket": case.ticket, "date": supervision.report_by.isoformat()}
    with translation.override(settings.LANGUAGE_CODE):
        if kind == ReminderKind.DUE_TODAY:
            subject = gettext("Supervision report due today: %(ticket)s") % facts
        else:
            subject = gettext("Supervision report due %(date)s: %(ticket)s") % facts
    notify_staff(
        recipients=case_officers(case),
        key=f"supervision-reminder:{supervision.pk}:{kind}:{facts['date']}",
        subject=subject,
        body=supervision.instructions,
        case=case,
    )


def _escalation_recipients(supervision: Supervision) -> list:
    """The supervisor who set it; if they left, the supervisors of the case's office."""
    if supervision.created_by.is_active:
        return [supervision.created_by]
    return list(
        get_user_model()
        .objects.filter(
            office_id=supervision.case.responsible_office_id,
            is_active=True,
            groups__name=Role.SUPERVISOR,
        )
        .distinct()
        .order_by("id")
    )


def _escalate(supervision: Supervision, today: date) -> None:
    case = supervision.case
    facts = {"ticket": case.ticket, "date": supervision.report_by.isoformat()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("No supervision report: %(ticket)s was due %(date)s") % facts
    notify_staff(
        recipients=_escalation_recipients(supervision),
        key=f"supervision-escalation:{supervision.pk}:{today.isoformat()}",
        subject=subject,
        body=supervision.instructions,
        case=case,
    )
