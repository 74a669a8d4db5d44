"""The cases of a campaign (complaints/models/campaigns.py), for its report and the filters.

A case is in a campaign when it is in the campaign's scope and was registered in its
period, or registered earlier and, in the period, still open or closed (closed on or after
its first day, or not closed yet). Scope: the campaign's offices with the offices below them
(a case's registering or responsible office), all offices when none is named; construction
cases only when the campaign says so.
"""

from datetime import date

from django.db.models import Q, QuerySet

from accounts.models import Office
from complaints.models import OPEN_STATUSES, Campaign, Case


def campaign_scope(cases: QuerySet[Case], campaign: Campaign) -> QuerySet[Case]:
    """`cases` narrowed to the campaign's offices and, if it says so, to construction."""
    prefixes = list(campaign.offices.values_list("path", flat=True))
    if prefixes:
        in_scope = Q()
        for prefix in prefixes:
            in_scope |= Q(path__startswith=prefix)
        offices = Office.objects.filter(in_scope).values("id")
        cases = cases.filter(Q(registering_office__in=offices) | Q(responsible_office__in=offices))
    if campaign.construction_only:
        cases = cases.filter(is_construction=True)
    return cases


def handled_between(cases: QuerySet[Case], first: date, last: date) -> QuerySet[Case]:
    """Cases registered between `first` and `last`, or earlier and still being handled
    on `first` (open now, or closed on or after it)."""
    registered_before_end = Q(registered_at__date__lte=last)
    registered_in = Q(registered_at__date__gte=first)
    still_handled = Q(status__in=OPEN_STATUSES) | Q(closed_at__date__gte=first)
    return cases.filter(registered_before_end & (registered_in | still_handled))


def campaign_cases(cases: QuerySet[Case], campaign: Campaign) -> QuerySet[Case]:
    """`cases` (already scoped to a user) that belong to `campaign`."""
    return handled_between(campaign_scope(cases, campaign), campaign.starts_on, campaign.ends_on)
