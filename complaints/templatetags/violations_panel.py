"""`{% violations_panel %}`: the case page's violation categories, complained of and found.

The view that saves them puts its bound form (with its errors) on the request, so the page
shown again with status 400 keeps what the user sent.
"""

from django import template

from complaints.forms.violations import ViolationsForm
from complaints.services.dimensions import may_edit_dimensions
from complaints.services.violations import may_record_findings

register = template.Library()


def violations_form_for(request, case) -> ViolationsForm:
    bound = getattr(request, "violations_form", None)
    if bound is not None:
        return bound
    return ViolationsForm(
        case=case,
        may_complain=may_edit_dimensions(case=case, user=request.user),
        may_find=may_record_findings(case=case, user=request.user),
    )


@register.inclusion_tag("complaints/_violations.html", takes_context=True)
def violations_panel(context) -> dict:
    case, request = context["case"], context["request"]
    form = violations_form_for(request, case)
    return {
        "case": case,
        "form": form,
        "rows": form.rows(),
        "may_edit": form.may_complain or form.may_find,
        "csrf_token": context.get("csrf_token"),
    }
