from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.seals import (
    seal_storage,
    seal_upload_to,
    validate_seal_extension,
    validate_seal_file,
)


class Office(models.Model):
    """A bureau office: the city bureau at the top, district/county offices below it.

    `path` is a materialised path of ids ("/1/4/") so "this office and everything under
    it" is one indexed prefix query.
    """

    class Level(models.TextChoices):
        CITY = "city", _("City bureau")
        DISTRICT = "district", _("District/county office")

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("code"), max_length=20, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    area_keywords = models.CharField(
        _("area keywords"),
        max_length=300,
        blank=True,
        help_text=_(
            "Comma-separated place names of this office's area (e.g. 西陵区, 西陵). A case "
            "whose employer address or site names one is routed to this office."
        ),
    )
    # The office's legal identity, printed on its written decisions: a brigade (大队) acts
    # in the name of the bureau it belongs to, and a decision names where to seek review
    # (复议机关) and where to sue (the court).
    acting_body = models.CharField(
        _("acting administrative body"),
        max_length=100,
        blank=True,
        help_text=_(
            "The body in whose name this office's decisions are issued, e.g. the district "
            "human resources and social security bureau. Blank: the office's own name."
        ),
    )
    review_body = models.CharField(
        _("administrative review body"),
        max_length=100,
        blank=True,
        help_text=_("Where a decision may be challenged by administrative review."),
    )
    court = models.CharField(
        _("competent court"),
        max_length=100,
        blank=True,
        help_text=_("The people's court where an administrative lawsuit may be brought."),
    )
    document_prefix = models.CharField(
        _("document number prefix"),
        max_length=20,
        blank=True,
        help_text=_("Begins the numbers of this office's documents. Blank: the office code."),
    )
    # Printed over the acting body's name on the written decisions (accounts/seals.py).
    seal = models.FileField(
        _("seal image"),
        blank=True,
        storage=seal_storage,
        upload_to=seal_upload_to,
        validators=[validate_seal_extension, validate_seal_file],
        help_text=_(
            "The acting body's seal as a PNG or SVG image of at most 512 KB, printed over its "
            "name on the office's written decisions. Blank: they are sealed by hand."
        ),
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=["city", "district"]), name="office_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The path is derived data; it needs the primary key, hence the second save.
        super().save(*args, **kwargs)
        prefix = self.parent.path if self.parent_id else "/"
        path = f"{prefix}{self.pk}/"
        if path != self.path:
            self.path = path
            super().save(update_fields=["path"])

    @property
    def acting_body_name(self) -> str:
        return self.acting_body or self.name

    @property
    def area_keyword_list(self) -> list[str]:
        return [
            word.strip()
            for word in self.area_keywords.replace("，", ",").split(",")
            if word.strip()
        ]


class DocumentNumber(models.Model):
    """The last number issued per office, document kind and year (文号).

    Taken under a row lock inside the decision's transaction (accounts/services.py), so
    numbers are unique and gap-free: a rolled-back decision rolls its number back too.
    """

    class Kind(models.TextChoices):
        NOT_ACCEPTED = "not_accepted", _("Written notice of non-acceptance")
        COMPLETION = "completion", _("Written request to complete a complaint")
        INFORMED = "informed", _("Written notice of the competent body")
        RECTIFICATION = "rectification", _("Order to correct within a time limit")
        FILING = "filing", _("Filing approval form")
        INQUIRY_NOTICE = "inquiry_notice", _("Inquiry notice")
        HANDLING_DECISION = "handling_decision", _("Administrative handling decision")
        PENALTY_NOTICE = "penalty_notice", _("Advance notice of an administrative penalty")
        PENALTY_DECISION = "penalty_decision", _("Administrative penalty decision")
        TRANSFER_LETTER = "transfer_letter", _("Letter transferring the case to the police")
        CANCELLATION = "cancellation", _("Approval to cancel the filing")
        CLOSING = "closing", _("Closing approval form")

    # The word of a kind in the number: 西人社监不受字〔2026〕第3号.
    KIND_WORDS = {
        Kind.NOT_ACCEPTED: "不受",
        Kind.COMPLETION: "补正",
        Kind.INFORMED: "告",
        Kind.RECTIFICATION: "限改",
        Kind.FILING: "立",
        Kind.INQUIRY_NOTICE: "询通",
        Kind.HANDLING_DECISION: "处",
        Kind.PENALTY_NOTICE: "罚告",
        Kind.PENALTY_DECISION: "罚决",
        Kind.TRANSFER_LETTER: "移",
        Kind.CANCELLATION: "撤立",
        Kind.CLOSING: "结",
    }

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("document kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "kind", "year"], name="document_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "not_accepted",
                        "completion",
                        "informed",
                        "rectification",
                        "filing",
                        "inquiry_notice",
                        "handling_decision",
                        "penalty_notice",
                        "penalty_decision",
                        "transfer_letter",
                        "cancellation",
                        "closing",
                    ]
                ),
                name="document_number_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.kind} {self.year}: {self.last}"


