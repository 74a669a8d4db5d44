"""The dashboard narrowed to the cases of a wage-arrears dimension (construction, migrant
workers, an industry, a violation category, a project, a party, a campaign: the case
list's filters, complaints/selectors/lists.py `with_dimensions`).

Inside `restricted_to(filters)` every figure counts only those cases and what hangs off
them (referrals, decisions, steps, orders, payments, advances, group cases); consultations,
which have no case, count none. The summary tables are keyed by construction
(reports/models.py ConstructionKey), so narrowed to construction cases or to the rest
alone a figure reads its summary rows of that key (`summary_rows`) and counts only the
rest of its period from the rows, as unnarrowed. Narrowed by any other dimension, every
figure counts from the rows themselves (`counted_from_rows`; reports/totals.py). The
filters also go on every drill-down link (reports/tables.py), so a figure and the list
behind it agree.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet

from complaints.models import Case
from complaints.selectors.lists import DIMENSION_KEYS, has_dimensions, with_dimensions

# The dimension filters the summary tables are keyed by: {filter: (summary column, the
# case's field)}.
SUMMARY_KEYS = {"construction": ("construction", "is_construction")}


@dataclass(frozen=True)
class _Restriction:
    cases: QuerySet  # the cases of the filters
    links: dict  # the filters as the case list's query values
    summary_filter: dict | None  # the summary rows of the filters; None: not keyed by them


_restriction: ContextVar[_Restriction | None] = ContextVar("reports_restriction", default=None)


def link_values(filters: dict) -> dict:
    """The dimension filters as the case list's query values (ids, codes, yes/no)."""
    values = {}
    for key in DIMENSION_KEYS:
        value = filters.get(key)
        if value:
            values[key] = getattr(value, "code", None) or getattr(value, "pk", None) or value
    return values


def _summary_filter(links: dict) -> dict | None:
    """{summary column: True/False} when every filter chosen is a yes/no the summary
    tables are keyed by; None otherwise."""
    if not links or any(
        key not in SUMMARY_KEYS or links[key] not in ("yes", "no") for key in links
    ):
        return None
    return {SUMMARY_KEYS[key][0]: value == "yes" for key, value in links.items()}


def _case_filter(links: dict) -> dict:
    """The same as conditions on the case's own fields."""
    return {SUMMARY_KEYS[key][1]: value == "yes" for key, value in links.items()}


@contextmanager
def restricted_to(filters: dict | None):
    """Count only the cases of the dimension filters chosen (nothing narrowed without)."""
    if not filters or not has_dimensions(filters):
        yield
        return
    links = link_values(filters)
    cases = with_dimensions(Case.objects.all(), filters)
    token = _restriction.set(_Restriction(cases, links, _summary_filter(links)))
    try:
        yield
    finally:
        _restriction.reset(token)


def counted_from_rows() -> bool:
    """Narrowed by a dimension the summary tables are not keyed by: every figure is
    counted from the rows."""
    found = _restriction.get()
    return found is not None and found.summary_filter is None


def summary_rows(rows: QuerySet) -> QuerySet:
    """A summary table's rows of the restriction's key (all when not restricted); none of
    a table without the key (consultations: no case)."""
    found = _restriction.get()
    if found is None:
        return rows
    fields = {field.name for field in rows.model._meta.get_fields()}
    if found.summary_filter is None or not set(found.summary_filter) <= fields:
        return rows.none()
    return rows.filter(**found.summary_filter)


def restriction_label() -> str:
    """The filters as text, for the keys figures are cached under ("" when not
    restricted)."""
    found = _restriction.get()
    return urlencode(sorted(found.links.items())) if found else ""


def link_filters() -> dict:
    """What every drill-down link adds to its filters (empty when not restricted)."""
    found = _restriction.get()
    return found.links if found else {}


def only_cases(rows: QuerySet, case_path: str | None) -> QuerySet:
    """`rows` whose case (reached by `case_path`; "pk" for cases) is one of the restricted
    cases; no rows for rows without a case (None) when restricted; all when not."""
    found = _restriction.get()
    if found is None:
        return rows
    if case_path is None:
        return rows.none()
    if found.summary_filter is not None:
        # A mark of the case itself: joined to the rows' cases, so a few rows (group
        # cases, today's) are not narrowed by a list of every marked case.
        prefix = "" if case_path == "pk" else f"{case_path}__"
        return rows.filter(
            **{f"{prefix}{name}": value for name, value in _case_filter(found.links).items()}
        )
    return rows.filter(**{f"{case_path}__in": found.cases.values("pk")})
