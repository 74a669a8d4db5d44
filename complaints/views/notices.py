"""The written notice of non-acceptance (不予受理告知书), printed and handed to the worker.

若干规定 (劳社部令25号) Art. 18 ¶2: a complaint that is not accepted is answered in writing,
with the reason. The notice is issued in the name of the office's acting body (行政主体:
the district bureau, not its inspection brigade), cites the basis of its ground, names
where to seek review and where to sue, and tells the worker where to turn next. A case
not accepted by an acceptance decision prints that decision's notice
(complaints/views/acceptance.py); one from before decisions were recorded prints what
the case holds.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from complaints.models import DecisionStatus, Ground, Status
from complaints.notices import notice_basis
from complaints.views.acceptance import notice_context, notice_parts
from complaints.views.common import visible_case_or_404

NOT_ACCEPTING = (Ground.OUT_OF_TIME, Ground.NOT_INSPECTION)


@login_required
def not_accepted_notice(request, ticket):
    case = visible_case_or_404(request, ticket)
    decision = next(
        (
            d
            for d in reversed(case.acceptance_decisions.all())
            if d.status == DecisionStatus.APPROVED and d.ground in NOT_ACCEPTING
        ),
        None,
    )
    if decision is not None:
        context = notice_context(case, decision)
    elif case.status == Status.NOT_ACCEPTED:
        context = _recorded_on_the_case(case)
    else:
        raise Http404
    return render(request, "complaints/not_accepted_notice.html", context)


def _recorded_on_the_case(case) -> dict:
    return notice_parts(
        case,
        case.responsible_office,
        number=case.not_accepted_notice,
        reason=case.not_accepted_reason,
        decided_on=case.closed_at,
        basis=notice_basis(case.outcome),
    )
