"""Desks, routing rules and referrals: where a case goes and who works it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import Case, Category, Channel, DeskKind, choice_values
from dispatch.models.applications import APPLICATION_DESKS


class Desk(models.Model):
    """One of the five desks at one office; its members are the officers who work it."""

    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="desks",
    )
    kind = models.CharField(_("desk"), max_length=20, choices=DeskKind.choices)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("officers"), related_name="desks", blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["office", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["office", "kind"], name="desk_office_kind_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(DeskKind)), name="desk_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} · {self.get_kind_display()}"


class RoutingRule(models.Model):
    """If a case matches (category, channel, a keyword), refer it to these desks.

    Empty category/channel/keywords match anything. Every matching active rule adds its
    desks; a rule marked default applies when no other rule matched. The rule that
    produced a referral is kept on it, so an officer can see why a case came to them.
    """

    name = models.CharField(_("name"), max_length=100)
    priority = models.PositiveSmallIntegerField(_("priority"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    is_default = models.BooleanField(_("default rule"), default=False)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated; the rule matches if the description contains any."),
    )
    desks = models.JSONField(
        _("desks"), default=list, help_text=_('Desk codes, e.g. ["inspection", "legal_aid"].')
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["priority", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=["", *choice_values(Category)]),
                name="routingrule_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["", *choice_values(Channel)]),
                name="routingrule_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        unknown = [code for code in self.desks or [] if code not in DeskKind.values]
        if not self.desks or unknown or not isinstance(self.desks, list):
            raise ValidationError(
                {
                    "desks": _("List one or more of: %(codes)s.")
                    % {"codes": ", ".join(DeskKind.values)}
                }
            )

    @property
    def keyword_list(self) -> list[str]:
        return [
            word.strip() for word in self.keywords.replace("，", ",").split(",") if word.strip()
        ]


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    RETURNED = "returned", _("Returned")


OPEN_REFERRAL_STATUSES = [
    ReferralStatus.PENDING,
    ReferralStatus.ACCEPTED,
    ReferralStatus.IN_PROGRESS,
]


# Why a referral exists or ended, stored as "code:value" so it reads in any language.
REASON_TEXTS = {
    "rule": _("routing rule “%(value)s”"),
    "intake": _("requested at intake"),
    "default": _("no rule matched: inspection by default"),
    "transfer-from": _("transferred from %(value)s"),
    "transfer-to": _("transferred to %(value)s"),
}


def reason_text(stored: str) -> str:
    """The translated form of a stored reason code; free text is shown as written."""
    code, _separator, value = stored.partition(":")
    if code in REASON_TEXTS:
        return str(REASON_TEXTS[code]) % {"value": value}
    return stored


class Referral(models.Model):
    """A case sent to one desk: its own officer, status and deadlines."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals"
    )
    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.PROTECT, related_name="referrals"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferralStatus.choices,
        default=ReferralStatus.PENDING,
    )
    rule = models.ForeignKey(
        RoutingRule,
        verbose_name=_("routing rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("why this desk"), max_length=300, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_at = models.DateTimeField(_("referred at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The open deadline due first (ties by id) and its due date, stored so that "My cases"
    # sorts and filters from an index: kept in step by dispatch/services/next_due.py only.
    next_deadline = models.ForeignKey(
        "dispatch.Deadline",
        verbose_name=_("next deadline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    next_due = models.DateField(_("next due"), null=True, blank=True)
    # At a desk that counts from its own application (models/applications.py): the day
    # the application was received, who recorded it, and what came with it.
    application_received_on = models.DateField(_("application received on"), null=True, blank=True)
    application_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("application recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    application_materials = models.ManyToManyField(
        "dispatch.ApplicationMaterial",
        verbose_name=_("materials received"),
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "desk"],
                condition=Q(status__in=OPEN_REFERRAL_STATUSES),
                name="referral_one_open_per_desk",
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(ReferralStatus)),
                name="referral_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["officer", "status"],
                condition=Q(status__in=OPEN_REFERRAL_STATUSES),
                name="referral_open_by_officer_idx",
            ),
            # The officer's latest referral, for the round-robin of least_loaded_officer.
            models.Index(fields=["officer", "-created_at"], name="referral_officer_latest_idx"),
            # "My cases": an officer's open referrals in the page's order, read from the
            # index and stopped after one page, however many the officer holds.
            models.Index(
                fields=["officer", "next_due", "created_at", "id"],
                condition=Q(status__in=OPEN_REFERRAL_STATUSES),
                name="referral_open_next_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.desk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES

    @property
    def awaits_application(self) -> bool:
        """At a desk that counts from its own application (APPLICATION_DESKS), none has been
        recorded yet: no statutory clock runs, and the desk may not accept before it."""
        return self.desk.kind in APPLICATION_DESKS and self.application_received_on is None

    @property
    def reason_display(self) -> str:
        return reason_text(self.reason)

    @property
    def return_reason_display(self) -> str:
        return reason_text(self.return_reason)
