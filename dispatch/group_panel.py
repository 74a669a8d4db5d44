"""The group wage-arrears case's card on the case page (a banner above the supervision
card): why it is one, the report-upward period, and the "reported upward" form for those
who may record it (`may_report_upward`, the service's own check)."""

from django.db.models import Prefetch

from complaints.models import Case
from complaints.panels import BANNER, register_case_panel
from config import clock
from dispatch.forms.group_cases import ReportUpwardForm
from dispatch.models import GroupCase
from dispatch.services.group_cases import may_report_upward


def group_case_panel_context(*, case: Case, user) -> dict:
    """The context of dispatch/_group_case.html; empty for a case that is not a group case."""
    group = getattr(case, "group_case", None)  # prefetched: no query for other cases
    if group is None:
        return {"group_case": None}
    deadline = group.deadline
    overdue = bool(not group.is_reported and deadline is not None and clock.now() > deadline.due_at)
    return {
        "group_case": group,
        "group_deadline": deadline,
        "group_overdue": overdue,
        "may_report_upward": not group.is_reported and may_report_upward(user),
        "report_upward_form": ReportUpwardForm(prefix="group"),
    }


def register_group_case_panel() -> None:
    register_case_panel(
        slot=BANNER,
        order=5,
        template="dispatch/_group_case.html",
        context=group_case_panel_context,
        # One query for the card and all it reads, group case or not (the case page's
        # queries do not depend on the case: tests/complaints/test_case_page_queries.py).
        prefetch=(
            Prefetch(
                "group_case",
                queryset=GroupCase.objects.select_related("deadline", "reported_by"),
            ),
        ),
    )
