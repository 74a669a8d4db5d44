"""Routing: decide the responsible office and the desks, create referrals with deadlines.

Idempotent by construction: only a case still marked pending is routed, under its row
lock, and at most one open referral per desk per case is allowed by the database.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.models import Office
from accounts.selectors import office_supervisors
from complaints.models import Case, DeskKind, RoutingState
from complaints.services import case_mark_routed, case_routing_failed
from config import clock
from dispatch.models import (
    OPEN_REFERRAL_STATUSES,
    DeadlineEnd,
    Desk,
    Referral,
    ReferralStatus,
    RoutingRule,
)
from dispatch.services.assignment import least_loaded_officer
from dispatch.services.deadlines import deadlines_close, first_clock_open
from dispatch.services.group_cases import group_case_declare_locked
from dispatch.services.notifications import notify_staff

logger = logging.getLogger(__name__)

TRANSFERRED_FROM = "transfer-from:"  # the reason of a referral a transfer handed over


@dataclass(frozen=True)
class DeskChoice:
    kind: str
    rule: RoutingRule | None
    reason: str


def rule_matches(rule: RoutingRule, case: Case) -> bool:
    if rule.category and rule.category != case.category:
        return False
    if rule.channel and rule.channel != case.channel:
        return False
    keywords = rule.keyword_list
    return not keywords or any(word in case.description for word in keywords)


def desks_for_case(case: Case) -> list[DeskChoice]:
    """The desks a case goes to: matching rules, else the default rule, plus intake's picks."""
    rules = list(RoutingRule.objects.filter(is_active=True).order_by("priority", "id"))
    matched = [rule for rule in rules if not rule.is_default and rule_matches(rule, case)]
    if not matched:
        matched = [rule for rule in rules if rule.is_default and rule_matches(rule, case)]
    choices: dict[str, DeskChoice] = {}
    for rule in matched:
        for kind in rule.desks:
            if kind not in DeskKind.values:
                logger.error("routing rule %s names an unknown desk %r", rule.pk, kind)
                continue
            choices.setdefault(kind, DeskChoice(kind, rule, f"rule:{rule.name}"))
    for kind in case.requested_desks:
        choices.setdefault(kind, DeskChoice(kind, None, "intake"))
    if not choices:
        logger.error("no routing rule matched case %s; using inspection", case.pk)
        choices[DeskKind.INSPECTION] = DeskChoice(DeskKind.INSPECTION, None, "default")
    return list(choices.values())


def office_for_case(case: Case) -> Office:
    """By the employer's district: an office whose area keywords appear in the address."""
    if case.office_fixed:
        return case.responsible_office
    places = " ".join(filter(None, [case.employer.address if case.employer else "", case.site]))
    if places:
        for office in Office.objects.exclude(area_keywords="").order_by("-level", "path"):
            if any(word in places for word in office.area_keyword_list):
                return office
    return case.responsible_office


def _refer(case: Case, office: Office, choice: DeskChoice) -> Referral:
    desk, _created = Desk.objects.get_or_create(office=office, kind=choice.kind)
    referral = Referral.objects.create(
        case=case,
        desk=desk,
        officer=least_loaded_officer(desk),
        rule=choice.rule,
        reason=choice.reason[:300],
        created_at=clock.now(),
    )
    _start_clock(case, referral, choice)
    if referral.officer is not None:
        notify_staff(
            recipients=[referral.officer],
            key=f"assigned:{referral.pk}:{referral.officer.pk}",
            case=case,
            subject=str(
                _("%(ticket)s was referred to you (%(desk)s)")
                % {"ticket": case.ticket, "desk": desk.get_kind_display()}
            ),
            body=case.description[:500],
        )
    return referral


def _start_clock(case: Case, referral: Referral, choice: DeskChoice) -> None:
    """The referral's first clock; a case transferred in counts as received by the new
    office on the day of the transfer."""
    received = clock.now() if choice.reason.startswith(TRANSFERRED_FROM) else case.registered_at
    first_clock_open(referral=referral, received_on=timezone.localdate(received))


def _hand_over(case: Case, office: Office) -> list[DeskChoice]:
    """Return the other offices' open referrals; the same desks at `office` take over,
    unless that desk already works the case there (referred by hand after the transfer)."""
    choices = []
    open_referrals = case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES)
    working_here = set(
        open_referrals.filter(desk__office=office).values_list("desk__kind", flat=True)
    )
    moved = open_referrals.exclude(desk__office=office)
    for referral in moved.select_related("desk", "desk__office", "rule"):
        deadlines_close(referral=referral, reason=DeadlineEnd.TRANSFERRED)
        referral.status = ReferralStatus.RETURNED
        referral.return_reason = f"transfer-to:{office.name}"
        referral.closed_at = clock.now()
        referral.save(update_fields=["status", "return_reason", "closed_at"])
        if referral.desk.kind not in working_here:
            reason = f"{TRANSFERRED_FROM}{referral.desk.office.name}"
            choices.append(DeskChoice(referral.desk.kind, referral.rule, reason))
    return choices


