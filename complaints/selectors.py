"""Reads of complaint data, and the one rule for who may see which case.

A user sees a case when its responsible or registering office is their office or one
below it, or when they are its first responder (who stays accountable after a transfer).
Administrators and superusers see every case; a platform's API account only the cases it
registered. Every page, endpoint and export asks here.
"""

from datetime import date

from django.db import connections
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Lookup

from accounts.models import Office
from accounts.roles import Role
from complaints.exceptions import CaseNotVisible
from complaints.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    Complainant,
    Consultation,
    Employer,
    MissingMaterial,
    Status,
)
from complaints.normalization import normalize_employer_name, normalize_site
from complaints.pii import full_id_number_digest
from complaints.validators import normalize_credit_code


def office_subtree_ids(user) -> frozenset[int]:
    """Ids of the user's office and every office below it (cached on the user)."""
    cached = getattr(user, "_office_subtree_ids", None)
    if cached is None:
        if user.office_id is None:
            cached = frozenset()
        else:
            office_path = Office.objects.values_list("path", flat=True).get(pk=user.office_id)
            cached = frozenset(
                Office.objects.filter(path__startswith=office_path).values_list("id", flat=True)
            )
        user._office_subtree_ids = cached
    return cached


def sees_everything(user) -> bool:
    return user.is_superuser or user.has_role(Role.ADMINISTRATOR)


def cases_visible_to(*, user) -> QuerySet[Case]:
    cases = Case.objects.all()
    if sees_everything(user):
        return cases
    if is_platform_account(user):  # on the pages too, as in the API: only its own cases
        return cases.filter(first_responder=user)
    offices = office_subtree_ids(user)
    return cases.filter(
        Q(responsible_office_id__in=offices)
        | Q(registering_office_id__in=offices)
        | Q(first_responder=user)
    )


def case_visible_to(*, user, case: Case) -> bool:
    if sees_everything(user) or case.first_responder_id == user.pk:
        return True
    if is_platform_account(user):
        return False
    offices = office_subtree_ids(user)
    return case.responsible_office_id in offices or case.registering_office_id in offices


# A term this short holds no trigram, so PostgreSQL's trigram index cannot answer it; the
# search asks the index of 1- and 2-character substrings instead (same answer as LIKE).
# See complaints/migrations/0007_search_trigram_indexes.py.
SHORT_TERM = 3


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


