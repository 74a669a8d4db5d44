"""The campaign report's choice: a campaign and one of the user's offices (as the
dashboard offers them, reports/access.py)."""

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import Campaign
from config import clock
from reports.access import offices_for

# Campaigns ended this many days ago or less (or starting as soon) are "recent": the
# dashboard links to them.
RECENT_DAYS = 60


def running_or_recent():
    """The campaigns running today or ended in the last RECENT_DAYS days, or starting
    within as many days: those a supervisor reports on now."""
    today = clock.today()
    near = Q(ends_on__gte=today - timedelta(days=RECENT_DAYS))
    return Campaign.objects.filter(near, starts_on__lte=today + timedelta(days=RECENT_DAYS))


def default_campaign() -> Campaign | None:
    """The campaign running today that started last, else the one started last."""
    today = clock.today()
    running = Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today)
    return running.order_by("-starts_on").first() or Campaign.objects.first()


class CampaignReportForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": _("There is no such campaign: choose one in the list.")},
    )
    office = forms.ModelChoiceField(label=_("Office"), queryset=None, empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_for(user)
        self.fields["office"].initial = user.office_id


def bound_form(request) -> CampaignReportForm | None:
    """The form bound to the query string, the user's office when it names none (the
    dashboard's links) and the default campaign when there is no query; None when no
    campaign has been set up."""
    values = request.GET.copy()
    if not values:
        campaign = default_campaign()
        if campaign is None:
            return None
        values["campaign"] = campaign.pk
    if not values.get("office") and request.user.office_id is not None:
        values["office"] = request.user.office_id
    return CampaignReportForm(values, user=request.user)
