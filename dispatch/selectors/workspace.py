"""Reads for the officers' workspace: "My cases" and the desk queue.

Every list starts from `referrals_visible_to`, the case visibility rule of
complaints/selectors/visibility.py plus the referrals assigned to the user, so a page or a bulk
action never reaches a referral its user may not see ("My cases" of one's own referrals
needs only `officer=user`: those are always visible). Rows are sorted and filtered by the
next due date stored on the referral (dispatch/services/next_due.py), read in order from
an index and cut at one page whatever the officer holds; the next deadline's pause comes
through its stored foreign key, workers and supervision from subqueries on the page's rows.
The working days left are computed in Python over the calendar read once per year
(dispatch/calendar.py caches it), so a page costs the same number of queries whatever its
number of rows. What a row's filed case waits on (its officer, or the head's approval) is
the inspection procedure's rule, registered here (`register_waiting`) and read for the whole
page at once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from accounts.models import User
from accounts.roles import Role
from complaints.models import Case
from complaints.selectors.lists import complainant_count, has_dimensions, with_dimensions
from complaints.selectors.predicates import filtered_by
from complaints.selectors.search import cases_matching
from complaints.selectors.visibility import cases_visible_to, office_subtree_ids
from config import clock
from dispatch.calendar import working_days_between
from dispatch.models import (
    OPEN_REFERRAL_STATUSES,
    REMIND_DAYS_BEFORE,
    Desk,
    Referral,
    ReferralStatus,
    SavedFilter,
)
from dispatch.selectors.cases import case_under_supervision

# Who has a workspace: the roles that work referrals.
OFFICER_ROLES = (Role.INSPECTOR, Role.DESK_OFFICER, Role.SUPERVISOR)

# "My cases" scopes: the user's own referrals, or (supervisors) every officer's of the
# user's office and the offices below it.
SCOPE_MINE = "mine"
SCOPE_OFFICE = "office"


def referrals_visible_to(*, user) -> QuerySet[Referral]:
    """Referrals of cases the user may see, and those assigned to the user.

    EXISTS on the referral's own case rather than `case IN (visible cases)`: inside the
    OR, PostgreSQL cannot turn the IN into a join and at 1M cases scanned the whole list
    of visible cases for each referral (the desk queue took 53 s); EXISTS is one look-up
    by primary key per referral read.
    """
    visible_case = cases_visible_to(user=user).filter(pk=OuterRef("case_id"))
    return Referral.objects.filter(Exists(visible_case) | Q(officer=user))


def is_supervisor(user) -> bool:
    return user.has_role(Role.SUPERVISOR)


def _annotated(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Rows with their next open deadline's pause, their workers and supervision.

    `next_due` is the referral's own column; the pause and provisional mark come through
    the stored `next_deadline` (one row at most). Subqueries rather than joins for the
    rest: one row per referral, whatever it has underneath.
    """
    return referrals.select_related(
        "case", "case__employer", "desk", "desk__office", "officer"
    ).annotate(
        next_due_paused_on=F("next_deadline__paused_on"),
        next_due_provisional=F("next_deadline__provisional"),
        next_due_at=F("next_deadline__due_at"),
        worker_count=complainant_count("case_id"),
        under_supervision=case_under_supervision("case_id"),
    )


def _filtered(referrals: QuerySet[Referral], filters: dict, *, today: date) -> QuerySet:
    referrals = filtered_by(
        referrals,
        filters,
        fields={
            "desk": "desk__kind",
            "status": "status",
            "office": "desk__office",
            "channel": "case__channel",
            "category": "case__category",
        },
    )
    if filters.get("overdue"):
        # Past its due day, or (a limit in hours, e.g. the 24 hours to transfer to the
        # police) past its due moment on the due day itself: what the row's Clock marks.
        # The moment is compared on today's rows only (a limit's due day is its moment's
        # local day), so the officer's index on the due day still chooses the rows: over
        # every row, the comparison joined all the deadlines (1.9 s at 1,000,000 cases).
        late = Q(next_due__lt=today) | Q(next_due=today, next_due_at__lt=clock.now())
        referrals = referrals.filter(late, next_due_paused_on__isnull=True)
    text = (filters.get("q") or "").strip()
    if text:
        referrals = referrals.filter(
            case__in=cases_matching(Case.objects.all(), text=text).values("pk")
        )
    if has_dimensions(filters):
        cases = with_dimensions(Case.objects.all(), filters)
        referrals = referrals.filter(case__in=cases.values("pk"))
    return referrals


