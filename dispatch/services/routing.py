"""Routing: decide the responsible office and the desks, create referrals with deadlines.

Idempotent by construction: only a case still marked pending is routed, under its row
lock, and at most one open referral per desk per case is allowed by the database.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import Office
from complaints.models import Case, DeskKind, RoutingState
from complaints.services import case_mark_routed
from config import clock
from dispatch.deadlines import compute_due, policy_get
from dispatch.models import (
    OPEN_REFERRAL_STATUSES,
    Deadline,
    Desk,
    Referral,
    RoutingRule,
)

logger = logging.getLogger(__name__)

# The first statutory step of each desk, started by the referral (DEADLINES.md).
ACCEPT_POLICY = {
    DeskKind.INSPECTION: "inspection.accept",
    DeskKind.ARBITRATION: "arbitration.accept",
    DeskKind.WORK_INJURY: "injury.accept",
    DeskKind.SOCIAL_INSURANCE: "social_insurance.accept",
    DeskKind.LEGAL_AID: "legal_aid.decide",
}


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
            choices.setdefault(kind, DeskChoice(kind, rule, f"rule: {rule.name}"))
    for kind in case.requested_desks:
        choices.setdefault(kind, DeskChoice(kind, None, "requested at intake"))
    if not choices:
        logger.error("no routing rule matched case %s; using inspection", case.pk)
        choices[DeskKind.INSPECTION] = DeskChoice(DeskKind.INSPECTION, None, "built-in default")
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


def least_loaded_officer(desk: Desk):
    """The active member with the fewest open referrals; ties go to the longest-idle one."""
    members = desk.members.filter(is_active=True).annotate(
        open_count=Count("referrals", filter=Q(referrals__status__in=OPEN_REFERRAL_STATUSES)),
        last_assigned=Max("referrals__created_at"),
    )
    epoch = timezone.make_aware(timezone.datetime(2000, 1, 1))
    ranked = sorted(
        members, key=lambda user: (user.open_count, user.last_assigned or epoch, user.pk)
    )
    return ranked[0] if ranked else None


def _refer(case: Case, office: Office, choice: DeskChoice) -> Referral:
    desk, _created = Desk.objects.get_or_create(office=office, kind=choice.kind)
    now = clock.now()
    referral = Referral.objects.create(
        case=case,
        desk=desk,
        officer=least_loaded_officer(desk),
        rule=choice.rule,
        reason=choice.reason[:300],
        created_at=now,
    )
    policy = policy_get(ACCEPT_POLICY[choice.kind])
    start = timezone.localdate(case.registered_at)
    due = compute_due(policy, start)
    Deadline.objects.create(
        referral=referral,
        policy=policy,
        start=start,
        due=due.due,
        provisional=due.provisional,
        created_at=now,
    )
    return referral


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
    choices = desks_for_case(case)
    referrals = [_refer(case, office, choice) for choice in choices]
    case_mark_routed(
        case=case,
        responsible_office=office,
        desks=[choice.kind for choice in choices],
        reasons=[choice.reason for choice in choices],
    )
    return referrals


def route_pending_cases(*, grace: timedelta = timedelta(seconds=30), limit: int = 500) -> int:
    """The outbox sweep: route cases committed but still pending after `grace`."""
    cutoff = clock.now() - grace
    case_ids = list(
        Case.objects.filter(routing_state=RoutingState.PENDING, routing_requested_at__lt=cutoff)
        .order_by("routing_requested_at")
        .values_list("id", flat=True)[:limit]
    )
    routed = 0
    for case_id in case_ids:
        if case_route(case_id=case_id):
            routed += 1
    return routed
