"""complaints' case lists filtered by dispatch's data: desks, referrals, deadlines.

complaints may not import dispatch, so these are registered with complaints when dispatch
starts (`register_case_filters`, called by `DispatchConfig.ready`); the case list page
(complaints/selectors/lists.py) and the API's FilterSet (complaints/api/filters.py) apply
them by key.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from complaints.models import OPEN_STATUSES, Case
from complaints.selectors.lists import register_case_filter, register_case_list_column
from complaints.selectors.predicates import office_tree
from dispatch.models import OPEN_REFERRAL_STATUSES, Deadline, Referral, ReferralStatus
from dispatch.selectors.cases import (
    case_overdue_now,
    case_under_supervision,
    case_was_late,
    late_deadline,
    overdue_deadline_now,
)

# The drill-down filters a single referral of the case must match together (desk figures).
REFERRAL_FILTERS = (
    "desk",
    "officer",
    "work",
    "work_from",
    "work_to",
    "work_late",
    "referred_from",
    "referred_to",
)


def referral_condition(filters: dict) -> Q:
    """One referral of the case must match every given referral filter (desk figures)."""
    condition = Q()
    if filters.get("scope"):
        condition &= Q(desk__office__in=office_tree(filters["scope"]).values("id"))
    if filters.get("desk"):
        condition &= Q(desk__kind=filters["desk"])
    if filters.get("officer"):
        condition &= Q(officer=filters["officer"])
    work = filters.get("work")
    if work in ("open", "overdue"):
        condition &= Q(status__in=OPEN_REFERRAL_STATUSES)
    if work == "overdue":
        overdue = Deadline.objects.filter(overdue_deadline_now(), referral=OuterRef("pk"))
        condition &= Exists(overdue)
    if work == "done" or filters.get("work_from") or filters.get("work_to"):
        condition &= Q(status=ReferralStatus.DONE)
    if filters.get("work_from"):
        condition &= Q(closed_at__date__gte=filters["work_from"])
    if filters.get("work_to"):
        condition &= Q(closed_at__date__lte=filters["work_to"])
    if filters.get("referred_from"):
        condition &= Q(created_at__date__gte=filters["referred_from"])
    if filters.get("referred_to"):
        condition &= Q(created_at__date__lte=filters["referred_to"])
    if filters.get("work_late") in ("0", "1"):
        late = Exists(Deadline.objects.filter(late_deadline(), referral=OuterRef("pk")))
        condition &= late if filters["work_late"] == "1" else ~late
    return condition


def with_referral(cases: QuerySet[Case], filters: dict) -> QuerySet[Case]:
    """Cases with one referral matching every referral filter given (none given: all)."""
    if not any(filters.get(name) for name in REFERRAL_FILTERS):
        return cases
    matching = Referral.objects.filter(referral_condition(filters), case=OuterRef("pk"))
    return cases.filter(Exists(matching))


def overdue_now(cases: QuerySet[Case], value: bool) -> QuerySet[Case]:
    """Open cases with a deadline marked overdue and still open."""
    return cases.filter(case_overdue_now(), status__in=OPEN_STATUSES) if value else cases


def by_timeliness(cases: QuerySet[Case], value: str) -> QuerySet[Case]:
    """By "late" (a deadline of the case was missed) or "on_time" (none was)."""
    if value == "late":
        return cases.filter(case_was_late())
    if value == "on_time":
        return cases.filter(~case_was_late())
    return cases


# The API's filters keep their own form: sub-queries instead of joins, since the list
# counts complainants per case and a join to referrals or deadlines would multiply rows.
def referred_to_desk(cases: QuerySet[Case], kind: str) -> QuerySet[Case]:
    return cases.filter(pk__in=Case.objects.filter(referrals__desk__kind=kind).values("pk"))


def cases_with_open_overdue_deadline() -> QuerySet[Case]:
    return Case.objects.filter(
        referrals__deadlines__closed_at__isnull=True,
        referrals__deadlines__overdue_at__isnull=False,
    ).values("pk")


def with_open_overdue_deadline(cases: QuerySet[Case], value: bool) -> QuerySet[Case]:
    """True: cases with an open deadline marked overdue (whatever the case's status);
    False: the others."""
    if value:
        return cases.filter(pk__in=cases_with_open_overdue_deadline())
    return cases.exclude(pk__in=cases_with_open_overdue_deadline())


def register_case_filters() -> None:
    register_case_filter("referral", with_referral)
    register_case_filter("overdue_now", overdue_now)
    register_case_filter("timeliness", by_timeliness)
    register_case_filter("referred_to_desk", referred_to_desk)
    register_case_filter("open_overdue_deadline", with_open_overdue_deadline)
    register_case_list_column("under_supervision", case_under_supervision)