class User(AbstractUser):
    """A bureau employee. Roles are Django groups (see accounts/roles.py)."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("work phone"), max_length=30, blank=True)
    # 劳动保障监察条例 Art. 16: inspectors show their inspection card (监察证); its number is
    # printed beside their names on the orders they sign. Blank is stored as NULL, so the
    # unique rule binds only the numbers that are set.
    inspection_card_number = models.CharField(
        _("inspection card number"),
        max_length=30,
        blank=True,
        null=True,
        unique=True,
        help_text=_("The number of the labor security inspection card (监察证号), if any."),
    )
    # A platform account (an online platform, the 12345 hotline system, another agency)
    # pushes cases in through the API. The value is a complaints channel code; it is
    # checked where cases are created (complaints/api), since accounts may not import
    # complaints (docs/architecture.md "Layers": accounts <- complaints).
    platform_channel = models.CharField(
        _("platform channel"),
        max_length=20,
        blank=True,
        help_text=_(
            "Only for platform accounts that push cases in through the API: the channel "
            "their cases are registered under (e.g. platform, hotline, agency). Such an "
            "account sees only the cases it created unless it also has a role."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's roles, read once per request."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        if self.is_superuser:
            return True
        return any(role in self.role_names for role in roles)

    @property
    def role_labels(self) -> list[str]:
        return [str(label) for value, label in Role.choices if value in self.role_names]

    @property
    def display_name(self) -> str:
        """Family name first, as Chinese names are written (王芳, not 芳 王)."""
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username


class PeakPeriod(models.Model):
    """A busy season of an office (the start of the school term, the year end, the Spring
    Festival): the days, in Asia/Shanghai, from `starts_on` to `ends_on` inclusive.

    It holds for the office and every office below it (accounts/duty.py). With
    `hotline_around_the_clock` the office answers its hotline at every hour of those days, so
    a complaint taken by phone outside office hours goes to the officer on duty.
    """

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="peak_periods"
    )
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hotline_around_the_clock = models.BooleanField(
        _("24-hour hotline"),
        default=True,
        help_text=_("The hotline is answered at every hour of these days by the officer on duty."),
    )

    class Meta:
        verbose_name = _("peak period")
        verbose_name_plural = _("peak periods")
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["office", "ends_on"], name="peak_period_office_end")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="peak_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d})"


class DutyShift(models.Model):
    """Who is on duty (值班) for an office from `starts_at` to `ends_at` (end excluded).

    The officer is of the office or one below it, and one officer's shifts never overlap:
    both are checked by `duty_shift_add` (accounts/services.py), which alone writes shifts.
    """

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="duty_shifts"
    )
    user = models.ForeignKey(
        User, verbose_name=_("officer on duty"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["starts_at", "id"]
        # "Who is on duty now" reads the office's shifts ending after the moment.
        indexes = [models.Index(fields=["office", "ends_at"], name="duty_shift_office_end")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="duty_shift_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_at:%Y-%m-%d %H:%M} – {self.ends_at:%Y-%m-%d %H:%M}"
