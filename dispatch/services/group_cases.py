"""Group wage-arrears cases (群体性欠薪): declared once, alerted at once, reported upward.

A case is a group case when its workers reach the administrator's threshold
(`GroupCaseSetting.worker_threshold`, 10 by default) or when intake flagged a risk of a mass
incident. Its workers are the larger of the complainants entered and the workers the
complainant declared (`Case.workers_affected`): a bureau counts the workers concerned,
and ten workers represented by two who came to the window are still ten.

The moment a case becomes one (at routing, in the routing transaction; or later, when an
announced event finds it has become one: complainants added, the flag set), in one
transaction under the case's row lock:

- the `GroupCase` row is written (unique per case: a retry, a second worker or a second
  announcement finds it and does nothing);
- the report-upward period opens: a `Deadline` of policy `group.report` (2 hours, counted
  in hours and chased by the hour like every limit in hours) on the case's inspection
  referral (else its first open referral);
- the registering office's heads of the inspection body (its supervisors when it has none),
  the city bureau's supervisors and whoever is on duty for the office (the duty roster,
  accounts/duty.py) get an inbox message and an SMS to their work phone, sent at once
  whatever the hour: not through the chase sweep, never held to office hours;
- the case is put under the city bureau's supervision (督办), unless it is already.

A supervisor or a head of the inspection body records the report upward with a note; that
meets the period and writes a timeline entry.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accounts.duty import on_duty
from accounts.models import Office
from accounts.roles import Role
from accounts.selectors import office_holders, office_supervisors
from complaints import events
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import OPEN_STATUSES, Case, DeskKind, EventKind, RoutingState
from complaints.selectors.visibility import case_lock_for
from complaints.validators import required_text
from config import clock
from dispatch.calendar import add_working_days
from dispatch.models import (
    DEFAULT_WORKER_THRESHOLD,
    OPEN_REFERRAL_STATUSES,
    Deadline,
    DeadlineEnd,
    GroupCase,
    GroupCaseSetting,
    GroupReason,
    Referral,
)
from dispatch.services.deadlines import deadline_open, deadlines_close
from dispatch.services.notifications import SmsText, notify_staff, notify_staff_by_sms
from dispatch.services.supervision import supervision_open
from dispatch.sms.templates import GROUP_CASE_ALERT, TEMPLATE_PARAMS

logger = logging.getLogger(__name__)

REPORT_POLICY = "group.report"
# Who records the report upward: the supervisors and the heads of the inspection body.
REPORT_ROLES = (Role.SUPERVISOR, Role.INSPECTION_HEAD)
# The city bureau's supervision asks for a report back on the handling by the next
# working day.
SUPERVISION_WORKING_DAYS = 1
# The timeline's steps, stored in both languages when they are recorded.
DECLARED_STEP = gettext_noop("Group wage-arrears case: the heads and the city bureau were alerted")
REPORTED_STEP = gettext_noop("Group wage-arrears case reported upward")


def worker_threshold() -> int:
    """The administrator's threshold (the single `GroupCaseSetting` row), else 10."""
    setting = GroupCaseSetting.objects.filter(pk=1).first()
    return setting.worker_threshold if setting else DEFAULT_WORKER_THRESHOLD


def workers_of(case: Case, complainants: int) -> int:
    """The workers a group case is counted by: the larger of the complainants entered and
    the workers declared."""
    return max(complainants, case.workers_affected or 0)


def group_reason(*, case: Case, complainants: int, threshold: int) -> str | None:
    """Why the case is a group case, or None: the intake flag first, then the count."""
    if case.mass_incident_risk:
        return GroupReason.MASS_INCIDENT_RISK
    if workers_of(case, complainants) >= threshold:
        return GroupReason.WORKERS
    return None


def may_report_upward(user) -> bool:
    return user.has_role(*REPORT_ROLES)


@dataclass(frozen=True)
class AlertRecipients:
    heads: list
    city_supervisors: list
    on_duty: list = field(default_factory=list)  # the registering office's officers on duty

    @property
    def everyone(self) -> list:
        people = [*self.heads, *self.city_supervisors, *self.on_duty]
        return list({user.pk: user for user in people}.values())


def city_bureau_of(office: Office) -> Office | None:
    """The city bureau above (or at) the office: the city-level office on its path."""
    ids = [int(part) for part in office.path.strip("/").split("/") if part]
    above = Office.objects.filter(pk__in=ids or [office.pk])
    return (
        above.filter(level=Office.Level.CITY).order_by("path").first()
        or above.order_by("path").first()
    )


