"""Who marks a violation category found (查实) on a case: the inspector of its inspection.

complaints asks (complaints/services/violations.py `register_finder_check`); supervisors
and the head of the inspection body may always, the inspector of the case's open
inspection referral may too.
"""

from complaints.models import Case
from complaints.services.violations import register_finder_check
from dispatch.services.rectification import inspection_referral


def inspector_may_find(*, case: Case, user) -> bool:
    referral = inspection_referral(case)
    return referral is not None and referral.officer_id == user.pk


def register_violation_findings() -> None:
    """Called from the app's ready()."""
    register_finder_check(inspector_may_find)
