"""The next due date stored on each referral, for "My cases" at a million cases (issue #8).

Invariant: `Referral.next_deadline` is the referral's open deadline (`closed_at` unset)
that is due first, ties by id, and `Referral.next_due` is its due date; both are null when
no deadline of the referral is open. The stored pair depends only on the `closed_at`,
`due` and `id` of the deadlines, so every service that opens a deadline, closes one or
moves a due date (resume, extension) calls `refresh_next_due` in the same transaction;
a pause changes neither (the page reads the pause through `next_deadline`).
"""

from collections.abc import Iterable

from django.db.models import OuterRef, Subquery

from dispatch.models import Deadline, Referral


def _first_open_deadline():
    return Deadline.objects.filter(referral=OuterRef("pk"), closed_at__isnull=True).order_by(
        "due", "id"
    )


def refresh_next_due(referral_ids: Iterable[int]) -> int:
    """Recompute the stored next deadline of these referrals in one UPDATE; how many.

    The rows are locked first, in id order: in READ COMMITTED the UPDATE that follows
    takes a fresh snapshot, so it sees every deadline change committed by a transaction
    that refreshed the same referral before us, and the last writer is always right.
    """
    ids = sorted({int(pk) for pk in referral_ids if pk is not None})
    if not ids:
        return 0
    referrals = Referral.objects.filter(pk__in=ids)
    list(referrals.select_for_update().order_by("pk").values_list("pk", flat=True))
    first = _first_open_deadline()
    return referrals.update(
        next_deadline=Subquery(first.values("pk")[:1]),
        next_due=Subquery(first.values("due")[:1]),
    )


def refresh_next_due_of_cases(case_ids: Iterable[int]) -> int:
    """The same for every referral of these cases (a case's work ended or moved)."""
    referral_ids = Referral.objects.filter(case_id__in=list(case_ids)).values_list("pk", flat=True)
    return refresh_next_due(referral_ids)