def alert_recipients(case: Case) -> AlertRecipients:
    """The registering office's heads of the inspection body (its supervisors when it has
    no active head), the city bureau's supervisors, and whoever is on duty for the
    registering office now (accounts/duty.py: at night in a peak period, the one awake)."""
    office_id = case.registering_office_id
    heads = office_holders(office_id, Role.INSPECTION_HEAD) or office_supervisors(office_id)
    city = city_bureau_of(case.registering_office)
    return AlertRecipients(
        heads,
        office_supervisors(city.pk) if city else [],
        on_duty(case.registering_office, clock.now()),
    )


def group_case_check(*, case_id: int) -> GroupCase | None:
    """Declare the case a group case if it has become one (after an announced event).

    A cheap read first, without a lock (every announcement asks): only a routed, open case
    that qualifies and is not declared yet is locked and declared.
    """
    declared = GroupCase.objects.filter(case=OuterRef("pk"))
    row = (
        Case.objects.filter(pk=case_id, routing_state=RoutingState.ROUTED, status__in=OPEN_STATUSES)
        .annotate(complainant_count=Count("complainants"), declared=Exists(declared))
        .first()
    )
    if row is None or row.declared:
        return None
    threshold = worker_threshold()
    if group_reason(case=row, complainants=row.complainant_count, threshold=threshold) is None:
        return None
    return group_case_declare(case_id=case_id)


