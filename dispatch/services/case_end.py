"""When a case ends (closed, withdrawn, merged, not accepted), its desks stop work.

Complaints announces every event after commit; an ending event closes the case's open
referrals and deadlines here at once. An hourly sweep does the same for any case whose
announcement was lost, so no deadline of an ended case is chased.
"""

from django.db import transaction

from complaints import events
from complaints.models import OPEN_STATUSES, Case, EventKind
from config import clock
from dispatch.models import (
    OPEN_REFERRAL_STATUSES,
    Deadline,
    DeadlineEnd,
    Referral,
    ReferralStatus,
)
from dispatch.services.next_due import refresh_next_due_of_cases

ENDING_EVENTS = frozenset(
    {
        EventKind.CLOSE,
        EventKind.WITHDRAW,
        EventKind.FILING_CANCELLED,
        EventKind.MERGE,
        EventKind.NOT_ACCEPT,
    }
)


@transaction.atomic
def case_end_close_work(*, case_id: int) -> int:
    """Close the open referrals and deadlines of an ended case; the number of referrals."""
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None or case.is_open:
        return 0
    now = clock.now()
    Deadline.objects.filter(referral__case=case, closed_at__isnull=True).update(
        closed_at=now, closed_reason=DeadlineEnd.CASE_ENDED
    )
    refresh_next_due_of_cases([case.pk])
    closed = Referral.objects.filter(case=case, status__in=OPEN_REFERRAL_STATUSES).update(
        status=ReferralStatus.DONE, closed_at=now
    )
    if closed:
        events.record(
            case=case,
            kind=EventKind.CASE_ENDED_WORK_CLOSED,
            actor=None,
            payload={"referrals": closed},
        )
    return closed


def close_work_of_ended_cases(*, limit: int = 500) -> int:
    """The safety net: ended cases that still have open referrals."""
    case_ids = list(
        Referral.objects.filter(status__in=OPEN_REFERRAL_STATUSES)
        .exclude(case__status__in=OPEN_STATUSES)
        .values_list("case_id", flat=True)
        .distinct()[:limit]
    )
    return sum(case_end_close_work(case_id=case_id) for case_id in case_ids)
