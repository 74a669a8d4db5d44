"""The written notice of non-acceptance (不予受理告知书), printed and handed to the worker.

若干规定 (劳社部令25号) Art. 18 ¶2: a complaint that is not accepted is answered in writing,
with the reason. The notice is issued in the name of the office's acting body (行政主体:
the district bureau, not its inspection brigade), cites the basis of its ground, names
where to seek review and where to sue, and tells the worker where to turn next.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from complaints.models import Status
from complaints.notices import notice_basis, notice_remedies
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
        "acting_body": office.acting_body_name,
        "basis": notice_basis(case.outcome),
        "remedies": notice_remedies(review_body=office.review_body, court=office.court),
        "office_phone": office.phone or settings.BUREAU_HOTLINE,
        "hotline": settings.BUREAU_HOTLINE,
    }
    return render(request, "complaints/not_accepted_notice.html", context)
