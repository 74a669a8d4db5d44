"""The procedure's steps and services in the admin, read-only: every change goes through the
services (inspection/services/), so the timeline and the documents stay true."""

from django.contrib import admin

from inspection.models import CreditProposal, PenaltyProvision, Service, Step


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Step)
class StepAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "status", "created_by", "created_at", "decided_by"]
    list_filter = ["kind", "status"]
    search_fields = ["case__ticket"]
    raw_id_fields = ["case", "referral", "document", "follows", "order"]


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["document", "method", "served_on", "recipient", "recorded_by"]
    list_filter = ["method"]
    search_fields = ["document__number", "document__case__ticket"]
    raw_id_fields = ["document", "proof", "proof_document"]


@admin.register(PenaltyProvision)
class PenaltyProvisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "basis", "floor", "ceiling", "hearing_threshold"]
    search_fields = ["code", "name_en", "name_zh", "basis"]


@admin.register(CreditProposal)
class CreditProposalAdmin(ReadOnlyAdmin):
    list_display = ["employer", "measure", "status", "case", "proposed_at", "decided_at"]
    list_filter = ["measure", "status"]
    search_fields = ["case__ticket", "employer__name"]
    raw_id_fields = ["case", "employer", "basis"]
