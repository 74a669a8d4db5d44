"""What dispatch shows on a case page: the desks panel and the header's list of desks.

Read from the case as `case_get_for` prefetched it (no query per referral). Each button is
one of `referral_actions_for` / `deadline_actions_for`, the rule the services enforce, so
the page offers exactly what the server then accepts from this user.

Two readers: the template tags in dispatch/templatetags/dispatch_panels.py (the case page
is a complaints template, and complaints does not import dispatch) and the poll of a page
opened while routing is pending (`views.case_desks`).
"""

from dataclasses import dataclass

from django.urls import reverse

from accounts.roles import Role
from complaints.models import Case, DeskKind, RoutingState
from dispatch.models import Deadline, Referral
from dispatch.services.referrals import deadline_actions_for, referral_actions_for


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    actions: frozenset[str]


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    actions: frozenset[str]
    deadlines: list[DeadlineRow]
    officers: list  # the desk's active members, whom a supervisor may reassign it to


def _row(referral: Referral, user) -> ReferralRow:
    deadlines = [
        DeadlineRow(deadline, frozenset(deadline_actions_for(user=user, deadline=deadline)))
        for deadline in referral.deadlines.all()
    ]
    officers = [member for member in referral.desk.members.all() if member.is_active]
    actions = frozenset(referral_actions_for(user=user, referral=referral))
    return ReferralRow(referral, actions, deadlines, officers)


def referrals_panel_context(*, case: Case, user) -> dict:
    """The context of dispatch/case_referrals.html and dispatch/_referral_summary.html."""
    referrals = list(case.referrals.all())
    # `case_refer` refuses a desk of the responsible office that already works the case.
    working = {
        referral.desk.kind
        for referral in referrals
        if referral.is_open and referral.desk.office_id == case.responsible_office_id
    }
    routing = case.routing_state == RoutingState.PENDING
    return {
        "case": case,
        "referral_rows": [_row(referral, user) for referral in referrals],
        "referable_desks": [
            (kind, label) for kind, label in DeskKind.choices if kind not in working
        ]
        if case.is_open
        else [],
        "user_is_supervisor": user.has_role(Role.SUPERVISOR),
        "routing": routing,
        "poll_url": reverse("dispatch:case_desks", args=[case.ticket]) if routing else "",
    }
