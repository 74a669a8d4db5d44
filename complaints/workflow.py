"""The case state machine, written down as one table and enforced by one function.

registered -> accepted (立案) | not accepted (不予受理) | in progress at another desk,
by the acceptance decision (complaints/services/acceptance.py)
accepted -> in progress -> resolved -> closed (outcome + follow-up 回访 required)
open cases may also be withdrawn, merged into another case, or transferred to another
office (transfer keeps the status and the first responder; only the responsible office
changes). A closed case can be reopened by a supervisor only.

Withdrawal depends on the stage: a complaint not yet filed is withdrawn at once; for a
filed case (立案) the complainant's request is recorded and the head of the inspection
body decides to cancel the filing (撤销立案) or to go on ex officio
(complaints/services/withdrawal.py). A row may therefore also ask whether the case is
filed and whether a withdrawal request waits (`Transition.filed`, `withdrawal_pending`).

Pages offer only the actions `allowed_actions` returns, but every service calls
`check_transition` again on the locked row: the table is enforced on the server.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import Case, Status

S = Status
WINDOW, INSPECTOR, DESK, SUPERVISOR, HEAD = (
    Role.WINDOW,
    Role.INSPECTOR,
    Role.DESK_OFFICER,
    Role.SUPERVISOR,
    Role.INSPECTION_HEAD,
)
# Taken through the acceptance decision's panel and services, never as a bare button.
DECISION_ACTIONS = frozenset({"accept", "not_accept", "redirect"})
WORKING = frozenset({S.REGISTERED, S.ACCEPTED, S.IN_PROGRESS})
OPEN = WORKING | {S.RESOLVED}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    target: str | None  # None: the status stays (a transfer)
    roles: frozenset
    system: bool = False  # done by Shouwen itself (actor None), never offered to a user
    # None: either way; True/False: only a filed case (accepted_at set) / only one never filed.
    filed: bool | None = None
    # None: either way; True/False: only while a withdrawal request waits / only when none does.
    withdrawal_pending: bool | None = None
    event: str | None = None  # the timeline's kind for it, when not the action's own name

    def allows(self, status: str) -> bool:
        return status in self.sources

    @property
    def event_kind(self) -> str:
        return self.event or self.action

    def unmet_condition(self, case: Case):
        """Why this case's stage refuses the action despite its status, or None."""
        filed = case.accepted_at is not None
        if self.filed is not None and self.filed != filed:
            return REFUSALS["filed" if filed else "not_filed"]
        if self.withdrawal_pending is not None and self.withdrawal_pending != (
            case.withdrawal_pending
        ):
            return REFUSALS["pending" if case.withdrawal_pending else "none_pending"]
        return None


REFUSALS = {
    "filed": _(
        "The case is filed: record the complainant's withdrawal request instead; the head "
        "of the inspection body decides whether to cancel the filing."
    ),
    "not_filed": _("The case was never filed: record the withdrawal itself."),
    "pending": _(
        "The complainant's withdrawal request waits for the decision of the head of the "
        "inspection body; that decision comes first."
    ),
    "none_pending": _("No withdrawal request waits for a decision."),
}


def _t(action, label, sources, target, roles, system=False, **conditions) -> tuple[str, Transition]:
    return action, Transition(
        action, label, frozenset(sources), target, frozenset(roles), system, **conditions
    )


# The statuses of a filed case (立案) still open.
FILED = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED})
# Record the complainant's withdrawal, or their request after filing.
RECORDERS = {WINDOW, INSPECTOR, SUPERVISOR}
# Decide on a withdrawal request after filing: the head of the inspection body, or the head
# of the department above it.
WITHDRAWAL_DECIDERS = {HEAD, Role.DEPARTMENT_HEAD}


