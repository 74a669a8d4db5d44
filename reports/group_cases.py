"""The dashboard's "Group cases" block: the open group wage-arrears cases (群体性欠薪) of the
office's scope, those not yet reported upward first (the most urgent report first), in one
query however many there are (dispatch/services/group_cases.py declares them)."""

from dataclasses import dataclass

from django.db.models import F

from accounts.models import Office
from complaints.models import OPEN_STATUSES
from config import clock
from dispatch.models import GroupCase
from reports.restriction import only_cases
from reports.scope import OFFICE_PAIR, in_scope

GROUP_LIST_LENGTH = 20


@dataclass(frozen=True)
class GroupCaseRow:
    group: GroupCase

    @property
    def case(self):
        return self.group.case

    @property
    def report_due(self) -> str:
        deadline = self.group.deadline
        return deadline.due_display if deadline is not None else ""

    @property
    def overdue(self) -> bool:
        deadline = self.group.deadline
        return bool(
            not self.group.is_reported
            and deadline is not None
            and deadline.due_at is not None
            and clock.now() > deadline.due_at
        )


def open_group_cases(office: Office, *, limit: int = GROUP_LIST_LENGTH) -> list[GroupCaseRow]:
    """The open group cases whose registering or responsible office is in the office's
    scope: unreported first, the longest waiting first; then those reported."""
    groups = in_scope(
        GroupCase.objects.filter(case__status__in=OPEN_STATUSES),
        office,
        *(f"case__{field}" for field in OFFICE_PAIR),
    )
    groups = only_cases(groups, "case")
    rows = groups.select_related("case", "case__employer", "deadline").order_by(
        F("reported_at").desc(nulls_first=True), "declared_at", "id"
    )[:limit]
    return [GroupCaseRow(group) for group in rows]
