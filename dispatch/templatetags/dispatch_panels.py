"""Dispatch's panels on the case page, loaded by the complaints template that shows them.

`{% load dispatch_panels %}{% referrals_panel case %}`: the desks, their clocks and the
actions open to the user; `{% referral_summary case %}`: the header's list of desks.
"""

from django import template

from dispatch.panels import referrals_panel_context

register = template.Library()


@register.inclusion_tag("dispatch/case_referrals.html", takes_context=True)
def referrals_panel(context, case):
    return referrals_panel_context(case=case, user=context["request"].user)


@register.inclusion_tag("dispatch/_referral_summary.html", takes_context=True)
def referral_summary(context, case):
    return referrals_panel_context(case=case, user=context["request"].user)
