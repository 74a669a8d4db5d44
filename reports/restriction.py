"""The dashboard narrowed to the cases of a wage-arrears dimension (construction, migrant
workers, an industry, a violation category, a project, a party, a campaign: the case
list's filters, complaints/selectors/lists.py `with_dimensions`).

Inside `restricted_to(filters)` every figure counts only those cases and what hangs off
them (referrals, decisions, steps, orders, payments, advances, group cases), all from
the rows themselves: the summary tables are not cut by these dimensions
(reports/totals.py reads no summary then), and consultations, which have no case, count
none. The filters also go on every drill-down link (reports/tables.py), so a figure and
the list behind it agree.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import QuerySet

from complaints.models import Case
from complaints.selectors.lists import DIMENSION_KEYS, has_dimensions, with_dimensions

_restriction: ContextVar[tuple[QuerySet, dict] | None] = ContextVar(
    "reports_restriction", default=None
)


def link_values(filters: dict) -> dict:
    """The dimension filters as the case list's query values (ids, codes, yes/no)."""
    values = {}
    for key in DIMENSION_KEYS:
        value = filters.get(key)
        if value:
            values[key] = getattr(value, "code", None) or getattr(value, "pk", None) or value
    return values


@contextmanager
def restricted_to(filters: dict | None):
    """Count only the cases of the dimension filters chosen (nothing narrowed without)."""
    if not filters or not has_dimensions(filters):
        yield
        return
    token = _restriction.set((with_dimensions(Case.objects.all(), filters), link_values(filters)))
    try:
        yield
    finally:
        _restriction.reset(token)


def is_restricted() -> bool:
    return _restriction.get() is not None


def link_filters() -> dict:
    """What every drill-down link adds to its filters (empty when not restricted)."""
    found = _restriction.get()
    return found[1] if found else {}


def only_cases(rows: QuerySet, case_path: str | None) -> QuerySet:
    """`rows` whose case (reached by `case_path`; "pk" for cases) is one of the restricted
    cases; no rows for rows without a case (None) when restricted; all when not."""
    found = _restriction.get()
    if found is None:
        return rows
    if case_path is None:
        return rows.none()
    return rows.filter(**{f"{case_path}__in": found[0].values("pk")})
