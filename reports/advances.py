"""The dashboard's advance payments (先行垫付): advanced to workers and recovered from
employers, for the period and a year earlier, on the office's cases. Shown apart from the
wages recovered (reports/ledger.py): an advance is public money, not wages the employer paid.

The advance tables are small and read live: one query each for both periods.
"""

from decimal import Decimal

from django.db.models import Q, Sum

from accounts.models import Office
from complaints.models import AdvancePayment, AdvanceRecovery
from reports import scope
from reports.arrears import Advances
from reports.periods import Period
from reports.restriction import only_cases

ZERO = Decimal("0.00")


def _within(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.first, f"{field}__lte": period.last})


def advances_in(office: Office, period: Period, earlier: Period) -> tuple[Advances, Advances]:
    """(the period's, a year earlier's) advanced (by paid_on) and recovered (by recovered_on),
    counted as the wage-arrears return counts them (reports/arrears.py)."""
    pairs = [f"complainant__case__{name}" for name in scope.OFFICE_PAIR]
    paid = only_cases(
        scope.in_scope(AdvancePayment.objects.all(), office, *pairs), "complainant__case"
    ).aggregate(
        now=Sum("amount", filter=_within("paid_on", period)),
        before=Sum("amount", filter=_within("paid_on", earlier)),
    )
    recovered = only_cases(
        scope.in_scope(AdvanceRecovery.objects.all(), office, *scope.DECISION_OFFICE_PAIR),
        "case",
    ).aggregate(
        now=Sum("amount", filter=_within("recovered_on", period)),
        before=Sum("amount", filter=_within("recovered_on", earlier)),
    )
    return tuple(
        Advances(amount=paid[key] or ZERO, recovered=recovered[key] or ZERO)
        for key in ("now", "before")
    )
