"""The case state machine, written down as one table and enforced by one function.

registered -> accepted (立案) | not accepted (不予受理)
accepted -> in progress -> resolved -> closed (outcome + follow-up 回访 required)
open cases may also be withdrawn, merged into another case, or transferred to another
office (transfer keeps the status and the first responder; only the responsible office
changes). A closed case can be reopened by a supervisor only.

Pages offer only the actions `allowed_actions` returns, but every service calls
`check_transition` again on the locked row: the table is enforced on the server.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import Case, Status

S = Status
WINDOW, INSPECTOR, DESK, SUPERVISOR = (
    Role.WINDOW,
    Role.INSPECTOR,
    Role.DESK_OFFICER,
    Role.SUPERVISOR,
)
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

    def allows(self, status: str) -> bool:
        return status in self.sources


def _t(action, label, sources, target, roles, system=False) -> tuple[str, Transition]:
    return action, Transition(action, label, frozenset(sources), target, frozenset(roles), system)


ALLOWED_TRANSITIONS: dict[str, Transition] = dict(
    [
        _t("accept", _("Accept (file the case)"), {S.REGISTERED}, S.ACCEPTED,
           {INSPECTOR, SUPERVISOR}),
        # 不予受理 refuses a worker: the head signs it off (若干规定 Art. 18).
        _t("not_accept", _("Do not accept"), {S.REGISTERED}, S.NOT_ACCEPTED, {SUPERVISOR}),
        _t("start", _("Start work"), {S.ACCEPTED}, S.IN_PROGRESS, {INSPECTOR, DESK, SUPERVISOR}),
        _t("resolve", _("Mark resolved"), {S.IN_PROGRESS}, S.RESOLVED,
           {INSPECTOR, DESK, SUPERVISOR}),
        _t("reopen", _("Reopen"), {S.RESOLVED}, S.IN_PROGRESS, {INSPECTOR, SUPERVISOR}),
        _t("close", _("Close"), {S.RESOLVED}, S.CLOSED, {INSPECTOR, SUPERVISOR}),
        _t("reopen_closed", _("Reopen a closed case"), {S.CLOSED}, S.IN_PROGRESS, {SUPERVISOR}),
        _t("withdraw", _("Record withdrawal"), OPEN, S.WITHDRAWN, {WINDOW, INSPECTOR, SUPERVISOR}),
        _t("merge", _("Merge into another case"), WORKING, S.MERGED, {INSPECTOR, SUPERVISOR}),
        _t("transfer", _("Transfer to another office"), WORKING, None, {INSPECTOR, SUPERVISOR}),
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
    if not role_may(actor, transition):
        raise ActionNotPermitted()
    return transition


def allowed_actions(*, case: Case, user) -> list[Transition]:
    """The transitions this user may start on this case now, in table order."""
    return [
        transition
        for transition in ALLOWED_TRANSITIONS.values()
        if transition.allows(case.status) and role_may(user, transition)
    ]
