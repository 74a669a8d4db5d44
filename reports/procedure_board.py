"""The dashboard's and the monthly return's "Inspection procedure" table: each figure of
reports/procedure.py for the period and a year earlier, linked to the cases behind it
(the case list's `procedure` filter, inspection/case_filters.py)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from inspection.models import PoliceOutcome, StepKind
from reports import figures
from reports.periods import Period
from reports.procedure import Procedure, procedure
from reports.tables import Cell, Table, case_list_url


def _rows(now: Procedure, before: Procedure) -> list[tuple]:
    """(key, label, now, before, kind, what the drill-down names)."""
    amounts = (now.amounts, before.amounts)
    rows = [
        ("filed", _("Cases filed"), now.count("filing"), before.count("filing"), "int", "filing"),
        ("orders_issued", _("Orders to correct issued"), now.orders_issued,
         before.orders_issued, "int", "order_issued"),
        ("orders_served", _("Orders to correct served"), now.orders_served,
         before.orders_served, "int", "order_served"),
        ("orders_complied", _("Orders paid as ordered"), now.orders_complied,
         before.orders_complied, "int", "order_complied"),
        ("amount_ordered", _("Amount ordered (yuan)"), now.amount_ordered,
         before.amount_ordered, "money", "order_issued"),
    ]  # fmt: skip
    for kind, label, amount_label in (
        (StepKind.HANDLING_DECISION, _("Handling decisions"), _("Wages decided (yuan)")),
        (StepKind.PENALTY_DECISION, _("Penalty decisions"), _("Fines imposed (yuan)")),
    ):
        rows.append((kind, label, now.count(kind), before.count(kind), "int", kind))
        rows.append(
            (
                f"{kind}_amount",
                amount_label,
                amounts[0].get(kind, 0),
                amounts[1].get(kind, 0),
                "money",
                kind,
            )
        )
    rows.append(
        ("compensation", _("Additional compensation decided (yuan)"), now.compensation,
         before.compensation, "money", StepKind.HANDLING_DECISION)
    )  # fmt: skip
    rows.append(
        ("transfers", _("Transferred to the police"), now.count(StepKind.TRANSFER),
         before.count(StepKind.TRANSFER), "int", StepKind.TRANSFER)
    )  # fmt: skip
    for outcome in (PoliceOutcome.FILED, PoliceOutcome.NOT_FILED):
        rows.append(
            (f"police_{outcome}", _("Police: %(answer)s") % {"answer": outcome.label},
             now.police.get(outcome, 0), before.police.get(outcome, 0), "int",
             f"police_{outcome}")
        )  # fmt: skip
    for kind, label in (
        (StepKind.CANCELLATION, _("Filings cancelled")),
        (StepKind.CLOSING, _("Closings approved")),
    ):
        rows.append((kind, label, now.count(kind), before.count(kind), "int", kind))
    return rows


def procedure_table(
    office: Office, period: Period, now: Procedure | None = None, before: Procedure | None = None
) -> Table:
    """The procedure's figures over the period beside a year earlier; `now` and `before`
    when the caller counted them already (reports/procedure.py `procedure`)."""
    if now is None:
        now = procedure(office, period)
    if before is None:
        before = procedure(office, period.a_year_earlier())
    table = Table(
        "procedure",
        _("Inspection procedure"),
        [_("Figure"), _("Period"), _("A year earlier"), _("Change")],
    )
    dates = {"procedure_from": period.first.isoformat(), "procedure_to": period.last.isoformat()}
    for key, label, value, earlier_value, kind, what in _rows(now, before):
        link = case_list_url(scope=office.pk, procedure=what, **dates)
        table.add(
            Cell(str(label), "text"),
            Cell(value, kind, link),
            Cell(earlier_value, kind),
            Cell(figures.change(value or 0, earlier_value or 0), "change"),
            key=key,
        )
    return table