@transaction.atomic
def group_case_declare(*, case_id: int) -> GroupCase | None:
    """Lock the case and declare it a group case if it is one and is not yet."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("registering_office", "employer")
        .filter(pk=case_id)
        .first()
    )
    if case is None or not case.is_open or case.routing_state != RoutingState.ROUTED:
        return None
    return group_case_declare_locked(case=case)


def group_case_declare_locked(*, case: Case) -> GroupCase | None:
    """For a case whose row the caller holds locked (routing, `group_case_declare`): the
    new `GroupCase`, or None when it is not a group case or was declared already (then a
    report-upward period a transfer closed is opened again at the new desk)."""
    existing = GroupCase.objects.select_for_update().filter(case=case).first()
    if existing is not None:
        _keep_period_running(existing, case)
        return None
    threshold = worker_threshold()
    complainants = case.complainants.count()
    reason = group_reason(case=case, complainants=complainants, threshold=threshold)
    if reason is None:
        return None
    now = clock.now()
    referral = _report_referral(case)
    group = GroupCase.objects.create(
        case=case,
        reason=reason,
        workers=workers_of(case, complainants),
        threshold=threshold,
        declared_at=now,
        deadline=_open_period(referral, now),
    )
    recipients = alert_recipients(case)
    with translation.override(settings.LANGUAGE_CODE):
        _record_declared(group)
        _alert(group, recipients)
        _supervise(group, recipients.city_supervisors)
    return group


def _report_referral(case: Case) -> Referral | None:
    """The referral the period is kept on: the open inspection referral, else the first."""
    referrals = (
        Referral.objects.filter(case=case, status__in=OPEN_REFERRAL_STATUSES)
        .select_related("desk")
        .order_by("id")
    )
    return min(referrals, key=lambda r: (r.desk.kind != DeskKind.INSPECTION, r.pk), default=None)


def _open_period(referral: Referral | None, start_at) -> Deadline | None:
    if referral is None:
        logger.warning("group case without an open referral: no report-upward period kept")
        return None
    return deadline_open(referral=referral, policy_code=REPORT_POLICY, start_at=start_at)


def _keep_period_running(group: GroupCase, case: Case) -> None:
    """A transfer closed the period with the referral it was on: open it again, due at the
    same moment, on the referral now working the case."""
    deadline = group.deadline
    if group.is_reported or (deadline is not None and deadline.is_open):
        return
    if deadline is not None and deadline.closed_reason not in (
        DeadlineEnd.TRANSFERRED,
        DeadlineEnd.RETURNED,
    ):
        return
    reopened = _open_period(_report_referral(case), group.declared_at)
    if reopened is not None:
        group.deadline = reopened
        group.save(update_fields=["deadline"])


def _facts(group: GroupCase) -> dict:
    case = group.case
    deadline = group.deadline
    registered = timezone.localtime(case.registered_at, timezone.get_default_timezone())
    return {
        "ticket": case.ticket,
        "workers": group.workers,
        "employer": case.employer.name if case.employer else gettext("employer to be traced"),
        "office": case.registering_office.name,
        "registered": registered.strftime("%Y-%m-%d %H:%M"),
        "reason": GroupReason(group.reason).label,
        "due": deadline.due_display if deadline is not None else "—",
    }


def _step(text_en: str) -> dict:
    """A timeline step in both languages (complaints/events.py reads `step_en`/`step_zh`)."""
    names = {}
    for language, key in (("en", "step_en"), ("zh-hans", "step_zh")):
        with translation.override(language):
            names[key] = gettext(text_en)
    return names


def _record_declared(group: GroupCase) -> None:
    facts = _facts(group)
    step = _step(DECLARED_STEP)
    events.record(
        case=group.case,
        kind=EventKind.STEP_RECORDED,
        actor=None,
        payload={**step, "group_case": group.reason, "workers": group.workers},
        message=gettext("%(workers)s workers (%(reason)s); report upward by %(due)s.") % facts,
    )


def _alert(group: GroupCase, recipients: AlertRecipients) -> None:
    """Inbox (and e-mail) and SMS at once, keyed by the case: never sent twice."""
    facts = _facts(group)
    key = f"group-case:{group.case_id}"
    subject = gettext("Group wage-arrears case: %(ticket)s, %(workers)s workers") % facts
    body = (
        gettext(
            "Case %(ticket)s, registered at %(office)s on %(registered)s against %(employer)s, "
            "is a group wage-arrears case (%(reason)s, %(workers)s workers). Report it upward "
            "by %(due)s and record the report on the case page."
        )
        % facts
    )
    text = (
        gettext(
            "Group wage-arrears case %(ticket)s: %(workers)s workers, %(employer)s. Report "
            "upward by %(due)s."
        )
        % facts
    )
    everyone = recipients.everyone
    if not everyone:
        logger.error("group case %s: nobody to alert (no head, no city supervisor)", group.pk)
    notify_staff(recipients=everyone, key=key, subject=subject, body=body, case=group.case)
    params = {name: facts[name] for name in TEMPLATE_PARAMS[GROUP_CASE_ALERT]}
    sms = SmsText(text=text, template=GROUP_CASE_ALERT, params=params)
    notify_staff_by_sms(recipients=everyone, key=key, sms=sms, case=group.case)


def _supervise(group: GroupCase, city_supervisors: list) -> None:
    """Under the city bureau's supervision, set in its name (its first supervisor)."""
    if not city_supervisors:
        logger.warning("group case %s: no city supervisor to set the supervision", group.pk)
        return
    report_by = add_working_days(clock.today(), SUPERVISION_WORKING_DAYS).due
    instructions = gettext(
        "Group wage-arrears case (%(workers)s workers): report it upward at once, keep the "
        "workers informed, and report back on the handling."
    ) % _facts(group)
    supervision_open(
        case=group.case,
        created_by=city_supervisors[0],
        instructions=instructions,
        report_by=report_by,
    )


@transaction.atomic
def group_case_report_upward(*, case: Case, actor, note: str) -> GroupCase:
    """A supervisor or head of the inspection body records the report upward: the period
    is met and the timeline says who reported, when and how."""
    note = required_text(note, field="note", message=_("Say to whom and how it was reported."))
    if not may_report_upward(actor):
        raise ActionNotPermitted(
            _("Only a supervisor or the head of the inspection body records the report upward.")
        )
    locked = case_lock_for(user=actor, case_id=case.pk)
    group = (
        GroupCase.objects.select_for_update(of=("self",))
        .select_related("deadline")
        .filter(case=locked)
        .first()
    )
    if group is None:
        raise InvalidTransition(_("This case is not a group case."))
    if group.is_reported:
        raise InvalidTransition(_("The report upward was already recorded."))
    group.reported_at = clock.now()
    group.reported_by = actor
    group.report_note = note
    group.save(update_fields=["reported_at", "reported_by", "report_note"])
    deadline = group.deadline
    if deadline is not None and deadline.is_open:
        referral = Referral.objects.get(pk=deadline.referral_id)
        deadlines_close(referral=referral, reason=DeadlineEnd.MET, deadline_id=deadline.pk)
    events.record(
        case=locked,
        kind=EventKind.STEP_RECORDED,
        actor=actor,
        payload={**_step(REPORTED_STEP), "group_case": "reported"},
        message=note,
    )
    return group
