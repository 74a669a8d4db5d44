"""The inspection procedure's data: its steps and the service of its documents."""
# ruff: noqa: F401

from inspection.models.credit import CreditMeasure, CreditProposal, CreditStatus
from inspection.models.penalties import PenaltyProvision
from inspection.models.service import (
    PROOF_METHODS,
    SERVED_KINDS,
    UNSIGNED_METHODS,
    Service,
    ServiceMethod,
)
from inspection.models.steps import APPROVED_STEPS, PoliceOutcome, Step, StepKind, StepStatus
