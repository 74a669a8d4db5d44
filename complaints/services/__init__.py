"""Every write to a case goes through these functions (docs/conventions.md)."""

from complaints.services.acceptance import case_accept, case_not_accept
from complaints.services.consultations import consultation_log
from complaints.services.evidence import evidence_add
from complaints.services.intake import (
    ComplainantData,
    EmployerData,
    case_add_complainants,
    case_register,
)
from complaints.services.notes import case_add_note, material_mark_collected
from complaints.services.payments import payment_record
from complaints.services.personal_data import complainant_id_number_reveal
from complaints.services.routing_state import case_routing_failed, case_routing_retry
from complaints.services.transitions import (
    case_close,
    case_mark_routed,
    case_merge,
    case_reopen,
    case_reopen_closed,
    case_resolve,
    case_resolve_by_referrals,
    case_start,
    case_transfer,
    case_withdraw,
)
from complaints.services.withdrawal import (
    case_cancel_filing,
    case_continue_ex_officio,
    case_request_withdrawal,
)

__all__ = [
    "ComplainantData",
    "EmployerData",
    "case_accept",
    "case_add_complainants",
    "case_add_note",
    "case_cancel_filing",
    "case_close",
    "case_continue_ex_officio",
    "case_mark_routed",
    "case_merge",
    "case_not_accept",
    "case_register",
    "case_reopen",
    "case_reopen_closed",
    "case_request_withdrawal",
    "case_resolve",
    "case_resolve_by_referrals",
    "case_routing_failed",
    "case_routing_retry",
    "case_start",
    "case_transfer",
    "case_withdraw",
    "complainant_id_number_reveal",
    "consultation_log",
    "evidence_add",
    "material_mark_collected",
    "payment_record",
]
