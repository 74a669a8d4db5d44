"""What is overdue now, for the dashboard: the few open overdue deadlines, read once.

Overdue now (case_overdue_now) is a deadline marked overdue by the sweep and not yet met.
They are few (about 3,600 among a million cases in the bench's seed) and the partial index
deadline_overdue_open_idx holds exactly them, but the planner cannot tell how few: asked
to join them to their referrals and cases it hashes every referral (0.4-0.6 s at 1M). So
their referral ids are read first, then the referrals and their cases by key, the ids as
one array parameter (complaints.selectors.among): two reads of ~10-20 ms at 1M.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from accounts.models import Office
from complaints.models import OPEN_STATUSES, Case
from complaints.selectors import among, office_tree, overdue_deadline_now
from dispatch.models import OPEN_REFERRAL_STATUSES, Deadline, Desk, Referral
from reports.figures import covers_everything


@dataclass
class OverdueNow:
    """In an office's scope: the open cases with an overdue deadline, oldest registration
    first, and the open referrals with one per officer at the office's desks (None: no
    officer)."""

    case_ids: list[int] = field(default_factory=list)
    by_officer: Counter = field(default_factory=Counter)

    @property
    def cases(self) -> QuerySet[Case]:
        return Case.objects.filter(among("pk", self.case_ids))

    def oldest(self, n: int) -> list[Case]:
        first = self.case_ids[:n]
        found = Case.objects.select_related("responsible_office").in_bulk(first)
        return [found[pk] for pk in first if pk in found]


def overdue_referral_ids() -> list[int]:
    """Referrals with a deadline marked overdue and not yet met, now."""
    deadlines = Deadline.objects.filter(overdue_deadline_now()).order_by()
    return list(deadlines.values_list("referral_id", flat=True).distinct())


def overdue_now(office: Office) -> OverdueNow:
    """What is overdue now in the office's scope (the whole city: no office filter)."""
    scope, desk_offices = None, {}
    if not covers_everything(office):
        scope = set(office_tree(office).values_list("id", flat=True))
        desk_offices = dict(Desk.objects.values_list("pk", "office"))
    found, case_ids = OverdueNow(), set()
    referrals = Referral.objects.filter(among("pk", overdue_referral_ids())).order_by()
    for status, officer, desk, case in referrals.values_list("status", "officer", "desk", "case"):
        case_ids.add(case)
        if status in OPEN_REFERRAL_STATUSES and (scope is None or desk_offices[desk] in scope):
            found.by_officer[officer] += 1
    cases = Case.objects.filter(among("pk", sorted(case_ids)), status__in=OPEN_STATUSES)
    if scope is not None:
        cases = cases.filter(Q(registering_office__in=scope) | Q(responsible_office__in=scope))
    found.case_ids = list(cases.order_by("registered_at", "pk").values_list("pk", flat=True))
    return found


def overdue_cases(office: Office) -> QuerySet[Case]:
    """Open cases with a deadline marked overdue and not yet met, now (case_overdue_now)."""
    return overdue_now(office).cases
