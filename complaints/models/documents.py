"""The documents the bureau issues on a case (文书), stored as issued and never rewritten.

An issued document keeps its content as data (`content`, the structure described in
complaints/documents/content.py), so its A4 page and its Word file are both drawn from what
was issued, whatever changes later in the case, the office or the templates. The content's
SHA-256 is kept beside it; a reprint is marked as a copy (`DocumentOutput`), and a
correction is a new document that names the one it corrects.

`DocumentTemplate` is the Word template of one kind that the administrator uploaded in
place of the shipped one (complaints/documents/docx.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import DocumentNumber
from complaints.documents.storage import (
    template_storage,
    validate_template_extension,
    validate_template_file,
)
from complaints.models.choices import choice_values


class DocumentKind(models.TextChoices):
    """Every kind of document issued on a case. The numbered kinds take the office's next
    gap-free number of the same kind (accounts.models.DocumentNumber)."""

    FILING = "filing", _("Filing approval form")
    INQUIRY_NOTICE = "inquiry_notice", _("Inquiry notice")
    INQUIRY_RECORD = "inquiry_record", _("Inquiry record")
    SITE_RECORD = "site_record", _("On-site inspection record")
    RECTIFICATION = "rectification", _("Order to correct within a time limit")
    SERVICE_PROOF = "service_proof", _("Proof of service")
    HANDLING_DECISION = "handling_decision", _("Administrative handling decision")
    PENALTY_NOTICE = "penalty_notice", _("Advance notice of an administrative penalty")
    PENALTY_DECISION = "penalty_decision", _("Administrative penalty decision")
    TRANSFER_REPORT = "transfer_report", _("Report on transferring the case to the police")
    TRANSFER_LETTER = "transfer_letter", _("Letter transferring the case to the police")
    CANCELLATION = "cancellation", _("Approval to cancel the filing")
    CLOSING = "closing", _("Closing approval form")

    @classmethod
    def numbered(cls, kind: str) -> bool:
        return kind in DocumentNumber.KIND_WORDS


class DocumentFormat(models.TextChoices):
    A4 = "a4", _("A4 page")
    DOCX = "docx", _("Word file")


class IssuedDocument(models.Model):
    """One document as issued: its office, kind, number, content and content hash."""

    case = models.ForeignKey(
        "complaints.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    # Blank for the kinds that carry no number (records, proofs of service).
    number = models.CharField(_("document number"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=100)
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("SHA-256 of the content"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"))
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["issued_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(DocumentKind)),
                name="issued_document_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="issued_document_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["case", "kind"], name="issued_document_case_kind_idx")]

    def __str__(self) -> str:
        return self.number or f"{self.get_kind_display()} {self.pk}"

    @property
    def is_corrected(self) -> bool:
        return hasattr(self, "correction")


class DocumentOutput(models.Model):
    """One print or download of an issued document. The first of each format is the
    original; every later one is marked as a copy (副本)."""

    document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="outputs",
    )
    format = models.CharField(_("format"), max_length=10, choices=DocumentFormat.choices)
    is_copy = models.BooleanField(_("copy"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"))

    class Meta:
        verbose_name = _("document print")
        verbose_name_plural = _("document prints")
        ordering = ["made_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=choice_values(DocumentFormat)),
                name="document_output_format_valid",
            ),
            models.UniqueConstraint(
                fields=["document", "format"],
                condition=Q(is_copy=False),
                name="document_output_one_original_per_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.format}{' copy' if self.is_copy else ''}"


class DocumentTemplate(models.Model):
    """The administrator's Word template for one kind, used instead of the shipped one."""

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices, unique=True)
    file = models.FileField(
        _("Word template (.docx)"),
        storage=template_storage,
        validators=[validate_template_extension, validate_template_file],
        help_text=_(
            "A .docx with the same placeholders as the shipped template of this kind; "
            "it is used for every Word file of the kind issued from now on."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(DocumentKind)),
                name="document_template_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
