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


class Material(models.TextChoices):
    ID_DOCUMENT = "id_document", _("Complainant's ID document")
    EMPLOYER_DETAILS = "employer_details", _("Employer's full name and address")
    LABOR_CONTRACT = "labor_contract", _("Labor contract or proof of employment")
    ATTENDANCE = "attendance", _("Attendance records")
    PAYROLL = "payroll", _("Payroll or wage slips")
    IOU = "iou", _("Written acknowledgement of wages owed (IOU)")
    AMOUNT_CALCULATION = "amount_calculation", _("Calculation of the amount owed")
    OTHER = "other", _("Other")
