"""An office's rows, the bottom of reports: every figure counts within one of these scopes.

An office includes the offices below it. A case belongs to an office when its registering
or its responsible office is the office or one below it (the case list's own rule,
complaints.selectors.predicates.cases_of_office); a consultation by its office, a
referral by its desk's office, a ledger payment by its case's offices, and a summary row
by the office fields it is keyed by. For the top office (the city) every row is in scope and
the office filter is left out: the same rows, a much simpler plan. An acceptance decision
belongs to an office as its case does.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Office
from complaints.models import AcceptanceDecision, Case, Consultation, WagePayment
from complaints.selectors.predicates import cases_of_office, office_tree
from dispatch.models import Deadline, Referral
from dispatch.selectors.cases import late_deadline
from reports.periods import Period
from reports.restriction import only_cases

# The fields that place a row keyed by both of a case's offices in an office's scope.
OFFICE_PAIR = ("registering_office", "responsible_office")
CASE_OFFICE_PAIR = tuple(f"complainant__case__{field}" for field in OFFICE_PAIR)
DECISION_OFFICE_PAIR = tuple(f"case__{field}" for field in OFFICE_PAIR)


def covers_everything(office: Office) -> bool:
    """The office is the top of the tree (the city): every office, so every row, is in
    scope. Asked once per office object."""
    cached = getattr(office, "_covers_everything", None)
    if cached is None:
        cached = not Office.objects.exclude(path__startswith=office.path).exists()
        office._covers_everything = cached
    return cached


def in_scope(rows: QuerySet, office: Office, *fields: str) -> QuerySet:
    """The rows whose office (any of `fields`, each a path to an office) is the office or
    one below it."""
    if covers_everything(office):
        return rows
    offices = office_tree(office).values("id")
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__in": offices})
    return rows.filter(condition)


def cases_in(office: Office) -> QuerySet[Case]:
    """The office's cases (of the dashboard's dimension filters: reports/restriction.py;
    so each of these functions)."""
    if covers_everything(office):
        return only_cases(Case.objects.all(), "pk")
    return only_cases(cases_of_office(Case.objects.all(), office), "pk")


def consultations_in(office: Office) -> QuerySet[Consultation]:
    return only_cases(in_scope(Consultation.objects.all(), office, "office"), None)


def referrals_in(office: Office) -> QuerySet[Referral]:
    """Referrals at the desks of the office and the offices below it."""
    return only_cases(in_scope(Referral.objects.all(), office, "desk__office"), "case")


def decisions_in(office: Office) -> QuerySet[AcceptanceDecision]:
    """Acceptance decisions on the office's cases (cases_in: the case's registering or
    responsible office), whichever office took them."""
    decisions = in_scope(AcceptanceDecision.objects.all(), office, *DECISION_OFFICE_PAIR)
    return only_cases(decisions, "case")


def payments_in(office: Office, period: Period) -> QuerySet[WagePayment]:
    """Ledger rows paid in the period to workers on the office's cases (a join from the
    ledger's rows of the period to their cases, not a scan of every case); of a piece of
    the period (Period.since, Period.until), those recorded in it: payments are dated by
    the day."""
    payments = WagePayment.objects.filter(paid_on__gte=period.first, paid_on__lte=period.last)
    if period.since:
        payments = payments.filter(recorded_at__gte=period.since)
    if period.until:
        payments = payments.filter(recorded_at__lt=period.until)
    return only_cases(in_scope(payments, office, *CASE_OFFICE_PAIR), "complainant__case")


def late_referral() -> Exists:
    """A referral with a deadline missed (dispatch.selectors.cases.late_deadline)."""
    return Exists(Deadline.objects.filter(late_deadline(), referral=OuterRef("pk")))
