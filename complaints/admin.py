"""Admin for every complaint model: search and filters for the administrator.

Cases and their timeline are read-only here: every change to a case goes through the
services (and so through the workflow table and the timeline), never a raw admin save.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from complaints.dates import EARLIEST, LATEST
from complaints.documents.docx import DEFAULT_TEMPLATE, template_check
from complaints.documents.storage import validate_template_file
from complaints.masking import mask_id_number, mask_phone
from complaints.models import (
    AcceptanceDecision,
    AdvancePayment,
    AdvanceRecovery,
    Campaign,
    Case,
    CaseEvent,
    CaseParty,
    CaseViolation,
    Complainant,
    Consultation,
    DocumentOutput,
    DocumentTemplate,
    Employer,
    Evidence,
    IdempotencyRecord,
    IntakeSubmission,
    IssuedDocument,
    MissingMaterial,
    Outcome,
    Project,
    TicketCounter,
    ViolationCategory,
    WagePayment,
)
from config import clock


class DrilldownInRange(admin.ModelAdmin):
    """A year drill-down (`date_hierarchy`) outside complaints.dates' range is refused the
    way the admin refuses any bad filter (back to the list with ?e=1). Django's own code
    computes the end of year 9999 and the UTC start of year 1, and overflows (a 500)."""

    def changelist_view(self, request, extra_context=None):
        year = request.GET.get(f"{self.date_hierarchy}__year") if self.date_hierarchy else None
        if year is not None and not (year.isdigit() and EARLIEST.year <= int(year) <= LATEST.year):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)


def drilldowns_in_range(*models) -> None:
    """Give other apps' admins of `models` (registered before this module) the same guard."""
    for model in models:
        model_admin = type(admin.site._registry[model])
        admin.site.unregister(model)
        admin.site.register(model, type(model_admin.__name__, (DrilldownInRange, model_admin), {}))


# django-axes' login records have year drill-downs of their own.
drilldowns_in_range(AccessAttempt, AccessLog, AccessFailureLog)


class ReadOnlyAdmin(DrilldownInRange):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ComplainantInline(admin.TabularInline):
    model = Complainant
    fields = ("name", "masked_phone", "masked_id", "owed_amount", "recovered_amount")
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("ID number"))
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)

    def has_add_permission(self, request, obj=None):
        return False


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    fields = ("created_at", "kind", "actor", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = (
        "ticket",
        "status",
        "channel",
        "category",
        "employer",
        "responsible_office",
        "registered_at",
    )
    list_filter = ("status", "channel", "category", "routing_state", "responsible_office")
    search_fields = ("ticket", "employer__name", "site", "contractor", "external_ref")
    date_hierarchy = "registered_at"
    list_select_related = ("employer", "responsible_office")
    inlines = [ComplainantInline, CaseEventInline]


@admin.register(Complainant)
class ComplainantAdmin(ReadOnlyAdmin):
    list_display = ("name", "case", "masked_phone", "owed_amount", "recovered_amount")
    search_fields = ("name", "case__ticket")
    list_select_related = ("case",)
    exclude = ("phone", "id_number")

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "legal_representative", "created_at")
    search_fields = ("name", "normalized_name", "credit_code")


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "case", "kind", "actor")
    list_filter = ("kind",)
    search_fields = ("case__ticket", "message")
    list_select_related = ("case", "actor")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "topic", "channel", "category", "answered_by", "office")
    list_filter = ("channel", "category", "office")
    search_fields = ("topic", "contact_name")


@admin.register(AcceptanceDecision)
class AcceptanceDecisionAdmin(ReadOnlyAdmin):
    """The acceptance decisions, as recorded: decided on the case page, never edited here."""

    list_display = ("case", "ground", "status", "office", "proposed_at", "decided_at")
    list_filter = ("ground", "status", "office")
    search_fields = ("case__ticket", "notice_number")
    list_select_related = ("case", "office")


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_en",
        "name_zh",
        "stage",
        "requires_amount",
        "is_active",
        "ordering",
    )
    list_filter = ("stage", "is_active")
    search_fields = ("code", "name_en", "name_zh")


@admin.register(ViolationCategory)
class ViolationCategoryAdmin(admin.ModelAdmin):
    """The closed list of violation categories: the administrator adds or retires one
    (a category already on cases is retired, not deleted)."""

    list_display = ("code", "name_en", "name_zh", "is_active", "ordering")
    list_filter = ("is_active",)
    search_fields = ("code", "name_en", "name_zh")


@admin.register(CaseViolation)
class CaseViolationAdmin(ReadOnlyAdmin):
    list_display = ("case", "category", "complained", "found", "found_at")
    list_filter = ("category", "complained", "found")
    search_fields = ("case__ticket",)
    list_select_related = ("case", "category")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "location", "created_at")
    search_fields = ("name", "normalized_name", "code")


@admin.register(CaseParty)
class CasePartyAdmin(ReadOnlyAdmin):
    list_display = ("case", "role", "employer", "person_name")
    list_filter = ("role",)
    search_fields = ("case__ticket", "employer__name")
    list_select_related = ("case", "employer")


