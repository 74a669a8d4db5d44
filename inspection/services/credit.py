"""Credit consequences for an employer who did not pay after a served order or decision
(保障农民工工资支付条例 Art. 48; 拖欠农民工工资失信联合惩戒对象名单管理暂行办法;
重大劳动保障违法行为社会公布办法).

The inspector of the case (or a supervisor, or the head) proposes a measure against the
party ordered to pay, with the grounds and the basis: a served order to correct whose
pay-by date passed unpaid (the rule the transfer to the police rests on), or a served
handling decision whose period to comply passed with the wages unpaid
(inspection/credit_selectors.py). The head of the inspection body approves or refuses with
reasons, never their own proposal. Each refusal names what is missing and changes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import Case, Employer, EventKind, IssuedDocument
from complaints.normalization import normalize_employer_name
from complaints.selectors.visibility import case_lock_for
from config import clock
from dispatch.models import OrderAddressee, RectificationOrder
from inspection.credit_selectors import Basis, bases, basis_missing
from inspection.models import CreditMeasure, CreditProposal, CreditStatus
from inspection.selectors import ProcedureState, procedure_state
from inspection.services.steps import may_work


def _check_input(measure: str, grounds: str) -> str:
    errors = {}
    grounds = (grounds or "").strip()
    if measure not in CreditMeasure.values:
        errors["measure"] = _("Choose the measure.")
    if not grounds:
        errors["grounds"] = _("Write the grounds of the proposal.")
    if errors:
        raise ValidationError(errors)
    return grounds


def _locked_state(*, case: Case, actor) -> ProcedureState:
    state = procedure_state(case_lock_for(user=actor, case_id=case.pk))
    if not may_work(user=actor, state=state):
        raise ActionNotPermitted(
            _("Only the inspector of this case, a supervisor or the head can do this.")
        )
    if not state.is_filed:
        raise InvalidTransition(
            _("The case must be filed (立案) and taken on by the inspection desk first.")
        )
    return state


def _basis(state: ProcedureState, document: IssuedDocument | None) -> Basis:
    """The chosen basis, when it is one now; else the refusal naming what is missing."""
    found = bases(state)
    if not found:
        raise InvalidTransition(
            _("No order to correct or handling decision has been served on the party.")
        )
    chosen = next((b for b in found if document is not None and b.document.pk == document.pk), None)
    if chosen is None:
        raise ValidationError(
            {"basis": _("Choose the served order or decision the employer did not comply with.")}
        )
    missing = basis_missing(state, chosen)
    if missing:
        raise InvalidTransition(missing)
    return chosen


def _party_ordered(case: Case, order: RectificationOrder) -> Employer:
    """The case's employer, or the organisation of the chain the order was addressed to."""
    if order.addressee_role == OrderAddressee.EMPLOYER:
        if case.employer_id is None:
            raise InvalidTransition(_("The case names no employer."))
        return case.employer
    parties = [
        party.employer
        for party in case.parties.filter(
            role=order.addressee_role, employer__isnull=False
        ).select_related("employer")
    ]
    code, name = order.addressee_credit_code, normalize_employer_name(order.addressee_name)
    for employer in parties:
        if (code and employer.credit_code == code) or employer.normalized_name == name:
            return employer
    if len(parties) == 1:
        return parties[0]
    raise InvalidTransition(
        _("Record %(party)s (%(name)s) among the case's parties first.")
        % {"party": order.get_addressee_role_display(), "name": order.addressee_name}
    )


@transaction.atomic
def credit_propose(
    *, case: Case, actor, measure: str, basis: IssuedDocument | None, grounds: str
) -> CreditProposal:
    """Propose `measure` against the party that did not pay under `basis`; the head decides."""
    grounds = _check_input(measure, grounds)
    state = _locked_state(case=case, actor=actor)
    chosen = _basis(state, basis)
    if CreditProposal.objects.filter(
        case=state.case, measure=measure, status=CreditStatus.PROPOSED
    ).exists():
        raise InvalidTransition(
            _("A proposal of this measure on this case already awaits the head's decision.")
        )
    employer = _party_ordered(state.case, chosen.order)
    proposal = CreditProposal.objects.create(
        case=state.case,
        employer=employer,
        measure=measure,
        basis=chosen.document,
        grounds=grounds,
        proposed_by=actor,
        proposed_at=clock.now(),
    )
    events.record(
        case=state.case,
        kind=EventKind.CREDIT_PROPOSED,
        actor=actor,
        payload={
            "employer": employer.name,
            **events.in_both_languages("measure", CreditMeasure(measure).label),
        },
        message=grounds,
    )
    return proposal


def _locked_proposal(*, proposal: CreditProposal, actor) -> CreditProposal:
    if not actor.has_role(Role.INSPECTION_HEAD):
        raise ActionNotPermitted(_("Only the head of the inspection body can decide this."))
    case_lock_for(user=actor, case_id=proposal.case_id)
    locked = (
        CreditProposal.objects.select_for_update(of=("self",))
        .select_related("case", "employer", "basis")
        .get(pk=proposal.pk)
    )
    if locked.proposed_by_id == actor.pk:
        raise ActionNotPermitted(_("The head does not decide their own proposal."))
    if locked.status != CreditStatus.PROPOSED:
        raise InvalidTransition(_("This proposal was already decided."))
    return locked


def _decide(proposal: CreditProposal, *, actor, status: str, note: str) -> CreditProposal:
    proposal.status = status
    proposal.decided_by = actor
    proposal.decided_at = clock.now()
    proposal.decision_note = note
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    events.record(
        case=proposal.case,
        kind=EventKind.CREDIT_DECIDED,
        actor=actor,
        payload={
            "employer": proposal.employer.name,
            **events.in_both_languages("measure", CreditMeasure(proposal.measure).label),
            **events.in_both_languages("decision", CreditStatus(status).label),
        },
        message=note,
    )
    return proposal


@transaction.atomic
def credit_approve(*, proposal: CreditProposal, actor, note: str = "") -> CreditProposal:
    """The head approves: refused instead when the wages were paid since the proposal."""
    locked = _locked_proposal(proposal=proposal, actor=actor)
    state = procedure_state(locked.case)
    basis = next((b for b in bases(state) if b.document.pk == locked.basis_id), None)
    if basis is None or basis_missing(state, basis):
        raise InvalidTransition(
            basis_missing(state, basis) if basis else _("The basis of the proposal is gone.")
        )
    return _decide(locked, actor=actor, status=CreditStatus.APPROVED, note=(note or "").strip())


@transaction.atomic
def credit_refuse(*, proposal: CreditProposal, actor, note: str) -> CreditProposal:
    """The head refuses, with the reasons on file."""
    note = (note or "").strip()
    if not note:
        raise InvalidTransition(_("Write the reason for not approving."))
    locked = _locked_proposal(proposal=proposal, actor=actor)
    return _decide(locked, actor=actor, status=CreditStatus.REFUSED, note=note)
