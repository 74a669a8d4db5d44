"""Output serializers: what the API answers about cases, their people, timeline and desks.

Personal data leaves only masked (complaints/masking.py): a phone as 138****8000, an ID
number as 110101********7777. The full values are never in an API response.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from complaints.events import describe
from complaints.masking import mask_id_number, mask_phone
from complaints.models import (
    AdvanceSource,
    Category,
    Channel,
    DecisionStatus,
    DeskKind,
    Ground,
    Industry,
    PartyRole,
    RoutingState,
    Sex,
    Status,
)
from complaints.selectors.advances import case_advances
from complaints.services.transitions import case_actions_for


def action_slug(action: str) -> str:
    """URL form of a workflow action: "not_accept" -> "not-accept"."""
    return action.replace("_", "-")


def display_name(user) -> str | None:
    return user.display_name if user is not None else None


class OfficeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EmployerSerializer(serializers.Serializer):
    name = serializers.CharField()
    credit_code = serializers.CharField()
    address = serializers.CharField()
    industry = serializers.ChoiceField(
        choices=Industry.choices,
        allow_blank=True,
        help_text="GB/T 4754-2017 section; blank: not set.",
    )
    industry_label = serializers.CharField(source="get_industry_display")


class ComplainantSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.SerializerMethodField(help_text="Masked, e.g. 138****8000.")
    id_number = serializers.SerializerMethodField(help_text="Masked, e.g. 110101********7777.")
    sex = serializers.ChoiceField(choices=Sex.choices)
    address = serializers.CharField()
    owed_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    recovered_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    is_representative = serializers.BooleanField()
    is_migrant_worker = serializers.BooleanField()

    def get_phone(self, complainant) -> str:
        return mask_phone(complainant.phone)

    def get_id_number(self, complainant) -> str:
        return mask_id_number(complainant.id_number)


class CaseViolationSerializer(serializers.Serializer):
    """A violation category on the case: complained of, found by the inspection, or both."""

    code = serializers.CharField(source="category.code")
    name = serializers.CharField(
        source="category.__str__", help_text="In the language asked for (Accept-Language)."
    )
    complained = serializers.BooleanField()
    found = serializers.BooleanField()


class ProjectSerializer(serializers.Serializer):
    """The construction project the case is about (工程建设领域)."""

    name = serializers.CharField()
    location = serializers.CharField()
    code = serializers.CharField(help_text="The project's code where known, else empty.")


class PartySerializer(serializers.Serializer):
    """A party of the project's chain of responsibility (a team leader's phone never)."""

    role = serializers.ChoiceField(choices=PartyRole.choices)
    name = serializers.CharField(source="display_name")
    credit_code = serializers.SerializerMethodField(
        help_text="An organisation's unified social credit code; empty for a team leader."
    )

    def get_credit_code(self, party) -> str:
        return party.employer.credit_code if party.employer_id else ""


class AdvanceSerializer(serializers.Serializer):
    """An advance payment (先行垫付) to one worker: public money, not wages recovered."""

    id = serializers.IntegerField(help_text="Stays the same when the advance is corrected.")
    worker = serializers.CharField(source="complainant.name")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    source = serializers.ChoiceField(choices=AdvanceSource.choices)
    paid_on = serializers.DateField()


class AdvanceRecoverySerializer(serializers.Serializer):
    """Money the employer repaid for the case's advances, as last corrected."""

    id = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    recovered_on = serializers.DateField()


class CaseAdvancesSerializer(serializers.Serializer):
    """The case's advances and what was recovered of them from the employer; never part of
    the complainants' recovered_amount."""

    payments = AdvanceSerializer(
        many=True, help_text="As last corrected; an advance removed as a mistake is not listed."
    )
    recoveries = AdvanceRecoverySerializer(many=True)
    advanced = serializers.DecimalField(max_digits=14, decimal_places=2)
    recovered = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Repaid by the employer for the advances."
    )
    still_to_recover = serializers.DecimalField(max_digits=14, decimal_places=2)


class CaseListSerializer(serializers.Serializer):
    ticket = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    registered_at = serializers.DateTimeField()
    employer = serializers.CharField(source="employer.name", allow_null=True, default=None)
    site = serializers.CharField()
    responsible_office = OfficeRefSerializer()
    complainant_count = serializers.IntegerField()
    routing_state = serializers.ChoiceField(choices=RoutingState.choices)
    external_ref = serializers.CharField()
    violations = CaseViolationSerializer(many=True, source="violations.all")
    project = ProjectSerializer(allow_null=True)
    parties = PartySerializer(many=True, source="parties.all")


class AcceptanceDecisionSerializer(serializers.Serializer):
    """The bureau's decision on accepting the complaint (受理), proposed and approved."""

    ground = serializers.ChoiceField(choices=Ground.choices)
    ground_label = serializers.CharField(source="get_ground_display")
    status = serializers.ChoiceField(choices=DecisionStatus.choices)
    reason = serializers.CharField()
    missing = serializers.CharField(help_text="告知补正: what the complainant is asked to add.")
    route = serializers.CharField(help_text="Not a matter for inspection: arbitration or court.")
    to_office = OfficeRefSerializer(allow_null=True)
    proposed_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    notice_number = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)


