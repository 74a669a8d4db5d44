"""The dashboard's links to the campaigns running or recent (reports/campaign_forms.py)."""

from django import template

from reports.campaign_forms import running_or_recent

register = template.Library()


@register.simple_tag
def recent_campaigns() -> list:
    """The campaigns a supervisor reports on now, the latest first (one query)."""
    return list(running_or_recent())
