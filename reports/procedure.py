"""What the inspection procedure adds up to over a period: orders to correct issued, served
and paid as ordered; handling decisions; penalties (number and amount); transfers to the
police and the police's answers; cancellations of a filing; closings (the dashboard's
"Inspection procedure" table, the monthly return and the stats API). What each column
counts is said in reports/procedure_tables.py.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from accounts.models import Office
from inspection.models import StepKind
from reports import totals
from reports.measures import Figure, Through
from reports.periods import Period
from reports.procedure_tables import ORDER_MONTHS, SERVICE_MONTHS, STEP_MONTHS

STEPS = Figure(STEP_MONTHS, ("kind", "outcome"), ("recorded", "approved", "amount", "compensation"))
ORDERS = Figure(ORDER_MONTHS, ("addressee_role",), ("issued", "amount_ordered", "complied"))
SERVICES = Figure(SERVICE_MONTHS, (Through("document", "kind"),), ("served",))


@dataclass
class Procedure:
    """The procedure's figures of an office over a period."""

    orders_issued: int = 0
    amount_ordered: Decimal = Decimal("0")
    orders_served: int = 0
    orders_complied: int = 0
    documents_served: int = 0
    # step kind -> taken (recorded, or approved for the head's steps)
    taken: dict = field(default_factory=dict)
    # step kind -> amount decided (wages in a handling decision, the fines)
    amounts: dict = field(default_factory=dict)
    compensation: Decimal = Decimal("0")  # 加付赔偿金 decided
    police: dict = field(default_factory=dict)  # police outcome -> answers

    def count(self, kind: str) -> int:
        return self.taken.get(kind, 0)


def procedure(office: Office, period: Period) -> Procedure:
    """Every figure of the procedure over the period (reports/measures.py's conventions)."""
    result = Procedure()
    for (_role,), (issued, amount, complied) in totals.total(ORDERS, office, period).items():
        result.orders_issued += issued
        result.amount_ordered += amount
        result.orders_complied += complied
    for (kind,), (served,) in totals.total(SERVICES, office, period).items():
        result.documents_served += served
        if kind == "rectification":
            result.orders_served += served
    steps = totals.total(STEPS, office, period)
    for (kind, outcome), (recorded, approved, amount, compensation) in steps.items():
        result.taken[kind] = result.taken.get(kind, 0) + recorded + approved
        result.amounts[kind] = result.amounts.get(kind, Decimal("0")) + amount
        result.compensation += compensation
        if kind == StepKind.POLICE_ANSWER and outcome:
            result.police[outcome] = result.police.get(outcome, 0) + recorded
    return result
