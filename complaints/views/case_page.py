"""The case page's rendering, shared by every view that shows it (again, with a form's errors).

What complaints records is read here, once per request, and handed to the page's templates
(its sections read nothing themselves, so the page's cost is fixed in one place); the panels
other apps register for the page are added by its template (`{% case_panels %}`,
complaints/panels.py).
"""

from django.shortcuts import render

from complaints.events import describe
from complaints.forms import ACTION_FORMS, DimensionsForm, EvidenceForm, NoteForm, PaymentForm
from complaints.forms.acceptance import CompletedForm, DecisionForm, SendBackForm
from complaints.forms.advances import AdvanceForm, AdvanceRecoveryForm
from complaints.forms.chain import ChainForm
from complaints.forms.violations import ViolationsForm
from complaints.models import Status
from complaints.pii import reveal_pending
from complaints.selectors.advances import case_advances
from complaints.selectors.cases import ledger_totals
from complaints.selectors.closing import close_initial
from complaints.services.acceptance import (
    arrears_began_over_two_years_ago,
    awaited_completion,
    decision_actions_for,
    pending_decision,
)
from complaints.services.advances import may_record_advances
from complaints.services.dimensions import may_edit_dimensions
from complaints.services.evidence import may_add_evidence
from complaints.services.payments import LEDGER_ROLES
from complaints.services.transitions import case_actions_for
from complaints.services.violations import may_record_findings
from complaints.workflow import ALLOWED_TRANSITIONS
from config import clock


def evidence_section(request, case, form=None) -> dict:
    """Context of templates/complaints/_evidence.html (evidence is prefetched by the selector)."""
    return {
        "files": case.evidence.all(),
        "form": form or EvidenceForm(),
        "may_add": may_add_evidence(case=case, user=request.user),
    }


def advances_section(
    request, case, advance_form=None, recovery_form=None, change_form=None
) -> dict:
    """Context of templates/complaints/_advances.html: the advances (先行垫付) apart from the
    ledger, the forms to record them for who may, and a correction refused (its errors)."""
    may_record = may_record_advances(case=case, user=request.user)
    return {
        "summary": case_advances(case),
        "may_record": may_record,
        "advance_form": advance_form or (AdvanceForm(case=case) if may_record else None),
        "recovery_form": recovery_form or AdvanceRecoveryForm(),
        "change_form": change_form,
    }


def chain_section(request, case, form=None) -> dict:
    """Context of templates/complaints/_chain.html: the project and the chain of
    responsibility, shown for a construction case or when anything is recorded."""
    parties = list(case.parties.select_related("employer").order_by("id"))
    form = form or ChainForm(case=case, parties=parties)
    return {
        "form": form,
        "parties": parties,
        "shown": case.is_construction or case.project_id or parties or form.is_bound,
        "may_edit": may_edit_dimensions(case=case, user=request.user),
    }


def violations_section(request, case, form=None) -> dict:
    """Context of templates/complaints/_violations.html: each category complained of and found."""
    form = form or ViolationsForm(
        case=case,
        may_complain=may_edit_dimensions(case=case, user=request.user),
        may_find=may_record_findings(case=case, user=request.user),
    )
    return {"form": form, "rows": form.rows(), "may_edit": form.may_complain or form.may_find}


def acceptance_section(request, case, bound=None) -> dict:
    """Context of templates/complaints/_acceptance.html: the case's decisions (prefetched),
    what this user may do about them now, and a form per action (the sent one bound)."""
    offered = decision_actions_for(case=case, user=request.user)
    forms = {
        "decision": DecisionForm(prefix="decision"),
        "send_back": SendBackForm(prefix="send_back"),
        "complete": CompletedForm(prefix="complete", initial={"received_on": clock.today()}),
    }
    action, form = bound or (None, None)
    if action in ("propose", "decide"):
        forms["decision"] = form
    elif action in forms:
        forms[action] = form
    return {
        "decisions": list(case.acceptance_decisions.all()),
        "pending": pending_decision(case),
        "awaited": awaited_completion(case),
        "may": offered,
        "forms": forms,
        "errors": form if action == "approve" else None,
        "arrears_warning": bool(offered)
        and arrears_began_over_two_years_ago(case.arrears_from, clock.today()),
    }


def action_forms(request, case, bound_action=None, bound_form=None) -> list[dict]:
    """The workflow's actions open to this user, each with its form (the sent one bound)."""
    actions = []
    offered = case_actions_for(case=case, user=request.user)
    if bound_action and all(item.action != bound_action for item in offered):
        # Refused by a check beyond the table (e.g. desks still working): the form the user
        # sent stays on the page with the reason, though the action is not offered now.
        offered.append(ALLOWED_TRANSITIONS[bound_action])
    for transition in offered:
        form_class = ACTION_FORMS[transition.action]
        is_bound = transition.action == bound_action
        form = bound_form if is_bound else _unbound_form(form_class, transition.action, case)
        actions.append({"transition": transition, "form": form, "open": is_bound})
    return actions


def _unbound_form(form_class, action: str, case):
    """An action's empty form; the close form starts from what was decided already (the
    approved closing's outcome: complaints/selectors/closing.py)."""
    initial = close_initial(case) if action == "close" else None
    return form_class(prefix=action, initial=initial)


def render_case_page(
    request,
    case,
    *,
    bound_action=None,
    bound_form=None,
    note_form=None,
    payment_form=None,
    evidence_form=None,
    acceptance_bound=None,
    dimensions_form=None,
    chain_form=None,
    violations_form=None,
    advance_form=None,
    recovery_form=None,
    advance_change_form=None,
    status=200,
):
    """The case page; a form passed in is shown as sent, with its errors."""
    complainants = list(case.complainants.all())
    context = {
        "case": case,
        "actions": action_forms(request, case, bound_action, bound_form),
        "timeline": [(event, describe(event)) for event in case.events.all()],
        "note_form": note_form or NoteForm(),
        "complainants": complainants,
        "ledger": ledger_totals(complainants),
        "payment_form": payment_form or PaymentForm(case=case),
        "may_record_payments": case.is_open and request.user.has_role(*LEDGER_ROLES),
        "has_not_accepted_notice": case.status == Status.NOT_ACCEPTED,
        "evidence": evidence_section(request, case, evidence_form),
        "acceptance": acceptance_section(request, case, acceptance_bound),
        "dimensions": {
            "form": dimensions_form or DimensionsForm(case=case, complainants=complainants),
            "may_edit": may_edit_dimensions(case=case, user=request.user),
        },
        "advances": advances_section(
            request, case, advance_form, recovery_form, advance_change_form
        ),
        "chain": chain_section(request, case, chain_form),
        "violations": violations_section(request, case, violations_form),
    }
    showing_id_number = reveal_pending(request)
    response = render(request, "complaints/case_detail.html", context, status=status)
    if showing_id_number:
        response["Cache-Control"] = "no-store"
    return response
