"""complaints' case lists filtered by the inspection procedure: the cases behind each of
the dashboard's procedure figures (reports/procedure.py). Registered with complaints when
the app starts (InspectionConfig.ready), as dispatch registers its own filters.

`procedure` names what was done — an order issued, served or paid as ordered, a step of
the procedure (its kind), or the police's answer (police_<outcome>) — and `procedure_from`
/ `procedure_to` the days (Asia/Shanghai) it was done in, counted as the figures count it.
"""

from django.db.models import Q, QuerySet

from complaints.models import Case
from complaints.selectors.lists import register_case_filter
from dispatch.models import RectificationOrder
from inspection.models import APPROVED_STEPS, PoliceOutcome, Service, Step, StepKind, StepStatus

ORDER_ISSUED, ORDER_SERVED, ORDER_COMPLIED = "order_issued", "order_served", "order_complied"
POLICE_PREFIX = "police_"


def _days(field: str, filters: dict) -> Q:
    condition = Q()
    if filters.get("procedure_from"):
        condition &= Q(**{f"{field}__date__gte": filters["procedure_from"]})
    if filters.get("procedure_to"):
        condition &= Q(**{f"{field}__date__lte": filters["procedure_to"]})
    return condition


def _step_cases(what: str, filters: dict) -> QuerySet | None:
    if what.startswith(POLICE_PREFIX) and what[len(POLICE_PREFIX) :] in PoliceOutcome.values:
        outcome = what[len(POLICE_PREFIX) :]
        rows = Step.objects.filter(
            _days("created_at", filters), kind=StepKind.POLICE_ANSWER, outcome=outcome
        )
    elif what in APPROVED_STEPS or what == StepKind.FILING:
        rows = Step.objects.filter(
            _days("decided_at", filters), kind=what, status=StepStatus.APPROVED
        )
    elif what in StepKind.values:
        rows = Step.objects.filter(_days("created_at", filters), kind=what, status="recorded")
    else:
        return None
    return rows.values("case")


def with_procedure(cases: QuerySet[Case], filters: dict) -> QuerySet[Case]:
    what = filters["procedure"]
    if what == ORDER_ISSUED:
        rows = RectificationOrder.objects.filter(_days("issued_at", filters)).values("case")
    elif what == ORDER_COMPLIED:
        rows = RectificationOrder.objects.filter(
            _days("complied_at", filters), complied_at__isnull=False
        ).values("case")
    elif what == ORDER_SERVED:
        rows = Service.objects.filter(
            _days("recorded_at", filters), document__kind="rectification"
        ).values("document__case")
    else:
        rows = _step_cases(what, filters)
    return cases.none() if rows is None else cases.filter(pk__in=rows)


def register_case_filters() -> None:
    register_case_filter("procedure", with_procedure)
