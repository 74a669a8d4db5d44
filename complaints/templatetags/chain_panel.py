"""`{% chain_panel %}`: the case page's project and chain of responsibility.

Shown for a construction case or when anything is recorded. The view that saves them puts
its bound form (with its errors) on the request, so the page shown again keeps what was sent.
"""

from django import template

from complaints.forms.chain import ChainForm
from complaints.services.dimensions import may_edit_dimensions

register = template.Library()


@register.inclusion_tag("complaints/_chain.html", takes_context=True)
def chain_panel(context) -> dict:
    case, request = context["case"], context["request"]
    form = getattr(request, "chain_form", None) or ChainForm(case=case)
    parties = list(case.parties.select_related("employer").order_by("id"))
    return {
        "case": case,
        "form": form,
        "parties": parties,
        "shown": case.is_construction or case.project_id or parties or form.is_bound,
        "may_edit": may_edit_dimensions(case=case, user=request.user),
        "csrf_token": context.get("csrf_token"),
    }
