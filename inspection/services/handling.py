"""The administrative handling decision (行政处理决定书) with 加付赔偿金.

An employer ordered to pay wages (the order to correct, 限期改正指令书) that did not pay by
the date the served order set is decided against: it pays each worker the wages the order
named and, in addition, compensation of 50% to 100% of the amount owed (加付赔偿金), at a
rate the inspector chooses (劳动合同法 Art. 85; 劳动保障监察条例 Art. 26). The decision
states the facts, the evidence, the basis, the period to comply, the consequence of not
complying (an application to the people's court for enforcement, 行政强制法 Art. 53) and
the remedies (行政复议法 Art. 20; 行政诉讼法 Art. 46). It is numbered (处字) and served on
the party like the order.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from complaints.documents.content import Section, Table, document_language
from complaints.exceptions import InvalidTransition
from complaints.models import Case
from dispatch.models import OrderAddressee, OrderLine, RectificationOrder
from inspection.documents import base_content, remedies_section
from inspection.models import Step, StepKind
from inspection.selectors import ProcedureState
from inspection.services.investigation import lines_of
from inspection.services.steps import locked_state, step_record

# 劳动合同法 Art. 85: 加付赔偿金 of 50% to 100% of the amount owed.
LOWEST_RATE, HIGHEST_RATE = 50, 100
MAX_DAYS_TO_COMPLY = 90
FEN = Decimal("0.01")

BASIS = [
    _(
        "Art. 26 of the Regulations on Labor Security Supervision (劳动保障监察条例): an "
        "employer that withholds or fails to pay wages is ordered to pay them within a time "
        "limit and, if it does not pay within that limit, to pay the workers, in addition, "
        "compensation of 50 to 100 percent of the amount owed."
    ),
    _(
        "Art. 85 of the Labor Contract Law (劳动合同法): an employer that does not pay the "
        "workers' remuneration in full and on time, and does not pay it within the time "
        "limit it was ordered to, is ordered to pay the workers additional compensation of "
        "50 to 100 percent of the amount owed."
    ),
]
ENFORCEMENT = _(
    "If you neither apply for reconsideration nor bring a lawsuit within the time allowed "
    "and do not carry out this decision, this bureau will apply to the people's court for "
    "its enforcement (行政强制法, Art. 53)."
)


@dataclass
class DecisionLine:
    name: str
    complainant_id: int
    wages: Decimal
    compensation: Decimal

    @property
    def total(self) -> Decimal:
        return self.wages + self.compensation


def compensation_of(amount: Decimal, rate: int) -> Decimal:
    """加付赔偿金 on `amount` at `rate` percent, rounded to the fen (half up)."""
    return (amount * rate / Decimal(100)).quantize(FEN, rounding=ROUND_HALF_UP)


def _check(rate, pay_within_days, facts: str, evidence: str) -> None:
    errors = {}
    if not isinstance(rate, int) or not LOWEST_RATE <= rate <= HIGHEST_RATE:
        errors["rate"] = _(
            "The rate of the additional compensation must be from 50 to 100 percent of the "
            "wages owed (劳动合同法, Art. 85)."
        )
    if not isinstance(pay_within_days, int) or not 1 <= pay_within_days <= MAX_DAYS_TO_COMPLY:
        errors["pay_within_days"] = _("The period to comply must be from 1 to %(days)s days.") % {
            "days": MAX_DAYS_TO_COMPLY
        }
    if not facts:
        errors["facts"] = _("Write the facts found.")
    if not evidence:
        errors["evidence"] = _("List the evidence.")
    if errors:
        raise ValidationError(errors)


def _unpaid_order(state: ProcedureState, order: RectificationOrder) -> RectificationOrder:
    """The served order of this case the decision rests on, whose pay-by date passed with
    the wages unpaid: only then is 加付赔偿金 due (劳动合同法 Art. 85)."""
    served = {o.pk: o for o in state.served_orders}
    found = served.get(getattr(order, "pk", None))
    if found is None:
        raise ValidationError({"order": _("Choose an order to correct served on this case.")})
    if found.is_complied:
        raise InvalidTransition(
            _(
                "Order %(number)s was complied with: no additional compensation can be "
                "decided on it."
            )
            % {"number": found.number}
        )
    if any(step.order_id == found.pk for step in state.taken(StepKind.HANDLING_DECISION)):
        raise InvalidTransition(
            _("A handling decision was already made on order %(number)s.")
            % {"number": found.number}
        )
    if found not in state.served_unpaid_orders:
        raise InvalidTransition(
            _(
                "The pay-by date of order %(number)s (%(date)s) has not passed yet: additional "
                "compensation is decided only when the wages were not paid by then."
            )
            % {"number": found.number, "date": found.pay_by.isoformat()}
        )
    return found


def decision_lines(order: RectificationOrder, rate: int) -> list[DecisionLine]:
    """One line per worker on the order: the wages it named and their 加付赔偿金."""
    lines = OrderLine.objects.filter(order=order).select_related("complainant").order_by("id")
    return [
        DecisionLine(
            name=line.complainant.name,
            complainant_id=line.complainant_id,
            wages=line.amount,
            compensation=compensation_of(line.amount, rate),
        )
        for line in lines
    ]


def order_addressee(order: RectificationOrder) -> str:
    if order.addressee_role == OrderAddressee.EMPLOYER:
        return order.case.employer.name if order.case.employer_id else ""
    return order.addressee_name


@dataclass
class Decision:
    order: RectificationOrder
    served_on: date
    rate: int
    pay_within_days: int
    facts: str
    evidence: str
    lines: list[DecisionLine]


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _decision_table(decision: Decision) -> Table:
    wages = sum((line.wages for line in decision.lines), Decimal(0))
    extra = sum((line.compensation for line in decision.lines), Decimal(0))
    return Table(
        columns=[
            _("Worker"),
            _("Wages owed (yuan)"),
            _("Additional compensation (yuan)"),
            _("Total (yuan)"),
        ],
        rows=[
            [line.name, _money(line.wages), _money(line.compensation), _money(line.total)]
            for line in decision.lines
        ],
        footer=[_("Total"), _money(wages), _money(extra), _money(wages + extra)],
    )


def _decision_content(step: Step, decision: Decision, inspectors):
    order = decision.order
    with document_language():
        not_paid = _(
            "On %(served_on)s this bureau served on you the order to correct %(number)s, which "
            "ordered you to pay the wages owed by %(pay_by)s. You did not pay them by that date."
        ) % {
            "served_on": formats.date_format(decision.served_on, "DATE_FORMAT"),
            "number": order.number,
            "pay_by": formats.date_format(order.pay_by, "DATE_FORMAT"),
        }
        decided = _(
            "This bureau decides: within %(days)s days of receiving this decision, pay each "
            "worker below the wages owed and, in addition, compensation of %(rate)s percent "
            "of that amount (加付赔偿金)."
        ) % {"days": decision.pay_within_days, "rate": decision.rate}
        return base_content(
            case=step.case,
            office=step.referral.desk.office,
            title=_("Administrative handling decision"),
            inspectors=inspectors,
            addressee=order_addressee(order),
            sections=[
                Section(heading=_("Facts found"), paragraphs=[*lines_of(decision.facts), not_paid]),
                Section(heading=_("Evidence"), paragraphs=lines_of(decision.evidence)),
                Section(heading=_("Legal basis"), paragraphs=list(BASIS)),
                Section(
                    heading=_("Decision"), paragraphs=[decided], table=_decision_table(decision)
                ),
                Section(heading=_("If you do not comply"), paragraphs=[ENFORCEMENT]),
                remedies_section(step.referral.desk.office),
            ],
            receipt_line=_("Received by the party (signature and date):"),
        )


@transaction.atomic
def handling_decision_issue(
    *,
    case: Case,
    actor,
    second_inspector,
    order: RectificationOrder,
    rate: int,
    pay_within_days: int,
    facts: str,
    evidence: str,
) -> Step:
    """Decide that the party pays the wages the served, unpaid order named and 加付赔偿金 at
    `rate` percent (50 to 100, 劳动合同法 Art. 85; 劳动保障监察条例 Art. 26), within
    `pay_within_days` days; the decision (处字) is issued with the step."""
    facts, evidence = (facts or "").strip(), (evidence or "").strip()
    _check(rate, pay_within_days, facts, evidence)
    state = locked_state(case=case, actor=actor, kind=StepKind.HANDLING_DECISION)
    found = _unpaid_order(state, order)
    lines = decision_lines(found, rate)
    decision = Decision(
        order=found,
        served_on=state.order_service(found).served_on,
        rate=rate,
        pay_within_days=pay_within_days,
        facts=facts,
        evidence=evidence,
        lines=lines,
    )
    return step_record(
        case=case,
        kind=StepKind.HANDLING_DECISION,
        actor=actor,
        second_inspector=second_inspector,
        state=state,
        order=found,
        amount=sum((line.wages for line in lines), Decimal(0)),
        rate=rate,
        compensation=sum((line.compensation for line in lines), Decimal(0)),
        compose=lambda step: _decision_content(step, decision, [actor, second_inspector]),
        details={
            "pay_within_days": pay_within_days,
            "facts": facts,
            "evidence": evidence,
            "lines": [
                {
                    "complainant": line.complainant_id,
                    "name": line.name,
                    "wages": str(line.wages),
                    "compensation": str(line.compensation),
                }
                for line in lines
            ],
        },
    )
