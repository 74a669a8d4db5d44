"""What "routed exactly once" means, checked on the database after a fault."""

from collections import Counter

from complaints import services
from complaints.models import Case, CaseEvent, RoutingState
from complaints.services import ComplainantData, EmployerData
from config.broker import publishing_suspended
from dispatch.models import Referral


def register_cases(window, count: int, label: str) -> list[int]:
    """Register `count` cases without publishing anything (the test publishes itself)."""
    ids = []
    with publishing_suspended():
        for number in range(count):
            result = services.case_register(
                actor=window,
                description=f"{label} {number}: 工地拖欠三个月工资",
                employer=EmployerData(name=f"宜昌{label}建筑有限公司{number}"),
                complainants=[ComplainantData(name="张三", phone="13800138000")],
            )
            ids.append(result.case.pk)
    return ids


def routed_count(case_ids=None) -> int:
    cases = Case.objects.filter(routing_state=RoutingState.ROUTED)
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
    return cases.count()


def pending_count() -> int:
    return Case.objects.filter(routing_state=RoutingState.PENDING).count()


def routing_problems(case_ids) -> list[str]:
    """Each case routed, with one "routed" event and one referral per desk it named."""
    problems = []
    routed_events = Counter(
        CaseEvent.objects.filter(case_id__in=case_ids, kind="routed").values_list(
            "case_id", flat=True
        )
    )
    desks_named = {
        event.case_id: len(event.payload["desks"])
        for event in CaseEvent.objects.filter(case_id__in=case_ids, kind="routed")
    }
    referrals = Counter(
        Referral.objects.filter(case_id__in=case_ids).values_list("case_id", flat=True)
    )
    states = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "routing_state"))
    for case_id in case_ids:
        if states.get(case_id) != RoutingState.ROUTED:
            problems.append(f"case {case_id} is {states.get(case_id)}")
        elif routed_events[case_id] != 1:
            problems.append(f"case {case_id} has {routed_events[case_id]} routed events")
        elif referrals[case_id] != desks_named[case_id] or referrals[case_id] == 0:
            problems.append(
                f"case {case_id} has {referrals[case_id]} referrals for "
                f"{desks_named[case_id]} desks"
            )
    return problems
