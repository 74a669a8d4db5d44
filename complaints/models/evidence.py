"""Files attached to a case as evidence: attendance sheets, payroll, photos, documents.

The row describes the file; the bytes live under settings.EVIDENCE_ROOT (outside the web
root) at `stored_path`, a random name. Rows are written only by
complaints.services.evidence_add, after complaints.uploads has checked the content.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models.case import Case
from complaints.models.choices import choice_values

# The types complaints.uploads recognises by content (kept here so the database refuses
# any other, whatever wrote the row).
EVIDENCE_CONTENT_TYPES = (
    "image/jpeg",
    "image/png",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/msword",
    "application/vnd.ms-excel",
    "text/plain",
    "text/csv",
    "video/mp4",
    "video/quicktime",
)


class EvidenceKind(models.TextChoices):
    ATTENDANCE_SHEET = "attendance_sheet", _("Attendance sheet")
    PAYROLL = "payroll", _("Payroll")
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")
    CONTRACT = "contract", _("Contract")
    DOCUMENT = "document", _("ID or other document")
    OTHER = "other", _("Other")


class Evidence(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EvidenceKind.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    stored_path = models.CharField(_("stored as"), max_length=100, unique=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(EvidenceKind)), name="evidence_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(content_type__in=EVIDENCE_CONTENT_TYPES),
                name="evidence_content_type_valid",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_size_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.original_name}"
