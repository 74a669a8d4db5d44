from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import DocumentNumber, DutyShift, Office, PeakPeriod, User


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent", "phone")
    list_filter = ("level",)
    search_fields = ("name", "code")
    readonly_fields = ("path",)
    fieldsets = (
        (None, {"fields": ("name", "code", "level", "parent", "path")}),
        (_("Contact details"), {"fields": ("phone", "address", "area_keywords")}),
        (
            _("Legal identity"),
            {"fields": ("acting_body", "review_body", "court", "document_prefix", "seal")},
        ),
    )


@admin.register(DocumentNumber)
class DocumentNumberAdmin(admin.ModelAdmin):
    """Read only: a counter moves only when a document is issued (gap-free 文号)."""

    list_display = ("office", "kind", "year", "last")
    list_filter = ("kind", "year")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "last_name", "first_name", "office", "is_active", "is_staff")
    list_filter = ("office", "groups", "is_active", "is_staff", "platform_channel")
    search_fields = ("username", "first_name", "last_name", "email", "inspection_card_number")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Office"),
            {"fields": ("office", "phone", "inspection_card_number", "platform_channel")},
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Office"), {"fields": ("office", "groups")}),
    )


@admin.register(PeakPeriod)
class PeakPeriodAdmin(admin.ModelAdmin):
    """An office's busy seasons; they hold for the offices below it too (accounts/duty.py)."""

    list_display = ("name", "office", "starts_on", "ends_on", "hotline_around_the_clock")
    list_filter = ("office", "hotline_around_the_clock")


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    """Read only: shifts are added on the office's roster page, whose service checks the
    officer's office and that their shifts do not overlap (accounts/services.py)."""

    list_display = ("user", "office", "starts_at", "ends_at", "note")
    list_filter = ("office",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
