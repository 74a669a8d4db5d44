"""The wage-arrears figures the bureau reports upward (根治欠薪), in its own terms: the
monthly return's and the dashboard's "Wage-arrears return" table (reports/arrears_table.py
says what each row counts).

Wages recovered, split by migrant workers and construction cases, are the ledger's
(reports/ledger.py `Paid` with its flags) and the follow-up answers are a summary table
(SatisfactionMonth), both read like every other figure (reports/totals.py). Advance
payments are few: counted from their own rows over the period. Group cases are a summary
table too (reports/group_tables.py).
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from accounts.models import Office
from complaints.models import AdvancePayment, AdvanceRecovery, Satisfaction
from reports import scope, totals
from reports.figures import Wages, share
from reports.followup_tables import FOLLOWUPS
from reports.group_tables import GROUPS_DECLARED
from reports.ledger import Paid
from reports.periods import Period
from reports.restriction import only_cases

# The answers that reached the worker: the satisfaction rates are shares of these.
REACHED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.DISSATISFIED)


@dataclass
class Advances:
    amount: Decimal = Decimal("0.00")
    workers: int = 0
    recovered: Decimal = Decimal("0.00")


@dataclass
class Arrears:
    """The figures of the return that the dashboard's other tables do not hold."""

    migrant: Wages
    construction: Wages
    advances: Advances
    group_cases: int = 0
    group_workers: int = 0
    followups: Counter = field(default_factory=Counter)  # answer -> closed cases

    @property
    def reached(self) -> int:
        return sum(self.followups[answer] for answer in REACHED)

    def rate(self, answer: str) -> Decimal | None:
        return share(self.followups[answer], self.reached)


def _paid_by_flags(office: Office, period: Period) -> tuple[Wages, Wages]:
    """(paid to migrant workers, paid on construction cases) in the period."""
    migrant, construction = Wages(), Wages()
    found = totals.total(Paid(period.first, by_flags=True), office, period)
    for (is_migrant, is_construction), (recovered, workers) in found.items():
        for wages, flagged in ((migrant, is_migrant), (construction, is_construction)):
            if flagged:
                wages.recovered += recovered
                wages.workers += workers
    return migrant, construction


def advances(office: Office, period: Period) -> Advances:
    """Advanced to workers (paid in the period) and recovered from employers (recovered in
    the period) on the office's cases."""
    paid = only_cases(
        scope.in_scope(
            AdvancePayment.objects.filter(paid_on__gte=period.first, paid_on__lte=period.last),
            office,
            *(f"complainant__case__{name}" for name in scope.OFFICE_PAIR),
        ),
        "complainant__case",
    ).aggregate(amount=Sum("amount"), workers=Count("complainant", distinct=True))
    recovered = only_cases(
        scope.in_scope(
            AdvanceRecovery.objects.filter(
                recovered_on__gte=period.first, recovered_on__lte=period.last
            ),
            office,
            *scope.DECISION_OFFICE_PAIR,
        ),
        "case",
    ).aggregate(amount=Sum("amount"))
    zero = Decimal("0.00")
    return Advances(paid["amount"] or zero, paid["workers"], recovered["amount"] or zero)


def group_cases(office: Office, period: Period) -> tuple[int, int]:
    """(group cases declared in the period, their workers) on the office's cases."""
    months = totals.total(GROUPS_DECLARED, office, period).values()
    return sum(cases for cases, _workers in months), sum(workers for _cases, workers in months)


def arrears(office: Office, period: Period) -> Arrears:
    migrant, construction = _paid_by_flags(office, period)
    found = Arrears(migrant, construction, advances(office, period))
    found.group_cases, found.group_workers = group_cases(office, period)
    for (answer,), (closed,) in totals.total(FOLLOWUPS, office, period).items():
        found.followups[answer] += closed
    return found
