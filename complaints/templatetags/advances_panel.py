"""`{% advances_panel %}`: the case page's advance payments (先行垫付), apart from the ledger.

The views that record them put their bound form (with its errors) on the request, so the
page shown again with status 400 keeps what the user sent.
"""

from django import template

from complaints.forms.advances import AdvanceForm, AdvanceRecoveryForm
from complaints.selectors.advances import case_advances
from complaints.services.advances import may_record_advances

register = template.Library()


@register.inclusion_tag("complaints/_advances.html", takes_context=True)
def advances_panel(context) -> dict:
    case, request = context["case"], context["request"]
    may_record = may_record_advances(case=case, user=request.user)
    advance_form = getattr(request, "advance_form", None)
    recovery_form = getattr(request, "advance_recovery_form", None)
    return {
        "case": case,
        "advances": case_advances(case),
        "may_record": may_record,
        "advance_form": advance_form or (AdvanceForm(case=case) if may_record else None),
        "recovery_form": recovery_form or AdvanceRecoveryForm(),
        "csrf_token": context.get("csrf_token"),
    }
