"""The inspection procedure's summary tables, and what each of their columns counts
(reports/procedure.py reads them as figures).

Steps recorded at once are counted by the day recorded; the steps the head approves by
the day approved (a refused proposal is not counted); an order as issued by the day issued
and as paid by the day compliance was recorded; a service by the day it was recorded. The
rows counted never change after the moment they are timed by, so a settled day stays
true (reports/totals.py).
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from accounts.models import Office
from dispatch.models import RectificationOrder
from inspection.models import Service, Step, StepStatus
from reports import scope
from reports.measures import CONSTRUCTION, Measure, Table, Through
from reports.models import OrderMonth, ServiceMonth, StepMonth
from reports.restriction import only_cases

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=16, decimal_places=2))


def _sum(name: str) -> Coalesce:
    return Coalesce(Sum(name), ZERO)


def steps_in(office: Office):
    steps = scope.in_scope(Step.objects.all(), office, *scope.DECISION_OFFICE_PAIR)
    return only_cases(steps, "case")


def orders_in(office: Office):
    orders = scope.in_scope(RectificationOrder.objects.all(), office, *scope.DECISION_OFFICE_PAIR)
    return only_cases(orders, "case")


def services_in(office: Office):
    pair = tuple(f"document__{name}" for name in scope.DECISION_OFFICE_PAIR)
    return only_cases(scope.in_scope(Service.objects.all(), office, *pair), "document__case")


RECORDED = Measure(
    Step,
    steps_in,
    "created_at",
    {"recorded": Count("id"), "amount": _sum("amount"), "compensation": _sum("compensation")},
    where=Q(status=StepStatus.RECORDED),
    case="case",
)
APPROVED = Measure(
    Step,
    steps_in,
    "decided_at",
    {"approved": Count("id")},
    where=Q(status=StepStatus.APPROVED),
    case="case",
)
ISSUED = Measure(
    RectificationOrder,
    orders_in,
    "issued_at",
    {"issued": Count("id"), "amount_ordered": _sum("amount_ordered")},
    case="case",
)
COMPLIED = Measure(
    RectificationOrder,
    orders_in,
    "complied_at",
    {"complied": Count("id")},
    where=Q(complied_at__isnull=False),
    case="case",
)
SERVED = Measure(
    Service, services_in, "recorded_at", {"served": Count("id")}, case="document__case"
)

STEP_MONTHS = Table(
    StepMonth,
    scope.OFFICE_PAIR,
    (Through("case", *scope.OFFICE_PAIR), "kind", "outcome", CONSTRUCTION),
    {"recorded": RECORDED, "amount": RECORDED, "compensation": RECORDED, "approved": APPROVED},
)
ORDER_MONTHS = Table(
    OrderMonth,
    scope.OFFICE_PAIR,
    (Through("case", *scope.OFFICE_PAIR), "addressee_role", CONSTRUCTION),
    {"issued": ISSUED, "amount_ordered": ISSUED, "complied": COMPLIED},
)
SERVICE_MONTHS = Table(
    ServiceMonth,
    scope.OFFICE_PAIR,
    (
        Through("document__case", *scope.OFFICE_PAIR),
        Through("document", "kind"),
        CONSTRUCTION,
    ),
    {"served": SERVED},
)
PROCEDURE_TABLES = (STEP_MONTHS, ORDER_MONTHS, SERVICE_MONTHS)
