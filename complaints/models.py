"""Complaint data: the case (one ticket per matter), its people, employer and timeline."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from complaints.validators import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH


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
    REGISTERED = "registered", _("Registered")
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


class Employer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # Lower-case, width-folded, punctuation- and suffix-free form used to match
    # "某某建筑有限公司" with "某某建筑公司 " when looking for duplicates.
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, db_index=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="employer_credit_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Outcome(models.Model):
    """How a case ended: a closed list (DEADLINES.md "Outcomes") an administrator extends."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    requires_amount = models.BooleanField(_("requires an amount"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class TicketCounter(models.Model):
    """The last ticket number issued per prefix and year.

    Incremented under a row lock inside the registration transaction, so numbers are
    unique and gap-free: a rolled-back registration rolls its number back too.
    """

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="ticket_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class Case(models.Model):
    ticket = models.CharField(_("ticket number"), max_length=30, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    external_ref = models.CharField(_("platform reference"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    site = models.CharField(_("site or project"), max_length=200, blank=True)
    normalized_site = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    contractor = models.CharField(_("labor contractor"), max_length=100, blank=True)
    workers_affected = models.PositiveIntegerField(_("workers affected"), null=True, blank=True)
    amount_claimed = models.DecimalField(
        _("amount claimed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    arrears_from = models.DateField(_("arrears from"), null=True, blank=True)
    arrears_to = models.DateField(_("arrears to"), null=True, blank=True)

    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first responder"),
        on_delete=models.PROTECT,
        related_name="first_responder_cases",
        editable=False,
    )
    registering_office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("registering office"),
        on_delete=models.PROTECT,
        related_name="registered_cases",
        editable=False,
    )
    responsible_office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("responsible office"),
        on_delete=models.PROTECT,
        related_name="responsible_cases",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    routing_state = models.CharField(
        _("routing"), max_length=10, choices=RoutingState.choices, default=RoutingState.PENDING
    )
    # When routing was last asked for (registration, transfer); the sweep's clock.
    routing_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Desks the window staff chose at intake; the router adds these to what its rules find.
    requested_desks = models.JSONField(_("desks requested at intake"), default=list, blank=True)
    # True when a person chose the responsible office (at intake or by a transfer); the
    # router then keeps it instead of deriving it from the employer's district.
    office_fixed = models.BooleanField(default=False, editable=False)

    not_accepted_reason = models.TextField(_("reason for not accepting"), blank=True)
    not_accepted_notice = models.CharField(_("written notice number"), max_length=100, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    outcome = models.ForeignKey(
        Outcome, verbose_name=_("outcome"), null=True, blank=True, on_delete=models.PROTECT
    )
    outcome_amount = models.DecimalField(
        _("outcome amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    followup_at = models.DateTimeField(_("follow-up time"), null=True, blank=True)
    followup_method = models.CharField(
        _("follow-up method"), max_length=20, choices=FollowupMethod.choices, blank=True
    )
    followup_result = models.TextField(_("follow-up result"), blank=True)
    followup_satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )

    registered_at = models.DateTimeField(_("registered at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=choice_values(Channel)), name="case_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=choice_values(Category)), name="case_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(Status)), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(routing_state__in=choice_values(RoutingState)),
                name="case_routing_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(amount_claimed__isnull=True) | Q(amount_claimed__gte=0),
                name="case_amount_claimed_non_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(outcome__isnull=False),
                name="case_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(followup_method__in=["", *choice_values(FollowupMethod)]),
                name="case_followup_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(followup_satisfaction__in=["", *choice_values(Satisfaction)]),
                name="case_satisfaction_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="case_merged_has_target",
            ),
            # A platform's own reference identifies one case per channel (issue: API intake).
            models.UniqueConstraint(
                fields=["channel", "external_ref"],
                condition=~Q(external_ref=""),
                name="case_channel_external_ref_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "responsible_office"], name="case_status_office_idx"),
            models.Index(
                fields=["routing_requested_at"],
                condition=Q(routing_state="pending"),
                name="case_routing_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.ticket

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Sex(models.TextChoices):
    UNKNOWN = "", _("Not stated")
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Complainant(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="complainants"
    )
    name = models.CharField(_("full name"), max_length=NAME_MAX_LENGTH)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    owed_amount = models.DecimalField(
        _("amount owed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    recovered_amount = models.DecimalField(
        _("amount recovered"), max_digits=14, decimal_places=2, default=0
    )
    is_representative = models.BooleanField(_("representative"), default=False)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sex__in=choice_values(Sex)), name="complainant_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(owed_amount__isnull=True) | Q(owed_amount__gte=0),
                name="complainant_owed_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(recovered_amount__gte=0), name="complainant_recovered_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Material(models.TextChoices):
    ID_DOCUMENT = "id_document", _("Complainant's ID document")
    EMPLOYER_DETAILS = "employer_details", _("Employer's full name and address")
    LABOR_CONTRACT = "labor_contract", _("Labor contract or proof of employment")
    ATTENDANCE = "attendance", _("Attendance records")
    PAYROLL = "payroll", _("Payroll or wage slips")
    IOU = "iou", _("Written acknowledgement of wages owed (IOU)")
    AMOUNT_CALCULATION = "amount_calculation", _("Calculation of the amount owed")
    OTHER = "other", _("Other")


class MissingMaterial(models.Model):
    """One item still to be collected: zero-threshold intake tracks gaps, never refuses."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="missing_materials"
    )
    kind = models.CharField(_("material"), max_length=30, choices=Material.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("missing material")
        verbose_name_plural = _("missing materials")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(Material)), name="material_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk update/delete would rewrite the timeline behind the services' back."""

    def update(self, **kwargs):
        raise ValueError("Case events are append-only.")

    def delete(self):
        raise ValueError("Case events are append-only.")


class CaseEvent(models.Model):
    """The append-only timeline of a case; also the audit trail.

    `kind` and `payload` are the record; the translated summary is derived from them
    (complaints/events.py), so it reads in the viewer's language. `message` holds what
    the actor wrote (a note, a reason).
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), db_index=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="caseevent_case_time_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Case events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case events are append-only.")


class IntakeSubmission(models.Model):
    """One row per submitted intake form, keyed by the form's one-time token.

    A double-clicked submit or a resent form carries the same token, hits the primary
    key, and is answered with the case the first submission produced.
    """

    token = models.UUIDField(primary_key=True, default=uuid.uuid4)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.token)


class Consultation(models.Model):
    """An inquiry answered on the spot that needs no case; it counts in the statistics."""

    topic = models.CharField(_("topic"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    answer = models.TextField(_("answer given"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    contact_name = models.CharField(_("contact name"), max_length=NAME_MAX_LENGTH, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=choice_values(Channel)), name="consultation_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=choice_values(Category)),
                name="consultation_category_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class IdempotencyRecord(models.Model):
    """The answer given to one API POST with an Idempotency-Key, replayed for 24 hours.

    The unique (user, key) is the lock: the first request inserts the row (pending, no
    status yet); a retry finds it and gets the stored answer instead of a second act.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)  # null: pending
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
