"""The group cases' summary table: group wage-arrears cases declared, and their workers,
read by the wage-arrears return (reports/arrears.py) like every other figure."""

from django.db.models import Count, Sum

from accounts.models import Office
from dispatch.models import GroupCase
from reports import scope
from reports.measures import CONSTRUCTION, MONTH, Figure, Measure, Table, Through
from reports.models import GroupMonth
from reports.restriction import only_cases


def groups_in(office: Office):
    """Group cases on the office's cases (a case's registering or responsible office)."""
    groups = scope.in_scope(GroupCase.objects.all(), office, *scope.DECISION_OFFICE_PAIR)
    return only_cases(groups, "case")


DECLARED = Measure(
    GroupCase,
    groups_in,
    "declared_at",
    {"cases": Count("id"), "workers": Sum("workers")},
    case="case",
)
GROUP_MONTHS = Table(
    GroupMonth,
    scope.OFFICE_PAIR,
    (Through("case", *scope.OFFICE_PAIR), CONSTRUCTION),
    {"cases": DECLARED, "workers": DECLARED},
)
GROUPS_DECLARED = Figure(GROUP_MONTHS, (MONTH,), ("cases", "workers"))
