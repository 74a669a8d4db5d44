"""The written notice of non-acceptance (不予受理告知书), printed and handed to the worker.

若干规定 (劳社部令25号) Art. 18 ¶2: a complaint that is not accepted is answered in writing,
with the reason. The notice also tells the worker where to turn next.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from complaints.models import Status
from complaints.views.common import visible_case_or_404


@login_required
def not_accepted_notice(request, ticket):
    case = visible_case_or_404(request, ticket)
    if case.status != Status.NOT_ACCEPTED:
        raise Http404
    office = case.responsible_office
    context = {
        "case": case,
        "office": office,
        # The bureau above a district office heads the notice; a city office is its own.
        "bureau": office.parent if office.parent_id else None,
        "office_phone": office.phone or settings.BUREAU_HOTLINE,
        "hotline": settings.BUREAU_HOTLINE,
    }
    return render(request, "complaints/not_accepted_notice.html", context)