ALLOWED_TRANSITIONS: dict[str, Transition] = dict(
    [
        # The acceptance decision (complaints/services/acceptance.py) carries out these
        # three on the approval of the head of the inspection body (立案审批).
        _t("accept", _("Accept (file the case)"), {S.REGISTERED}, S.ACCEPTED, {HEAD}),
        _t("not_accept", _("Do not accept"), {S.REGISTERED}, S.NOT_ACCEPTED, {HEAD}),
        # Not a matter for inspection, taken on by arbitration: the ticket goes on there.
        _t("redirect", _("Not for inspection; goes on at another desk"), {S.REGISTERED},
           S.IN_PROGRESS, {HEAD}),
        _t("start", _("Start work"), {S.ACCEPTED}, S.IN_PROGRESS, {INSPECTOR, DESK, SUPERVISOR}),
        _t("resolve", _("Mark resolved"), {S.IN_PROGRESS}, S.RESOLVED,
           {INSPECTOR, DESK, SUPERVISOR}),
        _t("reopen", _("Reopen"), {S.RESOLVED}, S.IN_PROGRESS, {INSPECTOR, SUPERVISOR}),
        _t("close", _("Close"), {S.RESOLVED}, S.CLOSED, {INSPECTOR, SUPERVISOR},
           withdrawal_pending=False),
        _t("reopen_closed", _("Reopen a closed case"), {S.CLOSED}, S.IN_PROGRESS, {SUPERVISOR}),
        # A complaint never filed (registered, or gone on at another desk) ends at once.
        _t("withdraw", _("Record withdrawal"), OPEN - {S.ACCEPTED}, S.WITHDRAWN, RECORDERS,
           filed=False),
        # After filing the complainant only asks; the head decides (劳动保障监察条例 Art. 18 (3)).
        _t("request_withdrawal", _("Record a withdrawal request"), FILED, None, RECORDERS,
           filed=True, withdrawal_pending=False, event="withdrawal_requested"),
        _t("cancel_filing", _("Cancel the filing"), FILED, S.WITHDRAWN, WITHDRAWAL_DECIDERS,
           withdrawal_pending=True, event="filing_cancelled"),
        _t("continue_ex_officio", _("Continue ex officio"), FILED, None, WITHDRAWAL_DECIDERS,
           withdrawal_pending=True, event="continued_ex_officio"),
        # The bureau's own 撤销立案 (劳动保障监察条例 Art. 18 (3)), no withdrawal asked: carried
        # out when the head approves the cancellation form (inspection/services/ending.py).
        _t("cancel_filing_by_bureau", _("Filing cancelled on the head's approval"), FILED,
           S.WITHDRAWN, set(), system=True, filed=True, event="filing_cancelled"),
        _t("merge", _("Merge into another case"), WORKING, S.MERGED, {INSPECTOR, SUPERVISOR},
           withdrawal_pending=False),
        _t("transfer", _("Transfer to another office"), WORKING, None,
           {INSPECTOR, SUPERVISOR, HEAD}),
        # The case is resolved when all its desk referrals are done (dispatch reports it).
        _t("resolve_by_referrals", _("Resolved: every desk has finished"),
           {S.ACCEPTED, S.IN_PROGRESS}, S.RESOLVED, set(), system=True),
    ]
)  # fmt: skip


def transition_for(action: str) -> Transition:
    try:
        return ALLOWED_TRANSITIONS[action]
    except KeyError:
        raise InvalidTransition() from None


def role_may(user, transition: Transition) -> bool:
    """Users act by role; `None` is Shouwen itself, allowed only the system transitions."""
    if user is None:
        return transition.system
    return not transition.system and user.has_role(*transition.roles)


def check_transition(*, case: Case, action: str, actor) -> Transition:
    """Return the transition if `actor` may do `action` on `case` now, else raise."""
    transition = transition_for(action)
    if not transition.allows(case.status):
        raise InvalidTransition(
            _("A case that is “%(status)s” cannot be changed by “%(action)s”.")
            % {"status": case.get_status_display(), "action": transition.label}
        )
    refusal = transition.unmet_condition(case)
    if refusal is not None:
        raise InvalidTransition(refusal)
    if not role_may(actor, transition):
        raise ActionNotPermitted()
    return transition


def allowed_actions(*, case: Case, user) -> list[Transition]:
    """The transitions this user may start on this case now, in table order."""
    return [
        transition
        for transition in ALLOWED_TRANSITIONS.values()
        if transition.allows(case.status)
        and transition.unmet_condition(case) is None
        and role_may(user, transition)
    ]
