from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Office, User


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent", "phone")
    list_filter = ("level",)
    search_fields = ("name", "code")
    readonly_fields = ("path",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "last_name", "first_name", "office", "is_active", "is_staff")
    list_filter = ("office", "groups", "is_active", "is_staff", "platform_channel")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Office"), {"fields": ("office", "phone", "platform_channel")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Office"), {"fields": ("office", "groups")}),
    )