def _by_due(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.order_by(F("next_due").asc(nulls_last=True), "created_at", "id")


def my_cases_for(*, user, filters: dict | None = None, today: date) -> QuerySet[Referral]:
    """The user's open referrals, soonest due first (no open deadline last).

    With scope "office" a supervisor sees every open referral of the desks of their office
    and the offices below it, their own included.
    """
    filters = filters or {}
    if filters.get("scope") == SCOPE_OFFICE and is_supervisor(user):
        referrals = referrals_visible_to(user=user).filter(
            Q(desk__office_id__in=office_subtree_ids(user)) | Q(officer=user)
        )
    else:
        # Equal to referrals_visible_to(user) & officer=user, without its OR over every
        # visible case, so the index on (officer, next_due, ...) answers it alone.
        referrals = Referral.objects.filter(officer=user)
    referrals = _filtered(
        _annotated(referrals.filter(status__in=OPEN_REFERRAL_STATUSES)), filters, today=today
    )
    if filters.get("waiting"):
        referrals = referrals.filter(_waiting_on(user, today=today))
    return _by_due(referrals)


def queue_desks_for(*, user) -> QuerySet[Desk]:
    """The desks whose queue the user works: theirs; for a supervisor, their offices' too."""
    desks = Desk.objects.filter(is_active=True)
    if is_supervisor(user):
        return desks.filter(Q(members=user) | Q(office_id__in=office_subtree_ids(user))).distinct()
    return desks.filter(members=user)


def desk_queue_for(*, user, filters: dict | None = None, today: date) -> QuerySet[Referral]:
    """Referrals of the user's desks waiting to be accepted, and those nobody is assigned."""
    waiting = Q(status=ReferralStatus.PENDING) | Q(
        officer__isnull=True, status__in=OPEN_REFERRAL_STATUSES
    )
    referrals = referrals_visible_to(user=user).filter(
        waiting, desk__in=queue_desks_for(user=user).values("pk")
    )
    return _by_due(_filtered(_annotated(referrals), filters or {}, today=today))


@dataclass(frozen=True)
class Clock:
    """How a row's next deadline stands today, for the page's marks."""

    due: date | None
    days_left: int | None  # working days; negative = overdue by that many
    paused: bool
    provisional: bool
    due_at: datetime | None = None  # a limit in hours: the moment it is due
    past_due_at: bool = False  # ... and that moment has passed (overdue on its due day)

    @property
    def overdue(self) -> bool:
        return self.due is not None and not self.paused and (self.days_left < 0 or self.past_due_at)

    @property
    def overdue_days(self) -> int:
        """Working days overdue; 0 for a limit in hours overdue on its due day."""
        return max(-self.days_left, 0) if self.overdue else 0

    @property
    def due_soon(self) -> bool:
        return (
            self.due is not None
            and not self.paused
            and not self.past_due_at
            and 0 <= self.days_left <= REMIND_DAYS_BEFORE
        )


def clock_for(referral: Referral, *, today: date) -> Clock:
    """Working days from today to the referral's next due date (no query: cached calendar)."""
    due = referral.next_due
    if due is None:
        return Clock(due=None, days_left=None, paused=False, provisional=False)
    days_left = working_days_between(today, due)
    if due < today:
        # Past due: at least one day overdue, even when only rest days passed since.
        days_left = min(days_left, -1)
    due_at = getattr(referral, "next_due_at", None)
    return Clock(
        due=due,
        days_left=days_left,
        paused=referral.next_due_paused_on is not None,
        provisional=bool(referral.next_due_provisional),
        due_at=due_at,
        past_due_at=due_at is not None and due_at < clock.now(),
    )


def with_clocks(referrals, *, today: date) -> list[Referral]:
    """The page's rows, each with `.clock` set."""
    rows = list(referrals)
    for referral in rows:
        referral.clock = clock_for(referral, today=today)
    return rows


# --- What a row waits on ------------------------------------------------------------
#
# Whether a referral's case waits on its officer or on the head's approval is the
# inspection procedure's rule, an app above dispatch. It registers at start-up
# (InspectionConfig.ready, inspection/waiting.py): `read(rows) -> {referral id: Waiting}`,
# which reads the procedure of all the page's rows in a fixed number of queries, and
# `on_officer(today) -> Q`, the same rule as a condition on referrals for the "waiting on
# me" filter (a database condition, so the filter runs before the page is cut).


@dataclass(frozen=True)
class Waiting:
    """What a row waits on: its officer (`on_officer`), else the head's approval of a step
    proposed; `step` names the step in a few words."""

    on_officer: bool
    step: str


_waiting: dict[str, Callable] = {}


def register_waiting(*, read: Callable, on_officer: Callable) -> None:
    _waiting["read"] = read
    _waiting["on_officer"] = on_officer


def _waiting_on(user, *, today: date) -> Q:
    """The user's referrals that wait on them; none when no app says what a row waits on."""
    if "on_officer" not in _waiting:
        return Q(pk__in=[])
    return Q(officer=user) & _waiting["on_officer"](today)


def with_waiting(rows: list[Referral]) -> list[Referral]:
    """The page's rows, each with `.waiting` set (a Waiting, or None)."""
    marks = _waiting["read"](rows) if "read" in _waiting and rows else {}
    for referral in rows:
        referral.waiting = marks.get(referral.pk)
    return rows


def reassign_officers_for(*, user):
    """Who a supervisor may hand referrals to: active members of their offices' desks."""
    if not is_supervisor(user):
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            desks__office_id__in=office_subtree_ids(user),
            desks__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def saved_filters_for(*, user, page: str) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user=user, page=page).order_by("name", "id")
