"""Conditions on a case over dispatch's data: its deadlines late or overdue, its
supervision. Shared by the case list's filters (dispatch/selectors/case_filters.py), the
workspace and the dashboard's figures (reports/)."""

from django.db.models import Exists, F, OuterRef, Q

from dispatch.models import Deadline, Supervision


def late_deadline() -> Q:
    """A statutory deadline was missed: marked overdue, or met after its due day (a limit
    in hours: after its due moment; late stays late). The bureau's own service standards
    are chased but never count late."""
    missed = (
        Q(overdue_at__isnull=False)
        | Q(closed_at__date__gt=F("due"))
        | Q(due_at__isnull=False, closed_at__gt=F("due_at"))
    )
    return missed & Q(policy__is_statutory=True)


def overdue_deadline_now() -> Q:
    return Q(closed_at__isnull=True, overdue_at__isnull=False)


def case_deadlines(condition: Q, case_ref="pk") -> Exists:
    """True for a case with a deadline (on any of its referrals) matching `condition`."""
    return Exists(Deadline.objects.filter(condition, referral__case=OuterRef(case_ref)))


def case_was_late() -> Exists:
    return case_deadlines(late_deadline())


def case_overdue_now() -> Exists:
    return case_deadlines(overdue_deadline_now())


def case_under_supervision(case_ref: str = "pk") -> Exists:
    """True for a case with an active supervision (督办)."""
    return Exists(Supervision.objects.filter(case=OuterRef(case_ref), lifted_at__isnull=True))
