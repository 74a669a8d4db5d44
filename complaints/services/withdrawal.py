"""A complainant's withdrawal after filing (立案), and the bureau's decision on it.

Before filing, a withdrawal ends the registered complaint at once (`case_withdraw`). A
filed inspection case is the bureau's own: the complainant's withdrawal (撤诉申请, 撤回
投诉) does not end it by itself. Window staff, an inspector or a supervisor record the
request; the head of the inspection body (or the head of the department) then either
cancels the filing (撤销立案, 劳动保障监察条例 Art. 18 (3)), which ends the case as
withdrawn with the outcome "filing cancelled", or decides that it continues ex officio
(依职权继续调查). One request at a time waits for that decision; while it waits, the case
is not closed or merged. The rows and their conditions are in complaints/workflow.py.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from complaints.models import Case, Outcome
from complaints.selectors.outcomes import FILING_CANCELLED, FILING_CANCELLED_BY_BUREAU
from complaints.services.transitions import apply_transition
from complaints.validators import required_text
from config import clock


@transaction.atomic
def case_request_withdrawal(*, case: Case, actor, reason: str) -> Case:
    """Record the complainant's request to withdraw a filed case, in their words."""
    reason = required_text(reason, field="reason", message=_("Record what the complainant said."))
    return apply_transition(
        case=case,
        action="request_withdrawal",
        actor=actor,
        changes={"withdrawal_requested_at": clock.now()},
        message=reason,
    )


@transaction.atomic
def case_cancel_filing(*, case: Case, actor, reason: str) -> Case:
    """撤销立案 on the complainant's request: the case ends, withdrawn, with the outcome
    "filing cancelled"."""
    reason = required_text(reason, field="reason", message=_("Give the reason for the decision."))
    return _filing_cancelled(
        case=case, action="cancel_filing", actor=actor, reason=reason, code=FILING_CANCELLED
    )


@transaction.atomic
def case_cancel_filing_by_bureau(*, case: Case, reason: str) -> Case:
    """撤销立案 on the bureau's own motion (劳动保障监察条例 Art. 18 (3): a minor violation
    already corrected; or the facts do not hold), no withdrawal asked: the same end as
    `case_cancel_filing`. Called by the inspection procedure once the head has approved the
    cancellation form (its approval is on the timeline just before), so the transition is
    the system's; a withdrawal request still waiting is answered by it."""
    return _filing_cancelled(
        case=case,
        action="cancel_filing_by_bureau",
        actor=None,
        reason=reason,
        code=FILING_CANCELLED_BY_BUREAU,
    )


def _filing_cancelled(*, case: Case, action: str, actor, reason: str, code: str) -> Case:
    outcome = Outcome.objects.get(code=code)
    return apply_transition(
        case=case,
        action=action,
        actor=actor,
        changes={"withdrawal_requested_at": None, "outcome": outcome, "closed_at": clock.now()},
        payload={
            "outcome_code": outcome.code,
            "outcome_en": outcome.name_en,
            "outcome_zh": outcome.name_zh,
        },
        message=reason,
    )


@transaction.atomic
def case_continue_ex_officio(*, case: Case, actor, reason: str) -> Case:
    """依职权继续调查: the request is answered and the case goes on as before."""
    reason = required_text(reason, field="reason", message=_("Give the reason for the decision."))
    return apply_transition(
        case=case,
        action="continue_ex_officio",
        actor=actor,
        changes={"withdrawal_requested_at": None},
        message=reason,
    )
