"""The "Wage-arrears return" table (根治欠薪): the figures a bureau reports upward every
month, one numbered row each with its definition, on the monthly return, the dashboard and
their Excel files (README "The wage-arrears return" repeats the definitions).

Rows already counted by the dashboard's other tables (received, closed, wages, the
inspection procedure) are taken from them; the rest from reports/arrears.py.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from complaints.models import Satisfaction
from inspection.models import StepKind
from reports import figures
from reports.arrears import Arrears, arrears
from reports.periods import Period
from reports.procedure import Procedure
from reports.tables import Cell, Table, case_list_url


@dataclass
class Counted:
    """One side (the period, or a year earlier) of what the other tables counted."""

    received: figures.Received
    closing: figures.Closure
    paid: figures.Wages
    procedure: Procedure
    arrears: Arrears | None = None


def _dates(prefix: str, period: Period) -> dict:
    return {f"{prefix}_from": period.first.isoformat(), f"{prefix}_to": period.last.isoformat()}


def _case_rows(side: Counted) -> list[tuple]:
    """(key, label, value, kind, definition) of the cases and the wages."""
    found = side.arrears
    return [
        ("received", _("Complaints received"), side.received.cases, "int",
         _("Cases registered in the period (consultations not included).")),
        ("filed", _("Cases filed"), side.procedure.count(StepKind.FILING), "int",
         _("Filings (立案) approved in the period.")),
        ("closed", _("Cases closed"), side.closing.closed, "int",
         _("Cases closed (结案) in the period, outcome and follow-up recorded.")),
        ("wages", _("Wages recovered (yuan)"), side.paid.recovered, "money",
         _("Wages paid to the workers in the period, per the case's wage ledger. Advance "
           "payments are not included.")),
        ("workers", _("Workers who recovered wages"), side.paid.workers, "int",
         _("Workers with at least one ledger payment in the period, each counted once.")),
        ("migrant_wages", _("of which migrant workers: wages (yuan)"),
         found.migrant.recovered, "money",
         _("Of the wages recovered, those paid to workers marked as migrant workers.")),
        ("migrant_workers", _("of which migrant workers: workers"), found.migrant.workers,
         "int", _("Of the workers who recovered wages, those marked as migrant workers.")),
        ("construction_wages", _("of which construction: wages (yuan)"),
         found.construction.recovered, "money",
         _("Of the wages recovered, those paid on construction cases.")),
        ("construction_workers", _("of which construction: workers"),
         found.construction.workers, "int",
         _("Of the workers who recovered wages, those on construction cases.")),
    ]  # fmt: skip


def _money_rows(side: Counted) -> list[tuple]:
    """(key, label, value, kind, definition) of advances and the procedure's acts."""
    found, procedure = side.arrears, side.procedure
    return [
        ("advanced", _("Advance payments (yuan)"), found.advances.amount, "money",
         _("Paid to workers in the period from the emergency wage fund or the wage "
           "guarantee deposit (先行垫付). Not wages recovered.")),
        ("advanced_workers", _("Workers paid in advance"), found.advances.workers, "int",
         _("Workers with at least one advance payment in the period.")),
        ("advance_recovered", _("Advances recovered from employers (yuan)"),
         found.advances.recovered, "money",
         _("Repaid by employers in the period for the advances on their cases.")),
        ("orders", _("Orders to correct issued"), procedure.orders_issued, "int",
         _("Orders to correct (限期改正指令书) issued in the period.")),
        ("decisions", _("Handling decisions"), procedure.count(StepKind.HANDLING_DECISION),
         "int", _("Administrative handling decisions (行政处理决定书) issued in the period.")),
        ("penalties", _("Penalty decisions"), procedure.count(StepKind.PENALTY_DECISION),
         "int", _("Administrative penalty decisions (行政处罚决定书) issued in the period.")),
        ("fines", _("Fines imposed (yuan)"),
         procedure.amounts.get(StepKind.PENALTY_DECISION, 0), "money",
         _("The fines of those penalty decisions.")),
        ("transfers", _("Transferred to the police"), procedure.count(StepKind.TRANSFER),
         "int", _("Cases transferred to the police in the period (拒不支付劳动报酬罪).")),
        ("group_cases", _("Group cases"), found.group_cases, "int",
         _("Group wage-arrears cases (群体性欠薪) declared in the period: as many workers as "
           "the threshold or more, or a risk of a mass incident flagged.")),
        ("group_workers", _("Workers in group cases"), found.group_workers, "int",
         _("The workers of those group cases when they were declared.")),
    ]  # fmt: skip


def _followup_rows(side: Counted) -> list[tuple]:
    found = side.arrears
    reached = _(
        "Cases closed in the period whose follow-up (回访) reached the complainant: "
        "satisfied, basically satisfied or dissatisfied."
    )
    rows = [("followups", _("Follow-ups answered"), found.reached, "int", reached)]
    for answer, key in (
        (Satisfaction.SATISFIED, "satisfied"),
        (Satisfaction.BASICALLY, "basically"),
        (Satisfaction.DISSATISFIED, "dissatisfied"),
    ):
        label = _("Follow-up: %(answer)s (%%)") % {"answer": answer.label}
        meaning = _("Share of the follow-ups answered that said so.")
        rows.append((f"rate_{key}", label, found.rate(answer), "share", meaning))
    return rows


def _rows(side: Counted) -> list[tuple]:
    return [*_case_rows(side), *_money_rows(side), *_followup_rows(side)]


LINKS = {
    "received": lambda period: _dates("date", period),
    "filed": lambda period: {"procedure": "filing", **_dates("procedure", period)},
    "closed": lambda period: _dates("closed", period),
    "wages": lambda period: _dates("paid", period),
    "workers": lambda period: _dates("paid", period),
    "migrant_wages": lambda period: {"migrant": "yes", **_dates("paid", period)},
    "construction_wages": lambda period: {"construction": "yes", **_dates("paid", period)},
    "orders": lambda period: {"procedure": "order_issued", **_dates("procedure", period)},
    "decisions": lambda period: {
        "procedure": StepKind.HANDLING_DECISION,
        **_dates("procedure", period),
    },
    "penalties": lambda period: {
        "procedure": StepKind.PENALTY_DECISION,
        **_dates("procedure", period),
    },
    "transfers": lambda period: {"procedure": StepKind.TRANSFER, **_dates("procedure", period)},
}


def arrears_table(office, period: Period, now: Counted, before: Counted) -> Table:
    now.arrears = arrears(office, period)
    before.arrears = arrears(office, period.a_year_earlier())
    table = Table(
        "arrears",
        _("Wage-arrears return"),
        [_("Line"), _("Figure"), _("Period"), _("A year earlier"), _("Definition")],
    )
    earlier = {key: value for key, _label, value, _kind, _meaning in _rows(before)}
    for line, (key, label, value, kind, meaning) in enumerate(_rows(now), start=1):
        link = case_list_url(scope=office.pk, **LINKS[key](period)) if key in LINKS else ""
        table.add(
            Cell(line),
            Cell(str(label), "text"),
            Cell(value, kind, link),
            Cell(earlier[key], kind),
            Cell(str(meaning), "text"),
            key=key,
        )
    return table
