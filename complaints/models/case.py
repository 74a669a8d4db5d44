"""The case, one ticket per matter, and what it points to: employer, outcome, counter."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from complaints.models.choices import (
    OPEN_STATUSES,
    Category,
    Channel,
    FollowupMethod,
    Industry,
    OutcomeStage,
    RoutingState,
    Satisfaction,
    Status,
    choice_values,
)
from complaints.validators import DESCRIPTION_MAX_LENGTH


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
    # Set once per employer (the wage-arrears statistics are cut by it).
    industry = models.CharField(
        _("industry"), max_length=1, choices=Industry.choices, blank=True, db_index=True
    )
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
            models.CheckConstraint(
                condition=Q(industry="") | Q(industry__in=choice_values(Industry)),
                name="employer_industry_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Outcome(models.Model):
    """How a case ended: a closed list an administrator extends
    (docs/statutory-time-limits.md "Outcomes").

    `stage` says when it may end a case: on the acceptance decision, before filing, or as
    a filed (立案), investigated case ends; `case_close` takes only the latter
    (complaints/selectors/outcomes.py).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    requires_amount = models.BooleanField(_("requires an amount"), default=False)
    stage = models.CharField(
        _("stage"), max_length=10, choices=OutcomeStage.choices, default=OutcomeStage.FILED
    )
    is_active = models.BooleanField(_("active"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["ordering", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=choice_values(OutcomeStage)), name="outcome_stage_valid"
            ),
        ]

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
        verbose_name = _("ticket counter")
        verbose_name_plural = _("ticket counters")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="ticket_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"

    @staticmethod
    def format_ticket(prefix: str, year: int, number: int) -> str:
        """The ticket number a counter's `number` stands for: YC-2026-000123."""
        return f"{prefix}-{year}-{number:06d}"


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
    # 工程建设领域: the case concerns a construction project (the wage-arrears statistics and
    # the chain of responsibility of the construction parties).
    is_construction = models.BooleanField(_("construction project"), default=False)
    # Flagged at intake: a risk of a mass incident (群体性事件), whatever the number of workers.
    mass_incident_risk = models.BooleanField(_("risk of a mass incident"), default=False)
    # The construction project, whose parties are the case's `parties` (models/chain.py).
    project = models.ForeignKey(
        "complaints.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
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
    # Failed routing attempts since it was last asked for; at ROUTING_MAX_ATTEMPTS the
    # case is marked "dispatch failed" instead of being retried forever.
    routing_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    # Desks the window staff chose at intake; the router adds these to what its rules find.
    requested_desks = models.JSONField(_("desks requested at intake"), default=list, blank=True)
    # True when a person chose the responsible office (at intake or by a transfer); the
    # router then keeps it instead of deriving it from the employer's district.
    office_fixed = models.BooleanField(default=False, editable=False)

    # The complainant asked to withdraw after filing (撤诉申请) and the head of the
    # inspection body has not yet decided: cancel the filing or continue ex officio
    # (complaints/services/withdrawal.py). Null when no request is waiting.
    withdrawal_requested_at = models.DateTimeField(
        _("withdrawal requested at"), null=True, blank=True, editable=False
    )
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
            # Only a filed case that is still open waits for a decision on a withdrawal.
            models.CheckConstraint(
                condition=Q(withdrawal_requested_at__isnull=True)
                | Q(
                    accepted_at__isnull=False,
                    status__in=["accepted", "in_progress", "resolved"],
                ),
                name="case_withdrawal_request_when_filed",
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
            # The dashboard's closings of a period (reports/figures.py closure).
            models.Index(fields=["closed_at"], name="case_closed_at_idx"),
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

    @property
    def withdrawal_pending(self) -> bool:
        """A complainant's withdrawal request waits for the head's decision."""
        return self.withdrawal_requested_at is not None
