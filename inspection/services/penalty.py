"""The administrative penalty (行政处罚): the advance notice, the party's defence or hearing,
and the decision.

Before deciding, the bureau tells the party the facts, the provision and the intended fine,
and its right to state its case and defend itself (行政处罚法 Art. 44, 45); a large fine
(`PenaltyProvision.hearing_threshold`, set by the province) also gives the right to request a
hearing within 5 days (Art. 63, 64). The decision (Art. 59) comes after the notice is served
and the party was heard or its time passed (inspection.selectors: `_needs_defence_heard`),
never heavier than the notice (Art. 45), within the provision's range; it is served within 7
working days when the party is absent (Art. 61: the `penalty.serve` clock opened here).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from complaints.documents.content import Section
from complaints.models import Case
from complaints.validators import required_text
from config import clock
from dispatch.services.deadlines import deadline_open
from inspection.documents import base_content, remedies_section, step_inspectors
from inspection.models import PenaltyProvision, Step, StepKind
from inspection.selectors import HEARING_REQUEST_DAYS, STATEMENT_DAYS
from inspection.services.service import PENALTY_SERVE_POLICY
from inspection.services.steps import locked_state, step_record

# The fine is paid within 15 days of receiving the decision (行政处罚法 Art. 67).
PAY_WITHIN_DAYS = 15
HEARING_KINDS = ("statement", "hearing", "waived")


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def check_amount(provision: PenaltyProvision, amount: Decimal | None) -> None:
    """A fine within the provision's range (行政处罚法 Art. 4: a penalty has its basis in
    the provision, and no more than it allows)."""
    if amount is None or not provision.floor <= amount <= provision.ceiling:
        raise ValidationError(
            {
                "amount": _(
                    "The fine under “%(provision)s” must lie between %(floor)s and %(ceiling)s "
                    "yuan."
                )
                % {
                    "provision": provision,
                    "floor": _yuan(provision.floor),
                    "ceiling": _yuan(provision.ceiling),
                }
            }
        )


def _provision_text(provision: PenaltyProvision) -> str:
    return f"{provision.name}（{provision.basis}）"


def _notice_content(step: Step, *, provision: PenaltyProvision, facts: str, evidence: str):
    amount = _yuan(step.amount)
    rights = [
        _(
            "You have the right to state your case and defend yourself (行政处罚法 Art. 45). "
            "Submit your statement in writing or in person within %(days)s days of receiving "
            "this notice; the penalty will not be made heavier because you defend yourself."
        )
        % {"days": STATEMENT_DAYS}
    ]
    if step.details["hearing_right"]:
        rights.append(
            _(
                "You have the right to request a hearing (行政处罚法 Art. 63). A request made "
                "later than %(days)s days after receiving this notice is taken as a waiver "
                "(行政处罚法 Art. 64)."
            )
            % {"days": HEARING_REQUEST_DAYS}
        )
    return base_content(
        case=step.case,
        office=step.referral.desk.office,
        title=_("Advance notice of an administrative penalty"),
        inspectors=step_inspectors(step),
        addressee=step.case.employer.name if step.case.employer_id else "",
        sections=[
            Section(heading=_("Facts of the violation"), paragraphs=[facts]),
            Section(heading=_("Evidence"), paragraphs=[evidence]),
            Section(
                heading=_("Provision and intended penalty"),
                paragraphs=[
                    _(
                        "Under %(provision)s, the bureau intends to impose a fine of "
                        "%(amount)s yuan."
                    )
                    % {"provision": _provision_text(provision), "amount": amount}
                ],
            ),
            Section(heading=_("Your rights"), paragraphs=rights),
        ],
        receipt_line=_("Received by the party:"),
    )


@transaction.atomic
def penalty_notice_issue(
    *,
    case: Case,
    actor,
    second_inspector,
    provision: PenaltyProvision,
    amount: Decimal,
    facts: str,
    evidence: str,
) -> Step:
    """Issue the advance notice (行政处罚事先告知书, 行政处罚法 Art. 44) of a fine of `amount`
    under `provision`; a fine of the provision's hearing threshold or more carries the right
    to request a hearing (Art. 63)."""
    check_amount(provision, amount)
    facts = required_text(facts, field="facts", message=_("State the facts of the violation."))
    evidence = required_text(evidence, field="evidence", message=_("List the evidence."))
    state = locked_state(case=case, actor=actor, kind=StepKind.PENALTY_NOTICE)
    return step_record(
        case=case,
        kind=StepKind.PENALTY_NOTICE,
        actor=actor,
        second_inspector=second_inspector,
        amount=amount,
        details={
            "provision": provision.code,
            "hearing_right": amount >= provision.hearing_threshold,
            "facts": facts,
            "evidence": evidence,
        },
        compose=lambda step: _notice_content(
            step, provision=provision, facts=facts, evidence=evidence
        ),
        state=state,
    )


@transaction.atomic
def hearing_record(
    *, case: Case, actor, second_inspector, held_on: date, kind: str, summary: str
) -> Step:
    """Record the party's defence on the served notice: a statement (陈述、申辩), a hearing
    (听证, 行政处罚法 Art. 64), or its waiver; `summary` is what the party said and what the
    bureau made of it (Art. 45: the facts, reasons and evidence put are reviewed)."""
    if kind not in HEARING_KINDS:
        raise ValidationError({"kind": _("Choose what the party did.")})
    if held_on is None or held_on > clock.today():
        raise ValidationError({"held_on": _("Give the day it took place.")})
    summary = required_text(summary, field="summary", message=_("Summarise what the party said."))
    state = locked_state(case=case, actor=actor, kind=StepKind.HEARING)
    notice = state.taken(StepKind.PENALTY_NOTICE)[-1]
    return step_record(
        case=case,
        kind=StepKind.HEARING,
        actor=actor,
        second_inspector=second_inspector,
        follows=notice,
        details={"kind": kind, "held_on": held_on.isoformat(), "summary": summary},
        state=state,
    )


def _decision_content(step: Step, *, notice: Step, provision, reasons: str, pay_within_days: int):
    office = step.referral.desk.office
    return base_content(
        case=step.case,
        office=office,
        title=_("Administrative penalty decision"),
        inspectors=step_inspectors(step),
        addressee=step.case.employer.name if step.case.employer_id else "",
        sections=[
            Section(heading=_("Facts of the violation"), paragraphs=[notice.details["facts"]]),
            Section(heading=_("Evidence"), paragraphs=[notice.details["evidence"]]),
            Section(heading=_("Reasons"), paragraphs=[reasons]),
            Section(
                heading=_("Provision and penalty"),
                paragraphs=[
                    _("Under %(provision)s, the bureau imposes a fine of %(amount)s yuan.")
                    % {"provision": _provision_text(provision), "amount": _yuan(step.amount)}
                ],
            ),
            Section(
                heading=_("Payment"),
                paragraphs=[
                    _(
                        "Pay the fine within %(days)s days of receiving this decision at the "
                        "bank named by the bureau or through the electronic payment system "
                        "(行政处罚法 Art. 67). Late payment adds 3%% of the fine for each day "
                        "overdue (行政处罚法 Art. 72)."
                    )
                    % {"days": pay_within_days}
                ],
            ),
            remedies_section(office),
        ],
        receipt_line=_("Received by the party:"),
    )


@transaction.atomic
def penalty_decision_issue(
    *,
    case: Case,
    actor,
    second_inspector,
    amount: Decimal,
    pay_within_days: int = PAY_WITHIN_DAYS,
    reasons: str,
) -> Step:
    """Decide the fine announced by the served notice (行政处罚决定书, 行政处罚法 Art. 59):
    never heavier than the notice (Art. 45), within the provision's range; the clock for
    serving it (Art. 61, `penalty.serve`) opens today on the inspection referral."""
    reasons = required_text(
        reasons, field="reasons", message=_("Give the reasons for the penalty decided.")
    )
    if pay_within_days is None or pay_within_days < PAY_WITHIN_DAYS:
        raise ValidationError(
            {
                "pay_within_days": _("The party has at least %(days)s days to pay (Art. 67).")
                % {"days": PAY_WITHIN_DAYS}
            }
        )
    state = locked_state(case=case, actor=actor, kind=StepKind.PENALTY_DECISION)
    notice = state.taken(StepKind.PENALTY_NOTICE)[-1]
    provision = PenaltyProvision.objects.get(code=notice.details["provision"])
    if amount is not None and amount > notice.amount:
        raise ValidationError(
            {
                "amount": _(
                    "The fine may not be heavier than the %(amount)s yuan of the advance notice "
                    "(行政处罚法 Art. 45)."
                )
                % {"amount": _yuan(notice.amount)}
            }
        )
    check_amount(provision, amount)
    step = step_record(
        case=case,
        kind=StepKind.PENALTY_DECISION,
        actor=actor,
        second_inspector=second_inspector,
        follows=notice,
        amount=amount,
        details={"provision": provision.code, "pay_within_days": pay_within_days},
        compose=lambda step: _decision_content(
            step,
            notice=notice,
            provision=provision,
            reasons=reasons,
            pay_within_days=pay_within_days,
        ),
        state=state,
    )
    deadline_open(referral=state.referral, policy_code=PENALTY_SERVE_POLICY, start=clock.today())
    return step
