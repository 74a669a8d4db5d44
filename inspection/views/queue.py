"""The head's queue of procedure steps awaiting approval: transfer reports (to decide within
3 days, 国务院令310 Art. 5), cancellations of a filing and closings, on the cases the head
may see, oldest first."""

from django.shortcuts import render

from accounts.roles import Role
from complaints.selectors.visibility import cases_visible_to
from complaints.views.common import role_required
from inspection.credit_selectors import credit_awaiting
from inspection.selectors import steps_awaiting_approval

QUEUE_SIZE = 200


@role_required(Role.INSPECTION_HEAD)
def approval_queue(request):
    waiting = list(
        steps_awaiting_approval(cases=cases_visible_to(user=request.user))[: QUEUE_SIZE + 1]
    )
    credit = list(credit_awaiting(cases=cases_visible_to(user=request.user))[: QUEUE_SIZE + 1])
    context = {
        "steps": waiting[:QUEUE_SIZE],
        "more": len(waiting) > QUEUE_SIZE or len(credit) > QUEUE_SIZE,
        "credit_proposals": credit[:QUEUE_SIZE],
    }
    return render(request, "inspection/approval_queue.html", context)
