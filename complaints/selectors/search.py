"""The case lists' free-text search, and the duplicates shown before a case is saved.

The search first reads each table's matching ids from the search indexes of migration
0007 (up to SEARCH_IDS_READ), then asks for the visible cases among them, newest first:
with the ids in hand PostgreSQL walks the visible cases newest first and stops after a
page, however common the term (e.g. "建筑", a tenth of all employers), instead of
collecting and sorting every match. A long list goes as one array parameter (Django would
write one placeholder per id); past SEARCH_IDS_READ the ids are asked as a subquery.
"""

from django.db import connections
from django.db.models import Count, F, Q, QuerySet
from django.db.models.lookups import Lookup

from complaints.models import OPEN_STATUSES, Case, Complainant, Employer
from complaints.normalization import normalize_employer_name, normalize_site
from complaints.pii import full_id_number_digest
from complaints.selectors.predicates import one_of
from complaints.validators import normalize_credit_code

# A term this short holds no trigram, so PostgreSQL's trigram index cannot answer it; the
# search asks the index of 1- and 2-character substrings instead (same answer as LIKE).
# See complaints/migrations/0007_search_trigram_indexes.py.
SHORT_TERM = 3
SEARCH_IDS_READ = 50_000


class _HoldsShortTerm(Lookup):
    """PostgreSQL only: the column holds a 1- or 2-character term, via `shouwen_grams`."""

    lookup_name = "shouwen_holds_short_term"  # used as an expression, never registered
    upper = True  # as `icontains`; False as `contains`

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if self.upper:
            lhs, rhs = f"UPPER(({lhs})::text)", f"UPPER({rhs})"
        else:
            lhs = f"(({lhs})::text)"
        return f"shouwen_grams({lhs}) @> ARRAY[{rhs}]::text[]", (*lhs_params, *rhs_params)


class _HoldsShortTermExactCase(_HoldsShortTerm):
    upper = False


def _contains(field: str, text: str, *, vendor: str, ignore_case: bool = True) -> Q:
    """`field` contains `text`: an indexed form on PostgreSQL, the same answer everywhere."""
    if vendor == "postgresql" and len(text) < SHORT_TERM:
        lookup = _HoldsShortTerm if ignore_case else _HoldsShortTermExactCase
        return Q(lookup(F(field), text))
    return Q(**{f"{field}__{'icontains' if ignore_case else 'contains'}": text})


def cases_matching(cases: QuerySet[Case], *, text: str | None) -> QuerySet[Case]:
    """Cases whose ticket, site, employer name, complainant name or phone contain `text`;
    for a full, 18-character ID number, the cases of the complainants who have it."""
    text = (text or "").strip()
    if not text:
        return cases
    if digest := full_id_number_digest(text):
        # A full ID number: an equality on its keyed digest (complaints/pii.py), by index.
        # Only the digest goes to the database, so no query (nor a slow-query log line)
        # carries the number; nothing else is 18 characters of that shape.
        by_id = Complainant.objects.filter(id_number_digest=digest).values("case_id")
        return cases.filter(pk__in=by_id)
    vendor = connections[cases.db].vendor

    def contains(field, ignore_case=True):
        return _contains(field, text, vendor=vendor, ignore_case=ignore_case)

    employers = _ids(Employer.objects.filter(contains("name")), "pk", vendor)
    in_cases = _ids(Case.objects.filter(contains("ticket") | contains("site")), "pk", vendor)
    of_people = _ids(
        Complainant.objects.filter(contains("name") | contains("phone", ignore_case=False)),
        "case_id",
        vendor,
    )
    if isinstance(in_cases, list) and isinstance(of_people, list):
        by_case = one_of("pk", sorted({*in_cases, *of_people}))
    else:
        by_case = Q(pk__in=_subquery(in_cases, "pk").union(_subquery(of_people, "case_id")))
    return cases.filter(one_of("employer_id", employers) | by_case)


def _ids(queryset: QuerySet, field: str, vendor: str) -> list[int] | QuerySet:
    """The matching ids, or the query itself when there are more than SEARCH_IDS_READ
    (and always on SQLite, a development database that limits a query's parameters)."""
    subquery = queryset.order_by().values(field)
    if vendor != "postgresql":
        return subquery
    ids = list(queryset.order_by().values_list(field, flat=True)[: SEARCH_IDS_READ + 1])
    return subquery if len(ids) > SEARCH_IDS_READ else ids


def _subquery(ids_or_queryset: list[int] | QuerySet, field: str) -> QuerySet:
    if isinstance(ids_or_queryset, list):
        return Case.objects.filter(pk__in=ids_or_queryset).order_by().values("pk")
    return ids_or_queryset.values(field)


def possible_duplicates(
    *, employer_name: str = "", credit_code: str = "", site: str = ""
) -> QuerySet[Case]:
    """Open cases, in any office, against the same employer or at the same site.

    Window staff see these before saving so a group complaint lands on one case; only
    the ticket, employer, site and office are shown, never another case's people.
    """
    match = Q(pk__in=[])
    normalized_name = normalize_employer_name(employer_name)
    if normalized_name:
        match |= Q(employer__normalized_name=normalized_name)
    if credit_code.strip():
        match |= Q(employer__credit_code=normalize_credit_code(credit_code))
    normalized_site = normalize_site(site)
    if normalized_site:
        match |= Q(normalized_site=normalized_site)
    return (
        Case.objects.filter(match, status__in=OPEN_STATUSES)
        .select_related("employer", "responsible_office")
        .annotate(complainant_count=Count("complainants"))
        .order_by("-registered_at")[:10]
    )
