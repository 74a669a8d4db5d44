"""Reads for the employer page: every case against one employer, so repeat offenders show.

An employer may have been entered more than once (a typo, "有限公司" left out, the credit
code added later); the page gathers the records with the same normalised name or the same
credit code. Two records with different credit codes are different companies, even when
their names normalise alike.

Visibility: the user gets full rows only for the cases `cases_visible_to` lets them see.
Every other case is counted per responsible office as numbers only (no ticket, no people),
so the picture of the employer is complete without leaking a case. Each function is one
query, whatever the number of cases.
"""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from complaints.models import OPEN_STATUSES, Case, CaseParty, Employer, PartyRole, Status
from complaints.normalization import normalize_employer_name
from complaints.selectors.visibility import cases_visible_to
from complaints.validators import normalize_credit_code

ZERO = Decimal("0.00")


def employer_match(*, name: str, credit_code: str) -> Employer | None:
    """The recorded employer a registration names: by credit code, then by normalised name
    (a name match with another credit code is another company, e.g. a branch)."""
    credit_code = normalize_credit_code(credit_code) if (credit_code or "").strip() else ""
    normalized = normalize_employer_name(name or "")
    employer = None
    if credit_code:
        employer = Employer.objects.filter(credit_code=credit_code).first()
    if employer is None and normalized:
        same_name = Employer.objects.filter(normalized_name=normalized).order_by("id")
        if credit_code:
            same_name = same_name.filter(credit_code="")
        employer = same_name.first()
    return employer


def employer_records(*, employer: Employer) -> QuerySet[Employer]:
    """The employer and any other record of the same company (itself first)."""
    same = Q(pk=employer.pk)
    if employer.credit_code:
        same |= Q(credit_code=employer.credit_code)
    if employer.normalized_name:
        same_name = Q(normalized_name=employer.normalized_name)
        if employer.credit_code:
            same_name &= Q(credit_code="") | Q(credit_code=employer.credit_code)
        same |= same_name
    return Employer.objects.filter(same).order_by("name", "id")


def _cases_against(employer: Employer) -> QuerySet[Case]:
    return Case.objects.filter(employer__in=employer_records(employer=employer).values("pk"))


def _figures() -> dict:
    """Per-case figures over the complainants' ledger (one join, so sums are not doubled)."""
    return {
        "open_cases": Count("id", filter=Q(status__in=OPEN_STATUSES), distinct=True),
        "ended_cases": Count("id", filter=~Q(status__in=OPEN_STATUSES), distinct=True),
        "workers": Count("complainants"),
        "owed": Sum("complainants__owed_amount"),
        "recovered": Sum("complainants__recovered_amount"),
    }


def _with_zeros(row: dict) -> dict:
    return row | {"owed": row["owed"] or ZERO, "recovered": row["recovered"] or ZERO}


def employer_totals(*, employer: Employer) -> dict:
    """Cases open and ended, workers, owed and recovered, over every office.

    A case merged into another is left out: its workers are counted on the case that
    carries on.
    """
    totals = _cases_against(employer).exclude(status=Status.MERGED).aggregate(**_figures())
    return _with_zeros(totals)


def employer_cases_for(*, user, employer: Employer) -> QuerySet[Case]:
    """The cases against the employer that `user` may see, newest first, with figures."""
    return (
        cases_visible_to(user=user)
        .filter(employer__in=employer_records(employer=employer).values("pk"))
        .select_related("employer", "responsible_office")
        .annotate(
            workers=Count("complainants"),
            owed=Sum("complainants__owed_amount"),
            recovered=Sum("complainants__recovered_amount"),
        )
        .order_by("-registered_at", "-id")
    )


def employer_cases_elsewhere(*, user, employer: Employer) -> list[dict]:
    """Cases `user` may not see, as numbers per responsible office (no tickets, no people)."""
    hidden = (
        _cases_against(employer)
        .exclude(status=Status.MERGED)
        .exclude(pk__in=cases_visible_to(user=user).values("pk"))
    )
    rows = (
        hidden.values("responsible_office_id", "responsible_office__name")
        .annotate(**_figures())
        .order_by("responsible_office__name")
    )
    return [_with_zeros(row) for row in rows]


# How many of a role's visible cases the employer page lists (the count links to them all).
ROLE_ROWS = 10


def employer_roles(*, user, employer: Employer) -> list[dict]:
    """The employer's places in construction projects' chains of responsibility, across the
    records of the same company: per role, how many cases (also those `user` may not see,
    as the page's figures do) and the newest of those `user` may see."""
    named = (
        CaseParty.objects.filter(employer__in=employer_records(employer=employer).values("pk"))
        .exclude(case__status=Status.MERGED)
        .values("role")
        .annotate(cases=Count("case", distinct=True))
    )
    counts = {row["role"]: row["cases"] for row in named}
    visible = cases_visible_to(user=user).values("pk")
    roles = []
    for role in PartyRole:
        if not counts.get(role.value):
            continue
        rows = (
            Case.objects.filter(
                pk__in=visible,
                parties__role=role.value,
                parties__employer__in=employer_records(employer=employer).values("pk"),
            )
            .exclude(status=Status.MERGED)
            .distinct()
            .select_related("project")
            .order_by("-registered_at", "-id")[:ROLE_ROWS]
        )
        roles.append({"role": role, "count": counts[role.value], "cases": list(rows)})
    return roles
