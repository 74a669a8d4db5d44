"""The routing state of a case: what dispatch reports back about routing it.

Dispatch decides where a case goes; these services write what came of it on the case and
its timeline (`case_mark_routed` in transitions.py records a success): a failed attempt
counted, "dispatch failed" after `settings.ROUTING_MAX_ATTEMPTS`, and a supervisor's retry.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.handoffs import request_routing_after_commit
from complaints.models import Case, CaseEvent, EventKind, RoutingState
from complaints.selectors.visibility import case_lock_for
from config import clock


@dataclass(frozen=True)
class RoutingFailure:
    """What one failed routing attempt did to the case.

    `case` is None when no attempt was owed (the case is gone, or no longer pending);
    `event` is the "routing_failed" event when this attempt was the last one.
    """

    case: Case | None
    event: CaseEvent | None = None

    @property
    def gave_up(self) -> bool:
        """No further attempt is owed."""
        return self.case is None or self.event is not None


@transaction.atomic
def case_routing_failed(*, case_id: int, error: str) -> RoutingFailure:
    """Count one failed routing attempt; at ROUTING_MAX_ATTEMPTS mark "dispatch failed"."""
    case = Case.objects.select_for_update(of=("self",)).filter(pk=case_id).first()
    if case is None or case.routing_state != RoutingState.PENDING:
        return RoutingFailure(case=None)
    case.routing_attempts += 1
    changes = ["routing_attempts"]
    failed = case.routing_attempts >= settings.ROUTING_MAX_ATTEMPTS
    if failed:
        case.routing_state = RoutingState.FAILED
        changes += ["routing_state", "updated_at"]
    case.save(update_fields=changes)
    if not failed:
        return RoutingFailure(case=case)
    event = events.record(
        case=case,
        kind=EventKind.ROUTING_FAILED,
        actor=None,
        payload={"attempts": case.routing_attempts},
        message=error[:500],
    )
    return RoutingFailure(case=case, event=event)


@transaction.atomic
def case_routing_retry(*, case: Case, actor) -> Case:
    """A supervisor sends a "dispatch failed" case back to routing (the outbox again)."""
    if not actor.has_role(Role.SUPERVISOR):
        raise ActionNotPermitted(_("Only a supervisor can retry the dispatch of a case."))
    locked = case_lock_for(user=actor, case_id=case.pk)
    if locked.routing_state != RoutingState.FAILED:
        raise InvalidTransition(_("Only a case whose dispatch failed can be retried."))
    locked.routing_state = RoutingState.PENDING
    locked.routing_attempts = 0
    locked.routing_requested_at = clock.now()
    locked.save(
        update_fields=["routing_state", "routing_attempts", "routing_requested_at", "updated_at"]
    )
    events.record(case=locked, kind=EventKind.ROUTING_RETRIED, actor=actor)
    request_routing_after_commit(locked.pk)
    return locked
