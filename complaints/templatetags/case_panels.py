"""`{% case_panels "slot" %}`: the panels registered for a slot of the case page, in order.

Each panel's template gets only its own context (and the case), like an inclusion tag:
what it shows comes from the function registered with it (complaints/panels.py).
"""

from django import template
from django.utils.safestring import mark_safe

from complaints.panels import case_panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def case_panels(context, slot: str) -> str:
    case, user = context["case"], context["request"].user
    parts = []
    for panel in case_panels_for(slot):
        values = {"case": case, **panel.context(case=case, user=user)}
        panel_context = context.new(values)
        # As Django's inclusion tags do, so the panel's forms carry the page's token.
        csrf_token = context.get("csrf_token")
        if csrf_token is not None:
            panel_context["csrf_token"] = csrf_token
        parts.append(context.template.engine.get_template(panel.template).render(panel_context))
    return mark_safe("".join(parts))  # noqa: S308 - rendered (and escaped) by the templates
