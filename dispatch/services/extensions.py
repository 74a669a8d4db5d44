"""Extension requests: the officer asks, the role the step's extension policy names (the
head of the department, the arbitration committee's chair, else a supervisor) approves or
refuses.

A request is possible only on an open deadline whose step can be extended and was not
extended yet (劳动保障监察条例 Art. 17, 劳动争议调解仲裁法 Art. 43); at most one is pending
per deadline (`extension_request_one_pending_per_deadline`). Approval extends the deadline
through `deadline_extend` in the same transaction (its timeline event, "Extension
approved", is the approval's event and names the approver's role); a refusal needs a note.
The office's supervisors and its holders of the approver role are told of a request, the
requester of the decision.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import office_supervisors
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import EventKind
from complaints.selectors.visibility import case_visible_to
from complaints.validators import required_text
from config import clock
from dispatch.models import Deadline, ExtensionDecision, ExtensionRequest
from dispatch.services.access import sees_referral
from dispatch.services.deadlines import (
    EXTENSION_POLICY,
    approval_refused,
    deadline_actions_for,
    deadline_extend,
    deadline_record_event,
    extension_approver,
    may_approve_extension,
)
from dispatch.services.notifications import notify_staff


def may_request_extension(*, user, deadline: Deadline) -> bool:
    """The referral's officer, a member of its desk, or a supervisor (who asks the head)."""
    referral = deadline.referral
    if user.pk == referral.officer_id or user.has_role(Role.SUPERVISOR):
        return True
    return referral.desk.members.filter(pk=user.pk).exists()


def _told_of_request(actor, deadline: Deadline) -> list[User]:
    """The office's supervisors, and its holders of the role that approves this step."""
    office_id = deadline.referral.desk.office_id
    told = office_supervisors(office_id)
    role = extension_approver(actor, deadline.policy.code)
    if role != Role.SUPERVISOR:
        approvers = User.objects.filter(office_id=office_id, is_active=True, groups__name=role)
        told += [user for user in approvers.distinct().order_by("id") if user not in told]
    return told


def is_extendable(deadline: Deadline) -> bool:
    return (
        deadline.is_open
        and deadline.original_due is None
        and deadline.policy.code in EXTENSION_POLICY
    )


def _facts(deadline: Deadline) -> dict:
    return {
        "ticket": deadline.referral.case.ticket,
        "policy": deadline.policy.code,
        "step": deadline.policy.name,
        "due": deadline.due.isoformat(),
    }


def _record(deadline: Deadline, kind: EventKind, actor, message: str) -> None:
    deadline_record_event(deadline, kind, actor, message, desk=deadline.referral.desk.kind)


@transaction.atomic
def extension_request(*, deadline: Deadline, actor, reason: str) -> ExtensionRequest:
    """Ask for the step's extension; the office's supervisors are told."""
    reason = required_text(reason, field="reason", message=_("Give the reason for the extension."))
    locked = (
        Deadline.objects.select_for_update(of=("self",))
        .select_related("referral__case", "referral__desk__office", "policy")
        .get(pk=deadline.pk)
    )
    referral = locked.referral
    if not sees_referral(actor, referral):
        raise CaseNotVisible()
    if not may_request_extension(user=actor, deadline=locked):
        raise ActionNotPermitted(
            _("Only the officers of this desk or a supervisor can request an extension.")
        )
    if not locked.is_open:
        raise InvalidTransition(_("This deadline is no longer running."))
    if locked.policy.code not in EXTENSION_POLICY:
        raise InvalidTransition(_("This time limit cannot be extended."))
    if locked.original_due is not None:
        raise InvalidTransition(_("This time limit was already extended."))
    if locked.extension_requests.filter(decision=ExtensionDecision.PENDING).exists():
        raise InvalidTransition(_("An extension request is already waiting for a decision."))
    if "request_extension" not in deadline_actions_for(user=actor, deadline=locked):
        raise ActionNotPermitted()  # the case page's rule for its "Request an extension"
    request = ExtensionRequest(
        deadline=locked, requested_by=actor, reason=reason, requested_at=clock.now()
    )
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # a concurrent request won the race
        raise InvalidTransition(
            _("An extension request is already waiting for a decision.")
        ) from None
    _record(locked, EventKind.EXTENSION_REQUESTED, actor, reason)
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Extension requested: %(ticket)s, %(step)s") % _facts(locked)
    notify_staff(
        recipients=_told_of_request(actor, locked),
        key=f"extension-request:{request.pk}",
        subject=subject,
        body=reason,
        case=referral.case,
    )
    return request


def _locked_pending(request: ExtensionRequest, actor) -> ExtensionRequest:
    policy_code = (
        ExtensionRequest.objects.filter(pk=request.pk)
        .values_list("deadline__policy__code", flat=True)
        .get()
    )
    if not may_approve_extension(actor, policy_code):
        raise approval_refused(actor, policy_code)
    locked = (
        ExtensionRequest.objects.select_for_update(of=("self",))
        .select_related(
            "deadline__referral__case", "deadline__referral__desk", "deadline__policy",
            "requested_by",
        )
        .get(pk=request.pk)
    )  # fmt: skip
    if not case_visible_to(user=actor, case=locked.deadline.referral.case):
        raise CaseNotVisible()
    if not locked.is_pending:
        raise InvalidTransition(_("This request was already decided."))
    return locked


def _decide(request: ExtensionRequest, actor, decision: str, note: str) -> None:
    request.decision = decision
    request.decided_by = actor
    request.decided_at = clock.now()
    request.decision_note = note
    request.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    deadline = request.deadline
    facts = _facts(deadline)
    with translation.override(settings.LANGUAGE_CODE):
        if decision == ExtensionDecision.APPROVED:
            subject = gettext("Extension approved: %(ticket)s, now due %(due)s") % facts
        else:
            subject = gettext("Extension refused: %(ticket)s, %(step)s") % facts
    notify_staff(
        recipients=[request.requested_by],
        key=f"extension-decision:{request.pk}",
        subject=subject,
        body=note,
        case=deadline.referral.case,
    )


@transaction.atomic
def extension_approve(*, request: ExtensionRequest, actor, note: str = "") -> ExtensionRequest:
    """Extend the deadline (its own checks and timeline event) and mark the request."""
    locked = _locked_pending(request, actor)
    note = (note or "").strip()
    locked.deadline = deadline_extend(
        deadline=locked.deadline, approver=actor, reason=locked.reason
    )
    _decide(locked, actor, ExtensionDecision.APPROVED, note)
    return locked


@transaction.atomic
def extension_refuse(*, request: ExtensionRequest, actor, note: str) -> ExtensionRequest:
    """Refuse with a note saying why; the deadline is unchanged."""
    note = required_text(note, field="note", message=_("Say why the extension is refused."))
    locked = _locked_pending(request, actor)
    _decide(locked, actor, ExtensionDecision.REFUSED, note)
    _record(locked.deadline, EventKind.EXTENSION_REFUSED, actor, note)
    return locked
