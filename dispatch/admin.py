"""Admin for the holiday calendar and the statutory time limits.

Saving or deleting a calendar date clears this process's calendar cache, so the next
deadline computed here uses the edit (other processes follow within
`dispatch.calendar.CACHE_SECONDS`).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from complaints.admin import DrilldownInRange, ReadOnlyAdmin
from complaints.masking import mask_phone
from complaints.models import DeskKind
from dispatch import calendar
from dispatch.models import (
    ApplicationMaterial,
    CalendarYear,
    Deadline,
    DeadlinePolicy,
    Desk,
    Escalation,
    ExtensionRequest,
    GroupCase,
    GroupCaseSetting,
    Holiday,
    HourlyEscalation,
    Notification,
    OrderLine,
    RectificationOrder,
    Referral,
    Reminder,
    RoutingRule,
    SavedFilter,
    Supervision,
    SupervisionEscalation,
    SupervisionReminder,
)

ADMIN_SOURCE = "admin"


def year_ranges(years: list[int]) -> str:
    """[2004, 2005, 2006, 2010] -> "2004–2006, 2010"."""
    ranges: list[list[int]] = []
    for year in sorted(years):
        if ranges and year == ranges[-1][1] + 1:
            ranges[-1][1] = year
        else:
            ranges.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


class ClearsCalendarCache(DrilldownInRange):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar.clear_cache()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar.clear_cache()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        calendar.clear_cache()


@admin.register(Holiday)
class HolidayAdmin(ClearsCalendarCache):
    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind", "source")
    date_hierarchy = "date"
    search_fields = ("name",)
    fields = ("date", "kind", "name", "source")

    def save_model(self, request, obj, form, change):
        # A date typed or corrected here is the administrator's, not the library's.
        if not obj.source or (change and "source" not in form.changed_data):
            obj.source = ADMIN_SOURCE
        super().save_model(request, obj, form, change)


@admin.register(CalendarYear)
class CalendarYearAdmin(ClearsCalendarCache):
    """Which years have a holiday calendar; marking a year loaded makes its dates final."""

    list_display = ("year", "source", "loaded_at")
    fields = ("year", "source")

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        years = list(CalendarYear.objects.values_list("year", flat=True))
        loaded = year_ranges(years) if years else _("none")
        extra_context = {
            **(extra_context or {}),
            "title": _("Years with a loaded holiday calendar"),
            "subtitle": _(
                "Loaded: %(years)s. Deadlines that touch any other year are computed on "
                "weekends alone and marked provisional. Enter a new year's dates under "
                "Holiday calendar first, then add the year here."
            )
            % {"years": loaded},
        }
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "desk",
        "limit",
        "unit",
        "counted_from",
        "basis",
        "is_statutory",
        "is_extension",
        "approver_role",
    )
    list_editable = ("limit", "unit")
    list_filter = ("desk", "unit", "is_statutory", "is_extension")
    search_fields = ("code", "name_en", "name_zh", "basis")
    fields = (
        "code",
        "desk",
        "name_en",
        "name_zh",
        "limit",
        "unit",
        "counted_from",
        "basis",
        "is_statutory",
        "is_extension",
        "approver_role",
    )

    def get_readonly_fields(self, request, obj=None):
        # Deadlines keep the code they came from: it never changes once created.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        # Deadlines on cases point at their policy; retire one by editing it instead.
        return False


@admin.register(GroupCaseSetting)
class GroupCaseSettingAdmin(admin.ModelAdmin):
    """The one row of the group cases' setting: the number of workers that makes a group
    wage-arrears case (the mass-incident flag at intake makes one whatever the number)."""

    list_display = ("__str__", "worker_threshold")
    fields = ("worker_threshold",)

    def has_add_permission(self, request):
        return not GroupCaseSetting.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = 1  # the single row (group_case_setting_single_row)
        super().save_model(request, obj, form, change)


@admin.register(GroupCase)
class GroupCaseAdmin(ReadOnlyAdmin):
    """Read-only: declared by routing or an announcement, reported upward on the case page."""

    list_display = ("case", "reason", "workers", "declared_at", "reported_at", "reported_by")
    list_filter = ("reason",)
    date_hierarchy = "declared_at"
    search_fields = ("case__ticket",)
    list_select_related = ("case", "reported_by")


@admin.register(ApplicationMaterial)
class ApplicationMaterialAdmin(admin.ModelAdmin):
    """Each desk's checklist of what its application needs (the "application received"
    form on the case page ticks them off)."""

    list_display = ("name_zh", "name_en", "desk", "ordering", "is_active")
    list_editable = ("ordering", "is_active")
    list_filter = ("desk", "is_active")
    search_fields = ("name_en", "name_zh")

    def has_delete_permission(self, request, obj=None):
        # Referrals keep the items ticked on them; retire an item by making it inactive.
        return False


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ("office", "kind", "is_active")
    list_filter = ("kind", "office", "is_active")
    filter_horizontal = ("members",)
    search_fields = ("office__name",)


class RoutingRuleForm(forms.ModelForm):
    """Desks ticked by name; the model stores their codes as a JSON list."""

    desks = forms.TypedMultipleChoiceField(
        label=_("desks"), choices=DeskKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = RoutingRule
        fields = (
            "name",
            "priority",
            "is_active",
            "is_default",
            "category",
            "channel",
            "keywords",
            "desks",
        )


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    form = RoutingRuleForm
    list_display = (
        "name",
        "priority",
        "category",
        "channel",
        "keywords",
        "desk_names",
        "is_default",
        "is_active",
    )
    list_filter = ("is_active", "is_default", "category", "channel")
    list_editable = ("priority", "is_active")
    search_fields = ("name", "keywords")

    @admin.display(description=_("desks"))
    def desk_names(self, rule: RoutingRule) -> str:
        """The desks by name, not the stored codes (["inspection"])."""
        codes = rule.desks if isinstance(rule.desks, list) else []
        names = [str(DeskKind(code).label) if code in DeskKind.values else code for code in codes]
        return pgettext("between the items of a list", ", ").join(names)


class DeadlineInline(admin.TabularInline):
    model = Deadline
    fields = (
        "policy",
        "start",
        "due",
        "due_at",
        "provisional",
        "paused_on",
        "overdue_at",
        "closed_at",
        "closed_reason",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    """Read-only: referrals change through the dispatch services only."""

    list_display = ("case", "desk", "officer", "status", "rule", "created_at")
    list_filter = ("status", "desk__kind", "desk__office")
    search_fields = ("case__ticket", "officer__username")
    list_select_related = ("case", "desk", "desk__office", "officer", "rule")
    inlines = [DeadlineInline]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "channel",
        "recipient",
        "masked_phone",
        "subject",
        "sent_at",
        "delivery_status",
        "attempts",
        "last_error",
        "read_at",
    )
    list_filter = ("channel", "delivery_status")
    search_fields = ("subject", "key", "recipient__username", "case__ticket")
    list_select_related = ("recipient",)
    exclude = ("phone",)

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "kind", "due", "sent_at")
    list_filter = ("kind",)
    search_fields = ("deadline__referral__case__ticket",)


@admin.register(HourlyEscalation)
class HourlyEscalationAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "hour", "created_at")
    date_hierarchy = "hour"
    search_fields = ("deadline__referral__case__ticket",)


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "day", "created_at")
    date_hierarchy = "day"
    search_fields = ("deadline__referral__case__ticket",)


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = (
        "referral",
        "policy",
        "start",
        "due",
        "due_at",
        "provisional",
        "paused_on",
        "overdue_at",
        "closed_at",
        "closed_reason",
    )
    list_filter = ("policy", "provisional", "closed_reason")
    date_hierarchy = "due"
    search_fields = ("referral__case__ticket",)
    list_select_related = ("referral__case", "referral__desk__office", "policy")


# Supervision (督办), extension requests, orders to pay: written by services only.
@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdmin):
    list_display = ("case", "report_by", "created_by", "created_at", "reported_at", "lifted_at")
    date_hierarchy = "report_by"
    search_fields = ("case__ticket",)
    list_select_related = ("case", "created_by")


@admin.register(SupervisionReminder)
class SupervisionReminderAdmin(ReadOnlyAdmin):
    list_display = ("supervision", "kind", "due", "sent_at")
    list_filter = ("kind",)
    search_fields = ("supervision__case__ticket",)


@admin.register(SupervisionEscalation)
class SupervisionEscalationAdmin(ReadOnlyAdmin):
    list_display = ("supervision", "day", "created_at")
    search_fields = ("supervision__case__ticket",)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "requested_by", "requested_at", "decision", "decided_by")
    list_filter = ("decision",)
    search_fields = ("deadline__referral__case__ticket",)
    list_select_related = ("deadline__policy", "requested_by", "decided_by")


@admin.register(RectificationOrder)
class RectificationOrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "case", "amount_ordered", "pay_by", "issued_by", "complied_at")
    date_hierarchy = "pay_by"
    search_fields = ("number", "case__ticket")
    list_select_related = ("case", "issued_by")


@admin.register(OrderLine)
class OrderLineAdmin(ReadOnlyAdmin):
    list_display = ("order", "complainant", "amount")
    search_fields = ("order__number", "complainant__name")
    list_select_related = ("order", "complainant")


@admin.register(SavedFilter)
class SavedFilterAdmin(ReadOnlyAdmin):
    """Private to their owners; the admin may look (e.g. for support) but not edit."""

    list_display = ("user", "page", "name", "created_at")
    list_filter = ("page",)
    search_fields = ("user__username", "name")
    list_select_related = ("user",)
