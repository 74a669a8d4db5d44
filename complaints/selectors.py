"""Reads of complaint data, and the one rule for who may see which case.

A user sees a case when its responsible or registering office is their office or one
below it, or when they are its first responder (who stays accountable after a transfer).
Administrators and superusers see every case. Every page, endpoint and export asks here.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from accounts.models import Office
from accounts.roles import Role
from complaints.exceptions import CaseNotVisible
from complaints.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    Complainant,
    Consultation,
    MissingMaterial,
    Status,
)
from complaints.normalization import normalize_employer_name, normalize_site
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
    offices = office_subtree_ids(user)
    return cases.filter(
        Q(responsible_office_id__in=offices)
        | Q(registering_office_id__in=offices)
        | Q(first_responder=user)
    )


def case_visible_to(*, user, case: Case) -> bool:
    if sees_everything(user) or case.first_responder_id == user.pk:
        return True
    offices = office_subtree_ids(user)
    return case.responsible_office_id in offices or case.registering_office_id in offices


def _search(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    text = text.strip()
    if not text:
        return cases
    complainant_match = Complainant.objects.filter(case=OuterRef("pk")).filter(
        Q(name__icontains=text) | Q(phone__contains=text)
    )
    return cases.filter(
        Q(ticket__iexact=text)
        | Q(ticket__icontains=text)
        | Q(employer__name__icontains=text)
        | Q(site__icontains=text)
        | Exists(complainant_match)
    )


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
    return (
        cases.select_related("employer", "responsible_office", "first_responder")
        .annotate(complainant_count=Count("complainants", distinct=True))
        .order_by("-registered_at", "-id")
    )


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


def office_summary(*, office: Office, start: datetime, end: datetime) -> dict:
    """The dashboard's headline figures for `office` and the offices below it.

    The period is [start, end). A case belongs to the office when its registering or
    responsible office is the office or below it. See complaints/api/views_stats.py for
    the definition of each figure.
    """
    offices = Office.objects.filter(path__startswith=office.path).values("id")
    in_scope = Case.objects.filter(
        Q(registering_office__in=offices) | Q(responsible_office__in=offices)
    )
    closed = in_scope.filter(status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
    ever_overdue = Case.objects.filter(referrals__deadlines__overdue_at__isnull=False)
    helped = Complainant.objects.filter(case__in=closed.values("pk"))
    open_overdue = Q(
        referrals__deadlines__closed_at__isnull=True,
        referrals__deadlines__overdue_at__isnull=False,
    )
    overdue = in_scope.filter(status__in=OPEN_STATUSES).aggregate(
        n=Count("referrals__deadlines", filter=open_overdue)
    )["n"]
    return {
        "received": in_scope.filter(registered_at__gte=start, registered_at__lt=end).count(),
        "consultations": Consultation.objects.filter(
            office__in=offices, created_at__gte=start, created_at__lt=end
        ).count(),
        "closed": closed.count(),
        "closed_on_time": closed.exclude(pk__in=ever_overdue.values("pk")).count(),
        "overdue": overdue or 0,
        "wages_recovered": helped.aggregate(total=Sum("recovered_amount"))["total"]
        or Decimal("0.00"),
        "workers_helped": helped.filter(recovered_amount__gt=0).count(),
    }


def ledger_totals(complainants) -> dict:
    """Owed and recovered in total over already-loaded complainants (no query)."""
    return {
        "owed": sum((person.owed_amount or 0) for person in complainants),
        "recovered": sum(person.recovered_amount for person in complainants),
    }
