"""The closed lists behind every choices field (each backed by a CheckConstraint)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def choice_values(choices) -> list[str]:
    return [value for value, _label in choices.choices]


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    HOTLINE = "hotline", _("Hotline 12345")
    ONLINE = "online", _("Online form")
    PLATFORM = "platform", _("External platform")
    AGENCY = "agency", _("Referral from another agency")
    LETTER = "letter", _("Letter")


class Category(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("Wage arrears")
    LABOR_CONTRACT = "labor_contract", _("Labor contract")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    WORK_INJURY = "work_injury", _("Work injury")
    OTHER = "other", _("Other")


class Industry(models.TextChoices):
    """The sections of the national industry classification (GB/T 4754-2017)."""

    AGRICULTURE = "A", _("Agriculture, forestry, animal husbandry and fishery")
    MINING = "B", _("Mining")
    MANUFACTURING = "C", _("Manufacturing")
    UTILITIES = "D", _("Electricity, heat, gas and water production and supply")
    CONSTRUCTION = "E", _("Construction")
    TRADE = "F", _("Wholesale and retail trade")
    TRANSPORT = "G", _("Transport, storage and postal services")
    HOSPITALITY = "H", _("Accommodation and catering")
    INFORMATION = "I", _("Information transmission, software and IT services")
    FINANCE = "J", _("Finance")
    REAL_ESTATE = "K", _("Real estate")
    LEASING = "L", _("Leasing and business services")
    RESEARCH = "M", _("Scientific research and technical services")
    ENVIRONMENT = "N", _("Water conservancy, environment and public facilities management")
    RESIDENT_SERVICES = "O", _("Resident services, repair and other services")
    EDUCATION = "P", _("Education")
    HEALTH = "Q", _("Health and social work")
    CULTURE = "R", _("Culture, sports and entertainment")
    PUBLIC_ADMINISTRATION = (
        "S",
        _("Public administration, social security and social organisations"),
    )
    INTERNATIONAL = "T", _("International organisations")


class PartyRole(models.TextChoices):
    """A party's place in a construction project's chain of responsibility: who must pay
    under 保障农民工工资支付条例 Art. 30 (the general contractor, when a subcontractor owes)
    and Art. 36 (the construction unit or general contractor, when work was let to an
    individual or an unqualified unit)."""

    CONSTRUCTION_UNIT = "construction_unit", _("Construction unit")
    GENERAL_CONTRACTOR = "general_contractor", _("General contractor")
    SUBCONTRACTOR = "subcontractor", _("Subcontractor")
    TEAM_LEADER = "team_leader", _("Team leader")


class AdvanceSource(models.TextChoices):
    """Where an advance payment (先行垫付) to a worker comes from."""

    EMERGENCY_FUND = "emergency_fund", _("Emergency wage fund")
    GUARANTEE_DEPOSIT = "guarantee_deposit", _("Wage guarantee deposit")


class DeskKind(models.TextChoices):
    """The five desks behind the one window (打包办); dispatch keeps a Desk per office."""

    INSPECTION = "inspection", _("Labor inspection")
    ARBITRATION = "arbitration", _("Labor arbitration")
    WORK_INJURY = "work_injury", _("Work injury")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    LEGAL_AID = "legal_aid", _("Legal aid")


class Status(models.TextChoices):
    # "Registered" is also a date heading elsewhere; the context keeps the two apart.
    REGISTERED = "registered", pgettext_lazy("case status", "Registered")
    ACCEPTED = "accepted", _("Accepted (filed)")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another case")


OPEN_STATUSES = (Status.REGISTERED, Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED)


class RoutingState(models.TextChoices):
    """Whether dispatch still has to route the case: the outbox, kept in PostgreSQL."""

    PENDING = "pending", _("Waiting to be routed")
    ROUTED = "routed", _("Routed")
    # Routing kept failing (a "poison" case): shown to supervisors, who retry it.
    FAILED = "failed", _("Dispatch failed")


class FollowupMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    VISIT = "visit", _("Visit")
    IN_PERSON = "in_person", _("At the window")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    UNREACHABLE = "unreachable", _("Could not be reached")


class Sex(models.TextChoices):
    UNKNOWN = "", _("Not stated")
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class OutcomeStage(models.TextChoices):
    """The stage a case has reached decides how it may end (docs/statutory-time-limits.md
    "Outcomes"): before filing only on the acceptance decision's grounds, after filing (立案)
    only as an investigated case ends."""

    DECISION = "decision", _("Acceptance decision (before filing)")
    FILED = "filed", _("Filed case (after filing)")
    # Fits both stages (the seeded "merged": a merger ends a case before or after filing).
    ANY = "any", _("Either stage")


class Material(models.TextChoices):
    ID_DOCUMENT = "id_document", _("Complainant's ID document")
    EMPLOYER_DETAILS = "employer_details", _("Employer's full name and address")
    LABOR_CONTRACT = "labor_contract", _("Labor contract or proof of employment")
    ATTENDANCE = "attendance", _("Attendance records")
    PAYROLL = "payroll", _("Payroll or wage slips")
    IOU = "iou", _("Written acknowledgement of wages owed (IOU)")
    AMOUNT_CALCULATION = "amount_calculation", _("Calculation of the amount owed")
    # Construction cases: what the chain of responsibility needs (complaints/models/chain.py).
    PROJECT_PARTIES = (
        "project_parties",
        _("Project name and code, the general contractor and the subcontractor"),
    )
    OTHER = "other", _("Other")


class EventKind(models.TextChoices):
    """What a timeline entry records; complaints/events.py composes its sentence.

    A workflow transition records its action's name (complaints/workflow.py), or the kind
    its row names (`Transition.event`), so each one has a kind here too.
    """

    REGISTERED = "registered", pgettext_lazy("event kind", "Registered")
    COMPLAINANTS_ADDED = "complainants_added", pgettext_lazy("event kind", "Complainants added")
    # The workflow's transitions.
    ACCEPT = "accept", pgettext_lazy("event kind", "Accepted and filed")
    NOT_ACCEPT = "not_accept", pgettext_lazy("event kind", "Not accepted")
    START = "start", pgettext_lazy("event kind", "Work started")
    RESOLVE = "resolve", pgettext_lazy("event kind", "Marked resolved")
    RESOLVE_BY_REFERRALS = (
        "resolve_by_referrals",
        pgettext_lazy("event kind", "Resolved by the desks"),
    )
    REOPEN = "reopen", pgettext_lazy("event kind", "Reopened")
    REOPEN_CLOSED = "reopen_closed", pgettext_lazy("event kind", "Closed case reopened")
    CLOSE = "close", pgettext_lazy("event kind", "Closed")
    WITHDRAW = "withdraw", pgettext_lazy("event kind", "Withdrawn")
    MERGE = "merge", pgettext_lazy("event kind", "Merged into another case")
    TRANSFER = "transfer", pgettext_lazy("event kind", "Transferred")
    MERGED_IN = "merged_in", pgettext_lazy("event kind", "Another case merged in")
    NOTE = "note", pgettext_lazy("event kind", "Note")
    PAYMENT_RECORDED = "payment_recorded", pgettext_lazy("event kind", "Payment recorded")
    MATERIAL_COLLECTED = "material_collected", pgettext_lazy("event kind", "Material collected")
    EVIDENCE_ADDED = "evidence_added", pgettext_lazy("event kind", "Evidence added")
    # The acceptance decision (受理) on a registered complaint and what follows it.
    DECISION_PROPOSED = "decision_proposed", pgettext_lazy("event kind", "Decision proposed")
    DECISION_SENT_BACK = "decision_sent_back", pgettext_lazy("event kind", "Decision sent back")
    COMPLETION_REQUESTED = (
        "completion_requested",
        pgettext_lazy("event kind", "Asked to complete the complaint"),
    )
    COMPLAINT_COMPLETED = (
        "complaint_completed",
        pgettext_lazy("event kind", "Completed complaint received"),
    )
    REDIRECT = "redirect", pgettext_lazy("event kind", "Not for inspection; goes on elsewhere")
    # A complainant's withdrawal after filing, and the bureau's decision on it.
    WITHDRAWAL_REQUESTED = (
        "withdrawal_requested",
        pgettext_lazy("event kind", "Withdrawal requested"),
    )
    FILING_CANCELLED = "filing_cancelled", pgettext_lazy("event kind", "Filing cancelled")
    CONTINUED_EX_OFFICIO = (
        "continued_ex_officio",
        pgettext_lazy("event kind", "Continued ex officio"),
    )
    # Routing to the desks.
    ROUTED = "routed", pgettext_lazy("event kind", "Routed")
    ROUTING_SKIPPED = "routing_skipped", pgettext_lazy("event kind", "Routing skipped")
    ROUTING_FAILED = "routing_failed", pgettext_lazy("event kind", "Dispatch failed")
    ROUTING_RETRIED = "routing_retried", pgettext_lazy("event kind", "Dispatch retried")
    # The desks' work on the case and their time limits.
    REFERRED = "referred", pgettext_lazy("event kind", "Referred to a desk")
    REFERRAL_ACCEPTED = "referral_accepted", pgettext_lazy("event kind", "Desk accepted")
    REFERRAL_STARTED = "referral_started", pgettext_lazy("event kind", "Desk started work")
    REFERRAL_DONE = "referral_done", pgettext_lazy("event kind", "Desk finished")
    REFERRAL_RETURNED = "referral_returned", pgettext_lazy("event kind", "Desk returned the case")
    REFERRAL_REASSIGNED = (
        "referral_reassigned",
        pgettext_lazy("event kind", "Desk officer reassigned"),
    )
    REFERRAL_TAKEN = "referral_taken", pgettext_lazy("event kind", "Taken by an officer")
    APPLICATION_RECEIVED = (
        "application_received",
        pgettext_lazy("event kind", "Application received by the desk"),
    )
    DEADLINE_PAUSED = "deadline_paused", pgettext_lazy("event kind", "Clock paused")
    DEADLINE_RESUMED = "deadline_resumed", pgettext_lazy("event kind", "Clock resumed")
    DEADLINE_EXTENDED = "deadline_extended", pgettext_lazy("event kind", "Extension approved")
    DEADLINE_OVERDUE = "deadline_overdue", pgettext_lazy("event kind", "Overdue")
    CASE_ENDED_WORK_CLOSED = (
        "case_ended_work_closed",
        pgettext_lazy("event kind", "Desks' work closed with the case"),
    )
    # Supervision (督办), extension requests and orders to pay.
    SUPERVISION_STARTED = (
        "supervision_started",
        pgettext_lazy("event kind", "Put under supervision"),
    )
    SUPERVISION_REPORTED = "supervision_reported", pgettext_lazy("event kind", "Supervision report")
    SUPERVISION_LIFTED = "supervision_lifted", pgettext_lazy("event kind", "Supervision lifted")
    EXTENSION_REQUESTED = "extension_requested", pgettext_lazy("event kind", "Extension requested")
    EXTENSION_REFUSED = "extension_refused", pgettext_lazy("event kind", "Extension refused")
    RECTIFICATION_ORDERED = (
        "rectification_ordered",
        pgettext_lazy("event kind", "Order to pay issued"),
    )
    RECTIFICATION_COMPLIED = (
        "rectification_complied",
        pgettext_lazy("event kind", "Order to pay complied with"),
    )
    # The inspection procedure's steps and the documents they issue (inspection/).
    DOCUMENT_ISSUED = "document_issued", pgettext_lazy("event kind", "Document issued")
    DOCUMENT_SERVED = "document_served", pgettext_lazy("event kind", "Document served")
    STEP_RECORDED = "step_recorded", pgettext_lazy("event kind", "Procedure step recorded")
    STEP_PROPOSED = "step_proposed", pgettext_lazy("event kind", "Submitted for approval")
    STEP_APPROVED = "step_approved", pgettext_lazy("event kind", "Approved")
    STEP_REFUSED = "step_refused", pgettext_lazy("event kind", "Not approved")
    # The wage-arrears dimensions (complaints/services/chain.py, violations.py, advances.py).
    PARTIES_RECORDED = "parties_recorded", pgettext_lazy("event kind", "Project and parties")
    VIOLATIONS_RECORDED = "violations_recorded", pgettext_lazy("event kind", "Violations")
    ADVANCE_PAID = "advance_paid", pgettext_lazy("event kind", "Advance payment")
    ADVANCE_RECOVERED = "advance_recovered", pgettext_lazy("event kind", "Advance recovered")
    ADVANCE_CORRECTED = "advance_corrected", pgettext_lazy("event kind", "Advance corrected")
    ADVANCE_REMOVED = "advance_removed", pgettext_lazy("event kind", "Advance removed")
    RECOVERY_CORRECTED = "recovery_corrected", pgettext_lazy("event kind", "Recovery corrected")
    RECOVERY_REMOVED = "recovery_removed", pgettext_lazy("event kind", "Recovery removed")
    CREDIT_PROPOSED = "credit_proposed", pgettext_lazy("event kind", "Credit consequence proposed")
    CREDIT_DECIDED = "credit_decided", pgettext_lazy("event kind", "Credit consequence decided")
    # Personal data: a full ID number was shown (who saw whose; never the number).
    ID_NUMBER_VIEWED = "id_number_viewed", pgettext_lazy("event kind", "Full ID number viewed")