class CaseSerializer(serializers.Serializer):
    ticket = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    channel = serializers.ChoiceField(choices=Channel.choices)
    external_ref = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    description = serializers.CharField()
    registered_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    first_responder = serializers.SerializerMethodField()
    registering_office = OfficeRefSerializer()
    responsible_office = OfficeRefSerializer()
    routing_state = serializers.ChoiceField(choices=RoutingState.choices)
    employer = EmployerSerializer(allow_null=True)
    site = serializers.CharField()
    contractor = serializers.CharField()
    workers_affected = serializers.IntegerField(allow_null=True)
    amount_claimed = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    is_construction = serializers.BooleanField()
    mass_incident_risk = serializers.BooleanField()
    merged_into = serializers.CharField(source="merged_into.ticket", allow_null=True, default=None)
    withdrawal_requested_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the complainant asked to withdraw this filed case, while the head's "
        "decision (cancel-filing or continue-ex-officio) is awaited; else null.",
    )
    complainants = ComplainantSerializer(many=True, source="complainants.all")
    violations = CaseViolationSerializer(many=True, source="violations.all")
    project = ProjectSerializer(allow_null=True)
    parties = PartySerializer(many=True, source="parties.all")
    acceptance_decisions = AcceptanceDecisionSerializer(
        many=True, source="acceptance_decisions.all"
    )
    actions = serializers.SerializerMethodField(
        help_text="Workflow actions this user may take now (POST cases/{ticket}/{action}/)."
    )
    advances = serializers.SerializerMethodField(
        help_text="Advance payments (先行垫付), kept apart from the wages recovered."
    )

    def get_first_responder(self, case) -> str:
        return case.first_responder.display_name

    @extend_schema_field(CaseAdvancesSerializer)
    def get_advances(self, case) -> dict:
        found = case_advances(case)
        return CaseAdvancesSerializer(
            {
                "payments": [p for worker in found.workers for p in worker.payments],
                "recoveries": found.recoveries,
                "advanced": found.advanced,
                "recovered": found.recovered,
                "still_to_recover": found.still_to_recover,
            }
        ).data

    def get_actions(self, case) -> list[str]:
        user = self.context["request"].user
        return [action_slug(t.action) for t in case_actions_for(case=case, user=user)]


class EventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    time = serializers.DateTimeField(source="created_at")
    actor = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    message = serializers.CharField()
    payload = serializers.JSONField()

    def get_actor(self, event) -> str | None:
        return display_name(event.actor)

    def get_summary(self, event) -> str:
        return describe(event)


class DeadlineSerializer(serializers.Serializer):
    policy = serializers.CharField(source="policy.code")
    policy_name = serializers.CharField(source="policy.name")
    start = serializers.DateField()
    due = serializers.DateField()
    # A limit in hours (the criminal transfer's 24 hours): the exact moment; null otherwise.
    due_at = serializers.DateTimeField(allow_null=True)
    provisional = serializers.BooleanField()
    paused = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    overdue_at = serializers.DateTimeField(allow_null=True)
    closed = serializers.SerializerMethodField()
    closed_at = serializers.DateTimeField(allow_null=True)
    closed_reason = serializers.CharField()

    def get_paused(self, deadline) -> bool:
        return deadline.paused_on is not None

    def get_overdue(self, deadline) -> bool:
        return deadline.overdue_at is not None

    def get_closed(self, deadline) -> bool:
        return deadline.closed_at is not None


class ReferralSerializer(serializers.Serializer):
    desk = serializers.ChoiceField(choices=DeskKind.choices, source="desk.kind")
    desk_label = serializers.CharField(source="desk.get_kind_display")
    office = OfficeRefSerializer(source="desk.office")
    officer = serializers.SerializerMethodField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    referred_at = serializers.DateTimeField(source="created_at")
    closed_at = serializers.DateTimeField(allow_null=True)
    # At arbitration, work injury and legal aid: the day the desk received the worker's
    # application, from which its statutory clock counts (recorded on the case page).
    application_received_on = serializers.DateField(allow_null=True, read_only=True)
    deadlines = DeadlineSerializer(many=True, source="deadlines.all")

    def get_officer(self, referral) -> str | None:
        return display_name(referral.officer)


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    topic = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    answer = serializers.CharField()
    answered_by = serializers.SerializerMethodField()
    office = OfficeRefSerializer()
    contact_name = serializers.CharField()
    contact_phone = serializers.SerializerMethodField(help_text="Masked.")
    created_at = serializers.DateTimeField()

    def get_answered_by(self, consultation) -> str:
        return consultation.answered_by.display_name

    def get_contact_phone(self, consultation) -> str:
        return mask_phone(consultation.contact_phone)


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.JSONField())


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (complaints/api/errors.py)."""

    error = ErrorDetailSerializer()