@admin.register(AdvancePayment)
class AdvancePaymentAdmin(ReadOnlyAdmin):
    list_display = ("complainant", "source", "amount", "paid_on", "approved_by", "recorded_at")
    list_filter = ("source",)
    date_hierarchy = "paid_on"
    search_fields = ("complainant__case__ticket", "complainant__name")
    list_select_related = ("complainant", "approved_by")


@admin.register(AdvanceRecovery)
class AdvanceRecoveryAdmin(ReadOnlyAdmin):
    list_display = ("case", "amount", "recovered_on", "recorded_by", "recorded_at")
    date_hierarchy = "recovered_on"
    search_fields = ("case__ticket",)
    list_select_related = ("case", "recorded_by")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """A campaign is set up here; its cases are those of its period and scope."""

    list_display = ("name", "starts_on", "ends_on", "construction_only")
    search_fields = ("name",)
    filter_horizontal = ("offices",)


@admin.register(MissingMaterial)
class MissingMaterialAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "collected_at")
    list_filter = ("kind",)
    search_fields = ("case__ticket",)


@admin.register(WagePayment)
class WagePaymentAdmin(ReadOnlyAdmin):
    list_display = ("complainant", "amount", "paid_on", "recorded_by", "recorded_at")
    date_hierarchy = "paid_on"
    search_fields = ("complainant__case__ticket", "complainant__name")
    list_select_related = ("complainant", "recorded_by")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    """Rows only: the files are downloaded from the case page, where access is checked."""

    list_display = ("case", "kind", "original_name", "content_type", "size", "uploaded_by")
    list_filter = ("kind", "content_type")
    date_hierarchy = "uploaded_at"
    search_fields = ("case__ticket", "original_name", "sha256")
    list_select_related = ("case", "uploaded_by")


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdmin):
    list_display = ("user", "key", "response_status", "created_at")
    search_fields = ("key", "user__username")
    exclude = ("response_body",)


@admin.register(IntakeSubmission)
class IntakeSubmissionAdmin(ReadOnlyAdmin):
    list_display = ("token", "case", "created_at")
    search_fields = ("case__ticket",)


@admin.register(TicketCounter)
class TicketCounterAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "year", "last_number")


# --- the issued documents (complaints/documents/) --------------------------------------


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    """The documents as issued: never changed, not even here (a correction is a new one)."""

    list_display = ("number", "kind", "title", "case", "office", "issued_by", "issued_at")
    list_filter = ("kind", "office")
    search_fields = ("number", "title", "case__ticket")
    date_hierarchy = "issued_at"
    list_select_related = ("case", "office", "issued_by")


@admin.register(DocumentOutput)
class DocumentOutputAdmin(ReadOnlyAdmin):
    list_display = ("document", "format", "is_copy", "made_by", "made_at")
    list_filter = ("format", "is_copy")
    search_fields = ("document__number", "document__case__ticket")
    date_hierarchy = "made_at"
    list_select_related = ("document", "made_by")


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ("kind", "file")

    def clean_file(self):
        """Refuse a template that would fail when a document is downloaded: tried now with a
        sample document (complaints/documents/docx.py `template_check`)."""
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            upload.seek(0)
            template = upload.read()
            upload.seek(0)
            try:
                validate_template_file(upload)
            except ValidationError:
                return upload  # the model's validators say why, once
            template_check(template)
        return upload


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(DrilldownInRange):
    """The administrator's Word template per kind, replacing the shipped default."""

    form = DocumentTemplateForm
    list_display = ("kind", "file", "uploaded_by", "uploaded_at")
    readonly_fields = ("default_template", "uploaded_by", "uploaded_at")
    fields = ("kind", "file", "default_template", "uploaded_by", "uploaded_at")
    list_select_related = ("uploaded_by",)

    @admin.display(description=_("shipped template"))
    def default_template(self, obj):
        return format_html(
            '<a href="{}" id="default-template">{}</a>',
            reverse("admin:complaints_documenttemplate_default"),
            _(
                "Download the shipped template (default.docx) to edit it in Word; keep its "
                "placeholders and loops, and upload it here for one kind."
            ),
        )

    def get_urls(self):
        download = self.admin_site.admin_view(self.default_download)
        return [
            path("default.docx", download, name="complaints_documenttemplate_default"),
            *super().get_urls(),
        ]

    def default_download(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return FileResponse(
            DEFAULT_TEMPLATE.open("rb"), as_attachment=True, filename="default.docx"
        )

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = request.user
        obj.uploaded_at = clock.now()
        replaced = None
        if change and "file" in form.changed_data:
            replaced = DocumentTemplate.objects.get(pk=obj.pk).file.name
        super().save_model(request, obj, form, change)
        if replaced and replaced != obj.file.name:
            # The replaced file is not used again; removed once the new one is saved.
            storage = obj.file.storage
            transaction.on_commit(lambda: storage.delete(replaced))
