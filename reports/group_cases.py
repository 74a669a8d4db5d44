"""The dashboard's "Group cases" block: the open group wage-arrears cases (群体性欠薪) of the
office's scope, those not yet reported upward first (the most urgent report first), then
those reported, the latest first (dispatch/services/group_cases.py declares them). Each
part is read in the order of its own index and stops at the list's length, so the cost
does not grow with the group cases on record."""

from dataclasses import dataclass

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
    scope: unreported first, the longest waiting first (group_case_unreported_idx); then
    those reported, the latest first (group_case_reported_idx)."""
    groups = in_scope(
        GroupCase.objects.filter(case__status__in=OPEN_STATUSES),
        office,
        *(f"case__{field}" for field in OFFICE_PAIR),
    )
    groups = only_cases(groups, "case")
    chosen = list(
        groups.filter(reported_at__isnull=True)
        .order_by("declared_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    if len(chosen) < limit:
        reported = groups.filter(reported_at__isnull=False).order_by("-reported_at", "declared_at")
        chosen += reported.values_list("pk", flat=True)[: limit - len(chosen)]
    found = GroupCase.objects.filter(pk__in=chosen).select_related(
        "case", "case__employer", "deadline"
    )
    by_id = {group.pk: group for group in found}
    return [GroupCaseRow(by_id[pk]) for pk in chosen]
