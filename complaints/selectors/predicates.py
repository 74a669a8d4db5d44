"""Conditions shared by the case lists, the workspace and the dashboard's figures.

On PostgreSQL a list of ids goes as one array literal and a subquery known to find few ids
as an array, so the planner looks each id up by key instead of hashing a whole table
(README, "Performance").
"""

from django.db import connections
from django.db.models import F, Q, QuerySet
from django.db.models.lookups import Lookup

from accounts.models import Office
from complaints.models import Case

# From this many ids on, a list goes as one array literal (OneOf) rather than an IN list.
LONG_LIST = 100


class OneOf(Lookup):
    """PostgreSQL: `column = ANY(%s::bigint[])`, the ids as one array literal: psycopg
    would inspect every element of a Python list (about 6 ms per 3,000 ids)."""

    lookup_name = "shouwen_one_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        literal = "{" + ",".join(str(int(pk)) for pk in self.rhs) + "}"
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, literal)


class InArrayOf(Lookup):
    """PostgreSQL: `column = ANY(ARRAY(subquery))`. The planner cannot guess how many ids
    the subquery gives and looks each one up by key, where `IN (subquery)` estimated from
    the tables may hash a whole table to join a few thousand rows."""

    lookup_name = "shouwen_in_array_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql, params = compiler.compile(self.rhs)  # a subquery, in parentheses
        return f"{lhs} = ANY(ARRAY({sql}))", (*lhs_params, *params)


def one_of(field: str, ids: list[int] | QuerySet) -> Q:
    """`field` is one of `ids`; a list longer than LONG_LIST as one array literal."""
    if isinstance(ids, list) and len(ids) > LONG_LIST:
        return Q(OneOf(F(field), ids))
    return Q(**{f"{field}__in": ids})


def among_found(field: str, ids: QuerySet) -> Q:
    """`field` is one of the values `ids` (a one-column query) finds, for a query known
    to find few: on PostgreSQL each is looked up by key (InArrayOf)."""
    if connections["default"].vendor == "postgresql":
        return Q(InArrayOf(F(field), ids))
    return Q(**{f"{field}__in": ids})


def among(field: str, ids: list[int]) -> Q:
    """`field` is one of `ids`: on PostgreSQL a long list goes as one array literal
    (`= ANY(%s::bigint[])`, OneOf), which plans and runs in a fraction of the time of an
    IN list."""
    if connections["default"].vendor == "postgresql":
        return one_of(field, list(ids))
    return Q(**{f"{field}__in": ids})


def filtered_by(queryset: QuerySet, filters: dict, *, fields: dict[str, str]) -> QuerySet:
    """`queryset` narrowed by each of `filters` given a value, in the order of `fields`,
    which maps a filter's key to the field that must equal it."""
    for key, field in fields.items():
        if filters.get(key):
            queryset = queryset.filter(**{field: filters[key]})
    return queryset


def office_tree(office: Office) -> QuerySet[Office]:
    """The office and every office below it (an office includes its districts)."""
    return Office.objects.filter(path__startswith=office.path)


def cases_of_office(cases: QuerySet[Case], office: Office) -> QuerySet[Case]:
    """Cases registered at or handled by the office or one below it (first inquiry)."""
    offices = office_tree(office).values("id")
    return cases.filter(Q(registering_office__in=offices) | Q(responsible_office__in=offices))