def _search(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Cases whose ticket, site, employer name, complainant name or phone contain `text`;
    for a full, 18-character ID number, the cases of the complainants who have it.

    Each table's matches are read from the search indexes of migration 0007 first (ids,
    see SEARCH_IDS_READ); the case query then only tests two columns against them.
    """
    text = text.strip()
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
        by_case = _one_of("pk", sorted({*in_cases, *of_people}))
    else:
        by_case = Q(pk__in=_subquery(in_cases, "pk").union(_subquery(of_people, "case_id")))
    return cases.filter(_one_of("employer_id", employers) | by_case)


# The search first reads each table's matching ids from the search indexes (up to
# SEARCH_IDS_READ), then asks for the visible cases among them, newest first: with the ids
# in hand PostgreSQL walks the visible cases newest first and stops after a page, however
# common the term (e.g. "建筑", a tenth of all employers), instead of collecting and sorting
# every match. A long list goes as one array parameter (Django would write one placeholder
# per id); past SEARCH_IDS_READ the ids are asked as a subquery.
SEARCH_IDS_READ = 50_000
_LONG_LIST = 100


class _OneOf(Lookup):
    """PostgreSQL: `column = ANY(%s::bigint[])`, the ids as one array literal: psycopg
    would inspect every element of a Python list (about 6 ms per 3,000 ids)."""

    lookup_name = "shouwen_one_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        literal = "{" + ",".join(str(int(pk)) for pk in self.rhs) + "}"
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, literal)


class _InArrayOf(Lookup):
    """PostgreSQL: `column = ANY(ARRAY(subquery))`. The planner cannot guess how many ids
    the subquery gives and looks each one up by key, where `IN (subquery)` estimated from
    the tables may hash a whole table to join a few thousand rows."""

    lookup_name = "shouwen_in_array_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql, params = compiler.compile(self.rhs)  # a subquery, in parentheses
        return f"{lhs} = ANY(ARRAY({sql}))", (*lhs_params, *params)


def _ids(queryset: QuerySet, field: str, vendor: str) -> list[int] | QuerySet:
    """The matching ids, or the query itself when there are more than SEARCH_IDS_READ
    (and always on SQLite, a development database that limits a query's parameters)."""
    subquery = queryset.order_by().values(field)
    if vendor != "postgresql":
        return subquery
    ids = list(queryset.order_by().values_list(field, flat=True)[: SEARCH_IDS_READ + 1])
    return subquery if len(ids) > SEARCH_IDS_READ else ids


def _one_of(field: str, ids: list[int] | QuerySet) -> Q:
    if isinstance(ids, list) and len(ids) > _LONG_LIST:
        return Q(_OneOf(F(field), ids))
    return Q(**{f"{field}__in": ids})


def among_found(field: str, ids: QuerySet) -> Q:
    """`field` is one of the values `ids` (a one-column query) finds, for a query known
    to find few: on PostgreSQL each is looked up by key (_InArrayOf)."""
    if connections["default"].vendor == "postgresql":
        return Q(_InArrayOf(F(field), ids))
    return Q(**{f"{field}__in": ids})


def among(field: str, ids: list[int]) -> Q:
    """`field` is one of `ids`: on PostgreSQL a long list goes as one array literal
    (`= ANY(%s::bigint[])`, _OneOf), which plans and runs in a fraction of the time of an
    IN list."""
    if connections["default"].vendor == "postgresql":
        return _one_of(field, list(ids))
    return Q(**{f"{field}__in": ids})


def _subquery(ids_or_queryset: list[int] | QuerySet, field: str) -> QuerySet:
    if isinstance(ids_or_queryset, list):
        return Case.objects.filter(pk__in=ids_or_queryset).order_by().values("pk")
    return ids_or_queryset.values(field)


def case_list_for(*, user, filters: dict | None = None) -> QuerySet[Case]:
    """The user's visible cases, filtered; for lists (related rows selected up front)."""
    filters = filters or {}
    cases = cases_visible_to(user=user)
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
    if filters.get("channel"):
        cases = cases.filter(channel=filters["channel"])
    if filters.get("category"):
        cases = cases.filter(category=filters["category"])
    if filters.get("office"):
        cases = cases.filter(responsible_office=filters["office"])
    date_from: date | None = filters.get("date_from")
    date_to: date | None = filters.get("date_to")
    if date_from:
        cases = cases.filter(registered_at__date__gte=date_from)
    if date_to:
        cases = cases.filter(registered_at__date__lte=date_to)
    cases = _search(cases, filters.get("q") or "")
    cases = _statistics_filters(cases, filters)
    return (
        cases.select_related("employer", "responsible_office", "first_responder")
        .annotate(complainant_count=_complainant_count())
        .annotate(under_supervision=_under_supervision())
        .order_by("-registered_at", "-id")
    )


def _complainant_count() -> Coalesce:
    """The case's number of complainants, as a subquery: no GROUP BY over the whole list,
    so PostgreSQL sorts and cuts the page before counting anyone."""
    counted = (
        Complainant.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _under_supervision() -> Exists:
    """True for a case with an active supervision (督办), read through the reverse relation."""
    supervision = _related_model(Case, "supervisions")
    return Exists(supervision.objects.filter(case=OuterRef("pk"), lifted_at__isnull=True))


# --- The dashboard's case predicates (figures in reports/, definitions in README) -------
# Referrals, deadlines and payments are reached through the case's reverse relations, so
# complaints imports nothing from dispatch (DESIGN.md section 3).


def _related_model(model, name: str):
    return model._meta.get_field(name).related_model


def office_tree(office: Office) -> QuerySet[Office]:
    """The office and every office below it (an office includes its districts)."""
    return Office.objects.filter(path__startswith=office.path)


def cases_of_office(cases: QuerySet[Case], office: Office) -> QuerySet[Case]:
    """Cases registered at or handled by the office or one below it (first inquiry)."""
    offices = office_tree(office).values("id")
    return cases.filter(Q(registering_office__in=offices) | Q(responsible_office__in=offices))


def late_deadline() -> Q:
    """A deadline was missed: marked overdue, or met after its due day (late stays late)."""
    return Q(overdue_at__isnull=False) | Q(closed_at__date__gt=F("due"))


def overdue_deadline_now() -> Q:
    return Q(closed_at__isnull=True, overdue_at__isnull=False)


def case_deadlines(condition: Q, case_ref="pk") -> Exists:
    """True for a case with a deadline (on any of its referrals) matching `condition`."""
    referral = _related_model(Case, "referrals")
    deadline = _related_model(referral, "deadlines")
    return Exists(deadline.objects.filter(condition, referral__case=OuterRef(case_ref)))


def case_was_late() -> Exists:
    return case_deadlines(late_deadline())


def case_overdue_now() -> Exists:
    return case_deadlines(overdue_deadline_now())


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


def _referral_condition(filters: dict) -> Q:
    """One referral of the case must match every given referral filter (desk figures)."""
    referral = _related_model(Case, "referrals")
    deadline = _related_model(referral, "deadlines")
    open_statuses = ["pending", "accepted", "in_progress"]
    condition = Q()
    if filters.get("scope"):
        condition &= Q(desk__office__in=office_tree(filters["scope"]).values("id"))
    if filters.get("desk"):
        condition &= Q(desk__kind=filters["desk"])
    if filters.get("officer"):
        condition &= Q(officer=filters["officer"])
    work = filters.get("work")
    if work in ("open", "overdue"):
        condition &= Q(status__in=open_statuses)
    if work == "overdue":
        overdue = deadline.objects.filter(overdue_deadline_now(), referral=OuterRef("pk"))
        condition &= Exists(overdue)
    if work == "done" or filters.get("work_from") or filters.get("work_to"):
        condition &= Q(status="done")
    if filters.get("work_from"):
        condition &= Q(closed_at__date__gte=filters["work_from"])
    if filters.get("work_to"):
        condition &= Q(closed_at__date__lte=filters["work_to"])
    if filters.get("referred_from"):
        condition &= Q(created_at__date__gte=filters["referred_from"])
    if filters.get("referred_to"):
        condition &= Q(created_at__date__lte=filters["referred_to"])
    if filters.get("work_late") in ("0", "1"):
        late = Exists(deadline.objects.filter(late_deadline(), referral=OuterRef("pk")))
        condition &= late if filters["work_late"] == "1" else ~late
    return condition


def _statistics_filters(cases: QuerySet[Case], filters: dict) -> QuerySet[Case]:
    """The dashboard's drill-down filters: each figure links to the cases behind it."""
    if filters.get("scope"):
        cases = cases_of_office(cases, filters["scope"])
    if filters.get("open"):
        cases = cases.filter(status__in=OPEN_STATUSES)
    if filters.get("overdue"):
        cases = cases.filter(case_overdue_now(), status__in=OPEN_STATUSES)
    if filters.get("closed_from") or filters.get("closed_to") or filters.get("timeliness"):
        cases = cases.filter(status=Status.CLOSED)
    if filters.get("closed_from"):
        cases = cases.filter(closed_at__date__gte=filters["closed_from"])
    if filters.get("closed_to"):
        cases = cases.filter(closed_at__date__lte=filters["closed_to"])
    if filters.get("timeliness") == "late":
        cases = cases.filter(case_was_late())
    elif filters.get("timeliness") == "on_time":
        cases = cases.filter(~case_was_late())
    if filters.get("paid_from") or filters.get("paid_to"):
        payments = Q()
        if filters.get("paid_from"):
            payments &= Q(complainants__payments__paid_on__gte=filters["paid_from"])
        if filters.get("paid_to"):
            payments &= Q(complainants__payments__paid_on__lte=filters["paid_to"])
        cases = cases.filter(pk__in=Case.objects.filter(payments).values("pk"))
    if any(filters.get(name) for name in REFERRAL_FILTERS):
        referral = _related_model(Case, "referrals")
        matching = referral.objects.filter(_referral_condition(filters), case=OuterRef("pk"))
        cases = cases.filter(Exists(matching))
    return cases


def case_get_for(*, user, ticket: str) -> Case:
    """One case with what its page shows, or CaseNotVisible (also when it does not exist)."""
    case = (
        cases_visible_to(user=user)
        .select_related(
            "employer",
            "first_responder",
            "first_responder__office",
            "registering_office",
            "responsible_office",
            "merged_into",
            "outcome",
        )
        .prefetch_related(
            Prefetch(
                "complainants",
                queryset=Complainant.objects.order_by("id").prefetch_related("payments"),
            ),
            Prefetch("missing_materials", queryset=MissingMaterial.objects.order_by("id")),
            "evidence__uploaded_by",
            Prefetch(
                "events",
                queryset=CaseEvent.objects.select_related("actor").order_by("created_at", "id"),
            ),
            # Referrals and deadlines belong to dispatch; the case page reaches them through
            # the reverse relations, fetched here in a fixed number of queries.
            "referrals__desk__office",
            "referrals__desk__members",
            "referrals__officer",
            "referrals__deadlines__policy",
            "referrals__deadlines__extension_requests__requested_by",
            "supervisions__created_by",
            "supervisions__reported_by",
            "rectification_orders__issued_by",
            "rectification_orders__deadline",
        )
        .filter(ticket=ticket)
        .first()
    )
    if case is None:
        raise CaseNotVisible()
    return case


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


def consultations_visible_to(*, user) -> QuerySet[Consultation]:
    consultations = Consultation.objects.select_related("answered_by", "office")
    if sees_everything(user):
        return consultations
    return consultations.filter(Q(office_id__in=office_subtree_ids(user)) | Q(answered_by=user))


# --- The REST API (complaints/api) ---------------------------------------------------


def is_platform_account(user) -> bool:
    """A machine account of a platform (platform_channel set) holding no staff role."""
    return bool(getattr(user, "platform_channel", "")) and not user.has_role(*Role.values)


def cases_visible_to_api(*, user) -> QuerySet[Case]:
    """`cases_visible_to`, narrowed for platform accounts to the cases they registered."""
    cases = cases_visible_to(user=user)
    if is_platform_account(user):
        cases = cases.filter(first_responder=user)
    return cases


def case_list_for_api(*, user) -> QuerySet[Case]:
    """`case_list_for` (visibility, related rows, order) with the platform narrowing."""
    cases = case_list_for(user=user)
    if is_platform_account(user):
        cases = cases.filter(first_responder=user)
    return cases


def case_get_for_api(*, user, ticket: str) -> Case:
    """`case_get_for` with the platform narrowing; CaseNotVisible either way."""
    case = case_get_for(user=user, ticket=ticket)
    if is_platform_account(user) and case.first_responder_id != user.pk:
        raise CaseNotVisible()
    return case


def cases_matching(cases: QuerySet[Case], *, text: str) -> QuerySet[Case]:
    """The case list's free-text search (ticket, employer, site, complainant name/phone)."""
    return _search(cases, text or "")


def consultations_visible_to_api(*, user) -> QuerySet[Consultation]:
    consultations = consultations_visible_to(user=user)
    if is_platform_account(user):
        consultations = consultations.filter(answered_by=user)
    return consultations


def ledger_totals(complainants) -> dict:
    """Owed and recovered in total over already-loaded complainants (no query)."""
    return {
        "owed": sum((person.owed_amount or 0) for person in complainants),
        "recovered": sum(person.recovered_amount for person in complainants),
    }
