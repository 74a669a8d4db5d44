"""The case list (page and API), and the filters and columns upper apps add to it.

The list filters by desk, referral, deadline and supervision, which are dispatch's data;
complaints may not import dispatch (dispatch builds on complaints). So dispatch registers
those filters and columns here when it starts (`DispatchConfig.ready`, dispatch/apps.py),
and the list applies them by key, without knowing the models behind them.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    Exists,
    Expression,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from complaints.models import (
    OPEN_STATUSES,
    Case,
    CaseParty,
    CaseViolation,
    Complainant,
    Status,
)
from complaints.selectors.campaigns import campaign_cases
from complaints.selectors.employers import employer_records
from complaints.selectors.predicates import cases_of_office, filtered_by
from complaints.selectors.search import cases_matching
from complaints.selectors.visibility import cases_visible_to, is_platform_account

CaseFilterFunction = Callable[[QuerySet[Case], Any], QuerySet[Case]]

_case_filters: dict[str, CaseFilterFunction] = {}
_list_columns: dict[str, Callable[[], Expression]] = {}


def register_case_filter(key: str, function: CaseFilterFunction) -> None:
    """Offer `function(cases, value)`, which narrows `cases` by an upper app's data, to the
    case lists as the filter `key`. Registering a key again replaces it."""
    _case_filters[key] = function


def register_case_list_column(name: str, expression: Callable[[], Expression]) -> None:
    """Annotate every case of the list with `name`, the value of `expression()`."""
    _list_columns[name] = expression


def filter_cases(cases: QuerySet[Case], key: str, value) -> QuerySet[Case]:
    """`cases` narrowed by the filter registered as `key`, for `value`."""
    try:
        function = _case_filters[key]
    except KeyError:
        raise LookupError(f"No case filter is registered as {key!r}.") from None
    return function(cases, value)


def complainant_count(case_ref: str = "pk") -> Coalesce:
    """The case's number of complainants, as a subquery: no GROUP BY over the whole list,
    so PostgreSQL sorts and cuts the page before counting anyone."""
    counted = (
        Complainant.objects.filter(case=OuterRef(case_ref))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def case_list_for(*, user, filters: dict | None = None) -> QuerySet[Case]:
    """The user's visible cases, filtered; for lists (related rows selected up front)."""
    filters = filters or {}
    cases = filtered_by(
        cases_visible_to(user=user),
        filters,
        fields={
            "status": "status",
            "channel": "channel",
            "category": "category",
            "office": "responsible_office",
        },
    )
    date_from: date | None = filters.get("date_from")
    date_to: date | None = filters.get("date_to")
    if date_from:
        cases = cases.filter(registered_at__date__gte=date_from)
    if date_to:
        cases = cases.filter(registered_at__date__lte=date_to)
    cases = cases_matching(cases, text=filters.get("q"))
    cases = _drill_down(cases, filters)
    cases = with_dimensions(cases, filters)
    return (
        cases.select_related("employer", "responsible_office", "first_responder")
        .annotate(complainant_count=complainant_count())
        .annotate(**{name: expression() for name, expression in _list_columns.items()})
        .order_by("-registered_at", "-id")
    )


def _drill_down(cases: QuerySet[Case], filters: dict) -> QuerySet[Case]:
    """The dashboard's drill-down filters (figures in reports/, definitions in README):
    each figure links to the cases behind it. Deadlines and referrals by registered key."""
    if filters.get("scope"):
        cases = cases_of_office(cases, filters["scope"])
    if filters.get("open"):
        cases = cases.filter(status__in=OPEN_STATUSES)
    if filters.get("overdue"):
        cases = filter_cases(cases, "overdue_now", True)
    if filters.get("closed_from") or filters.get("closed_to") or filters.get("timeliness"):
        cases = cases.filter(status=Status.CLOSED)
    if filters.get("closed_from"):
        cases = cases.filter(closed_at__date__gte=filters["closed_from"])
    if filters.get("closed_to"):
        cases = cases.filter(closed_at__date__lte=filters["closed_to"])
    if filters.get("timeliness"):
        cases = filter_cases(cases, "timeliness", filters["timeliness"])
    if filters.get("paid_from") or filters.get("paid_to"):
        payments = Q()
        if filters.get("paid_from"):
            payments &= Q(complainants__payments__paid_on__gte=filters["paid_from"])
        if filters.get("paid_to"):
            payments &= Q(complainants__payments__paid_on__lte=filters["paid_to"])
        cases = cases.filter(pk__in=Case.objects.filter(payments).values("pk"))
    if filters.get("advanced_from") or filters.get("advanced_to"):
        cases = _advanced_between(cases, filters.get("advanced_from"), filters.get("advanced_to"))
    if filters.get("procedure"):
        cases = filter_cases(cases, "procedure", filters)
    return filter_cases(cases, "referral", filters)


def _advanced_between(cases: QuerySet[Case], first, last) -> QuerySet[Case]:
    """Cases with an advance payment (先行垫付) paid between `first` and `last`."""
    advances = Q()
    if first:
        advances &= Q(complainants__advances__paid_on__gte=first)
    if last:
        advances &= Q(complainants__advances__paid_on__lte=last)
    return cases.filter(pk__in=Case.objects.filter(advances).values("pk"))


DIMENSION_KEYS = (
    "construction",
    "mass_incident_risk",
    "migrant",
    "industry",
    "project",
    "party",
    "violation",
    "campaign",
)


def has_dimensions(filters: dict) -> bool:
    return any(filters.get(key) for key in DIMENSION_KEYS)


def with_dimensions(cases: QuerySet[Case], filters: dict) -> QuerySet[Case]:
    """The wage-arrears dimensions: "yes"/"no" for the flags and for a case with at least
    one migrant worker (a subquery of the same statement), an industry by its letter, a
    project, a party in any role of the chain (an employer), a violation category (complained
    of or found) and a campaign."""
    for key, field in (
        ("construction", "is_construction"),
        ("mass_incident_risk", "mass_incident_risk"),
    ):
        if filters.get(key) in ("yes", "no"):
            cases = cases.filter(**{field: filters[key] == "yes"})
    if filters.get("migrant") in ("yes", "no"):
        marked = Exists(Complainant.objects.filter(case=OuterRef("pk"), is_migrant_worker=True))
        cases = cases.filter(marked if filters["migrant"] == "yes" else ~marked)
    if filters.get("industry"):
        cases = cases.filter(employer__industry=filters["industry"])
    if filters.get("project"):
        cases = cases.filter(project=filters["project"])
    if filters.get("party"):
        # The party's company: every record of it (the employer page counts them all).
        company = employer_records(employer=filters["party"]).values("pk")
        named = CaseParty.objects.filter(case=OuterRef("pk"), employer__in=company)
        cases = cases.filter(Exists(named))
    if filters.get("violation"):
        found = CaseViolation.objects.filter(case=OuterRef("pk"), category=filters["violation"])
        cases = cases.filter(Exists(found))
    if filters.get("campaign"):
        cases = campaign_cases(cases, filters["campaign"])
    return cases


def case_list_for_api(*, user) -> QuerySet[Case]:
    """`case_list_for` (visibility, related rows, order) with the platform narrowing."""
    cases = case_list_for(user=user)
    if is_platform_account(user):
        cases = cases.filter(first_responder=user)
    return cases
