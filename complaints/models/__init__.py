"""Complaint data: the case (one ticket per matter), its people, employer and timeline.

One module per topic; this file re-exports them so `from complaints.models import Case`
keeps working everywhere.
"""
# ruff: noqa: F401

from complaints.models.acceptance import (
    AcceptanceDecision,
    DecisionStatus,
    Ground,
    Route,
)
from complaints.models.advances import AdvancePayment, AdvanceRecovery
from complaints.models.campaigns import Campaign
from complaints.models.case import Case, Employer, Outcome, TicketCounter
from complaints.models.chain import CaseParty, Project
from complaints.models.choices import (
    OPEN_STATUSES,
    AdvanceSource,
    Category,
    Channel,
    DeskKind,
    EventKind,
    FollowupMethod,
    Industry,
    Material,
    OutcomeStage,
    PartyRole,
    RoutingState,
    Satisfaction,
    Sex,
    Status,
    choice_values,
)
from complaints.models.documents import (
    DocumentFormat,
    DocumentKind,
    DocumentOutput,
    DocumentTemplate,
    IssuedDocument,
)
from complaints.models.evidence import EVIDENCE_CONTENT_TYPES, Evidence, EvidenceKind
from complaints.models.intake import Consultation, IdempotencyRecord, IntakeSubmission
from complaints.models.people import Complainant, MissingMaterial, WagePayment
from complaints.models.timeline import AppendOnlyQuerySet, CaseEvent
from complaints.models.violations import CaseViolation, ViolationCategory