@transaction.atomic
def case_route(*, case_id: int) -> list[Referral]:
    """Route one case if it is still pending; return the referrals created (or none)."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("employer", "responsible_office")
        .filter(pk=case_id)
        .first()
    )
    if case is None or case.routing_state != RoutingState.PENDING:
        return []
    if not case.is_open:
        # Ended before it was routed (e.g. withdrawn at once): nothing left to refer.
        case_mark_routed(
            case=case, responsible_office=case.responsible_office, desks=[], reasons=[]
        )
        return []
    office = office_for_case(case)
    if case.referrals.exists():  # routed before: a transfer moves the open referrals
        choices = _hand_over(case, office)
    else:
        choices = desks_for_case(case)
    referrals = [_refer(case, office, choice) for choice in choices]
    case_mark_routed(
        case=case,
        responsible_office=office,
        desks=[choice.kind for choice in choices],
        reasons=[choice.reason for choice in choices],
    )
    # A group wage-arrears case is alerted the moment it is routed, in this transaction.
    group_case_declare_locked(case=case)
    return referrals


@transaction.atomic
def case_routing_attempt_failed(*, case_id: int, error: str) -> bool:
    """Count one failed routing attempt on the case (complaints writes it); at
    ROUTING_MAX_ATTEMPTS the case shows "dispatch failed" and its office's supervisors are
    alerted. True when no further attempt is owed."""
    failure = case_routing_failed(case_id=case_id, error=error)
    case = failure.case
    if case is None:
        return True
    logger.error("routing case %s failed (attempt %s): %s", case_id, case.routing_attempts, error)
    if failure.event is not None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = gettext("Dispatch failed: %(ticket)s was not routed to any desk") % {
                "ticket": case.ticket
            }
        notify_staff(
            recipients=office_supervisors(case.responsible_office_id),
            key=f"routing-failed:{case.pk}:{failure.event.pk}",
            case=case,
            subject=subject,
            body=case.description[:500],
        )
    return failure.gave_up


# One sweep routes batch after batch for up to this long (under the task's 60 s soft time
# limit and beat's 60 s period), so a backlog left by a broker outage drains in one sweep
# instead of one batch a minute.
SWEEP_SECONDS = 40.0


def route_pending_cases(
    *, grace: timedelta | None = None, limit: int = 500, seconds: float = SWEEP_SECONDS
) -> int:
    """The outbox sweep: route cases committed but still pending after `grace`
    (settings.ROUTING_SWEEP_GRACE_SECONDS unless given), oldest first, in batches of
    `limit` for up to `seconds`. Each case is tried once per sweep: one that fails waits
    for the next sweep (its retries are counted, see case_routing_attempt_failed)."""
    if grace is None:
        grace = timedelta(seconds=settings.ROUTING_SWEEP_GRACE_SECONDS)
    cutoff = clock.now() - grace
    stop_at = time.monotonic() + seconds
    routed, after = 0, None
    while True:
        batch = _pending_batch(cutoff, after, limit)
        for requested_at, case_id in batch:
            routed += _route_one(case_id)
            after = (requested_at, case_id)
        if len(batch) < limit or time.monotonic() >= stop_at:
            return routed


def _pending_batch(cutoff, after: tuple | None, limit: int) -> list[tuple]:
    """The next pending cases in (routing_requested_at, id) order, after `after`."""
    pending = Case.objects.filter(
        routing_state=RoutingState.PENDING, routing_requested_at__lt=cutoff
    )
    if after is not None:
        moment, case_id = after
        pending = pending.filter(
            Q(routing_requested_at__gt=moment) | Q(routing_requested_at=moment, id__gt=case_id)
        )
    return list(
        pending.order_by("routing_requested_at", "id").values_list("routing_requested_at", "id")[
            :limit
        ]
    )


def _route_one(case_id: int) -> int:
    """1 if the case got its referrals now, else 0 (routed already, or failed)."""
    try:
        referrals = case_route(case_id=case_id)
    except OperationalError:
        raise  # the database itself: the task retries the whole sweep
    except Exception as error:  # noqa: BLE001 - one poison case must not stop the sweep
        case_routing_attempt_failed(case_id=case_id, error=repr(error))
        return 0
    return 1 if referrals else 0
