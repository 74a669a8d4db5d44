"""The head's decision on a proposed step, by its kind: {kind: (approve, refuse)}, each
called as `fn(*, step, actor, note)`. The generic decision page (inspection/views/ending.py
`step_decide`) and the head's approval queue look the functions up here."""

from inspection.models import StepKind
from inspection.services.ending import (
    cancellation_approve,
    cancellation_refuse,
    closing_approve,
    closing_refuse,
)
from inspection.services.transfer import transfer_report_approve, transfer_report_refuse

APPROVALS = {
    StepKind.TRANSFER_REPORT: (transfer_report_approve, transfer_report_refuse),
    StepKind.CANCELLATION: (cancellation_approve, cancellation_refuse),
    StepKind.CLOSING: (closing_approve, closing_refuse),
}
