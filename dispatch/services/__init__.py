"""Every write of dispatch data goes through these functions."""

from dispatch.services.applications import referral_application_received
from dispatch.services.deadlines import deadline_extend, deadline_pause, deadline_resume
from dispatch.services.extensions import (
    extension_approve,
    extension_refuse,
    extension_request,
)
from dispatch.services.rectification import (
    rectification_complied,
    rectification_order,
    rectification_served,
)
from dispatch.services.referrals import (
    case_refer,
    referral_accept,
    referral_close_filed,
    referral_finish,
    referral_reassign,
    referral_return,
    referral_start,
    referral_take,
)
from dispatch.services.routing import case_route, route_pending_cases
from dispatch.services.supervision import supervision_lift, supervision_report, supervision_start

__all__ = [
    "case_refer",
    "case_route",
    "deadline_extend",
    "deadline_pause",
    "deadline_resume",
    "referral_accept",
    "referral_application_received",
    "referral_close_filed",
    "referral_finish",
    "referral_reassign",
    "referral_return",
    "referral_start",
    "referral_take",
    "route_pending_cases",
    "extension_approve",
    "extension_refuse",
    "extension_request",
    "rectification_complied",
    "rectification_order",
    "rectification_served",
    "supervision_lift",
    "supervision_report",
    "supervision_start",
]
