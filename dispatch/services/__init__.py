"""Every write of dispatch data goes through these functions."""

from dispatch.services.deadlines import deadline_extend, deadline_pause, deadline_resume
from dispatch.services.referrals import (
    case_refer,
    referral_accept,
    referral_finish,
    referral_reassign,
    referral_return,
    referral_start,
)
from dispatch.services.routing import case_route, route_pending_cases

__all__ = [
    "case_refer",
    "case_route",
    "deadline_extend",
    "deadline_pause",
    "deadline_resume",
    "referral_accept",
    "referral_finish",
    "referral_reassign",
    "referral_return",
    "referral_start",
    "route_pending_cases",
]
