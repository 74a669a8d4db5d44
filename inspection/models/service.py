"""The service (送达) of a document on the party, and its proof.

A document served on the employer (or the party ordered) is served once, by one of the
lawful methods, on a date, to a recipient; posting at the premises counts as served when
the party has absconded, recorded by photo or video (拒付解释 Art. 4); service by public
notice when the party cannot be found. The proof (a signed receipt scanned, the photo or
the video) is a piece of the case's evidence; the proof of service (送达回证) printed for
the file is an issued document of its own.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values


class ServiceMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    LEFT_AT_PREMISES = "left_at_premises", _("Left at the premises")
    POST = "post", _("By post")
    POSTING = "posting", _("Posted at the premises (party absconded)")
    PUBLIC_NOTICE = "public_notice", _("By public notice")


# The documents served on the party (the employer or the party ordered); the others are
# internal forms and records.
SERVED_KINDS = (
    "rectification",
    "inquiry_notice",
    "handling_decision",
    "penalty_notice",
    "penalty_decision",
)
# The methods with no recipient who signs: the proof is a photo or video, or the notice.
UNSIGNED_METHODS = (ServiceMethod.POSTING, ServiceMethod.PUBLIC_NOTICE)
# The methods that need a photo or video as proof (拒付解释 Art. 4; 留置送达).
PROOF_METHODS = (ServiceMethod.POSTING, ServiceMethod.LEFT_AT_PREMISES)


class Service(models.Model):
    document = models.OneToOneField(
        "complaints.IssuedDocument",
        verbose_name=_("document served"),
        on_delete=models.PROTECT,
        related_name="service",
    )
    method = models.CharField(_("method"), max_length=20, choices=ServiceMethod.choices)
    served_on = models.DateField(_("served on"))
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    proof = models.ForeignKey(
        "complaints.Evidence",
        verbose_name=_("proof"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proof_document = models.OneToOneField(
        "complaints.IssuedDocument",
        verbose_name=_("proof of service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Indexed: the dashboard counts the services since its last rebuild by it.
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)

    class Meta:
        verbose_name = _("service of a document")
        verbose_name_plural = _("services of documents")
        ordering = ["served_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=choice_values(ServiceMethod)), name="service_method_valid"
            ),
            models.CheckConstraint(
                condition=Q(method__in=[m.value for m in UNSIGNED_METHODS]) | ~Q(recipient=""),
                name="service_recipient_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.method} {self.served_on}"
