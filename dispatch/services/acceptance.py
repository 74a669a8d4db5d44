"""The inspection desk's clocks follow the acceptance decision (complaints/services/acceptance.py).

The 5-working-day limit to decide on a complaint (关于实施《劳动保障监察条例》若干规定
Art. 18, `inspection.accept`) is met only by the bureau's decision, never by a desk
officer taking the referral on. Registered with complaints' hooks in `DispatchConfig.ready()`,
these run inside the decision's transaction:

- any decision meets the running 5-day clock (the written notice, the request to complete
  and the transfer are decisions too);
- acceptance and filing starts the 60-working-day investigation (`inspection.investigate`,
  劳动保障监察条例 Art. 17) from the day of filing;
- 告知补正 starts the wait for the completed complaint (`inspection.complete`, the bureau's
  own reminder to the window), and when it comes back the 5 days run again from that day;
- a matter for arbitration that the worker wants taken on goes to the arbitration desk,
  and the inspection desk's referral is returned.
The head of the inspection body is told of every proposal waiting for approval.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import office_holders
from complaints.models import AcceptanceDecision, DeskKind, Ground
from complaints.services.acceptance import decision_due_noted
from config import clock
from dispatch.models import OPEN_REFERRAL_STATUSES, Deadline, DeadlineEnd, Referral, ReferralStatus
from dispatch.services.deadlines import (
    ACCEPT_POLICY,
    COMPLETION_POLICY,
    CONCLUDE_POLICY,
    deadline_open,
    deadlines_close,
)
from dispatch.services.notifications import notify_staff
from dispatch.services.referrals import case_refer

INSPECTION_ACCEPT = ACCEPT_POLICY[DeskKind.INSPECTION]
INSPECTION_INVESTIGATE = CONCLUDE_POLICY[DeskKind.INSPECTION]


def _inspection_referrals(case_id: int) -> list[Referral]:
    return list(
        Referral.objects.select_for_update(of=("self",))
        .select_related("desk")
        .filter(case_id=case_id, desk__kind=DeskKind.INSPECTION, status__in=OPEN_REFERRAL_STATUSES)
        .order_by("id")
    )


def _close_running(referral: Referral, policy_code: str):
    """Meet the referral's running clock of `policy_code`; its due day, or None."""
    running = Deadline.objects.filter(
        referral=referral, policy__code=policy_code, closed_at__isnull=True
    ).first()
    if running is None:
        return None
    deadlines_close(referral=referral, reason=DeadlineEnd.MET, deadline_id=running.pk)
    return running.due


def _open_once(referral: Referral, policy_code: str, start) -> None:
    running = Deadline.objects.filter(
        referral=referral, policy__code=policy_code, closed_at__isnull=True
    )
    if not running.exists():
        deadline_open(referral=referral, policy_code=policy_code, start=start)


def on_acceptance_decided(*, decision: AcceptanceDecision) -> None:
    decided_on = timezone.localdate(decision.decided_at)
    for referral in _inspection_referrals(decision.case_id):
        due = _close_running(referral, INSPECTION_ACCEPT)
        if due is not None:
            decision_due_noted(decision=decision, due=due)
        if decision.ground == Ground.ACCEPT:
            _open_once(referral, INSPECTION_INVESTIGATE, decided_on)
        elif decision.ground == Ground.COMPLETE:
            _open_once(referral, COMPLETION_POLICY, decided_on)
        elif decision.refer_to_arbitration:
            _return_for_arbitration(referral, decision)
    if decision.refer_to_arbitration:
        case_refer(
            case=decision.case,
            desk_kind=DeskKind.ARBITRATION,
            actor=decision.decided_by,
            reason=_("Not a matter for inspection; the complainant asked for arbitration."),
        )


def _return_for_arbitration(referral: Referral, decision: AcceptanceDecision) -> None:
    deadlines_close(referral=referral, reason=DeadlineEnd.RETURNED)
    referral.status = ReferralStatus.RETURNED
    referral.return_reason = decision.reason[:300]
    referral.closed_at = clock.now()
    referral.save(update_fields=["status", "return_reason", "closed_at"])


def on_complaint_completed(*, decision: AcceptanceDecision) -> None:
    """The completed complaint is in: the wait ends and the 5 days run again from it."""
    for referral in _inspection_referrals(decision.case_id):
        _close_running(referral, COMPLETION_POLICY)
        _open_once(referral, INSPECTION_ACCEPT, decision.completed_on)


def on_decision_proposed(*, decision: AcceptanceDecision) -> None:
    """Tell the heads of the inspection body at the case's office that a decision waits."""
    case = decision.case
    heads = [
        user
        for user in office_holders(case.responsible_office_id, Role.INSPECTION_HEAD)
        if user.pk != decision.proposed_by_id
    ]
    notify_staff(
        recipients=heads,
        key=f"decision-proposed:{decision.pk}",
        case=case,
        subject=str(
            _("%(ticket)s: an acceptance decision awaits your approval (%(ground)s)")
            % {"ticket": case.ticket, "ground": decision.get_ground_display()}
        ),
        body=(decision.reason or decision.missing)[:500],
    )
