"""What is overdue now, for the dashboard: the few open overdue deadlines, read once.

Overdue now (case_overdue_now) is a deadline marked overdue by the sweep and not yet met.
They are few (about 3,600 among a million cases in the bench's seed) and the partial index
deadline_overdue_open_idx holds exactly them, but the planner cannot tell how few: asked
to join them to their referrals and cases it hashes every referral (0.4-0.6 s at 1M). So
their referrals, and the referrals' cases, are looked up by key inside one statement
each (complaints.selectors.predicates.among_found: `= ANY(ARRAY(subquery))` on
PostgreSQL): the officers' counts grouped by PostgreSQL, and the ids of the open cases in
the office's scope, oldest registration first (15-20 and 20-35 ms at 1M in the bench's seed).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from accounts.models import Office
from complaints.models import OPEN_STATUSES, Case
from complaints.selectors.predicates import among, among_found
from dispatch.models import OPEN_REFERRAL_STATUSES, Deadline, Referral
from dispatch.selectors.cases import overdue_deadline_now
from reports.restriction import only_cases
from reports.scope import cases_in, in_scope


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


def overdue_referrals() -> QuerySet[Referral]:
    """Referrals with a deadline marked overdue and not yet met, now."""
    deadlines = Deadline.objects.filter(overdue_deadline_now()).order_by()
    return Referral.objects.filter(among_found("pk", deadlines.values("referral_id")))


def overdue_now(office: Office) -> OverdueNow:
    """What is overdue now in the office's scope (the whole city: no office filter)."""
    referrals = overdue_referrals().order_by()
    at_desks = only_cases(
        in_scope(referrals.filter(status__in=OPEN_REFERRAL_STATUSES), office, "desk__office"),
        "case",
    )
    by_officer = Counter(dict(at_desks.values_list("officer").annotate(n=Count("id"))))
    cases = cases_in(office).filter(
        among_found("pk", referrals.values("case_id")), status__in=OPEN_STATUSES
    )
    case_ids = list(cases.order_by("registered_at", "pk").values_list("pk", flat=True))
    return OverdueNow(case_ids=case_ids, by_officer=by_officer)


def overdue_cases(office: Office) -> QuerySet[Case]:
    """Open cases with a deadline marked overdue and not yet met, now (case_overdue_now)."""
    return overdue_now(office).cases
