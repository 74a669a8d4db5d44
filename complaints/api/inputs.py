"""Input serializers for registering a case, adding complainants and logging a consultation.

Zero-threshold intake, as on the page: a description and one named complainant with a
phone number or an address are enough; everything else may follow later. The rules are
the page's own (complaints.validators and clean_complainants), so both accept the same.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from complaints import validators
from complaints.api.fields import (
    AmountField,
    DomainCharField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    StrictSerializer,
    person_name_field,
    phone_field,
)
from complaints.models import Category, Channel, Industry, PartyRole, Sex
from complaints.normalization import fold, normalize_employer_name, normalize_site
from complaints.services.chain import PartyData, ProjectData
from complaints.services.intake import ComplainantData, EmployerData, clean_complainants
from complaints.services.violations import categories_by_code

MAX_COMPLAINANTS = 300  # the intake page's absolute maximum of worker rows


def force_platform_channel(attrs: dict, forced: str) -> dict:
    """A platform account always uses its own channel; another one in the body is a 400."""
    if not forced:
        return attrs
    if attrs.get("channel", forced) != forced:
        message = _("This account may only use the channel “%(channel)s”.") % {
            "channel": Channel(forced).label
        }
        raise serializers.ValidationError({"channel": [message]}, code="channel_forced")
    return {**attrs, "channel": forced}


def fits_once_normalized(field: serializers.CharField, value: str, normalize) -> str:
    """`value`, if its normal form fits the column that keeps it too (as long as the field).

    NFKC can make text longer (U+FDFA is 18 characters once normalized): the service would
    refuse it under the name of a column the client never sent (normalized_name).
    """
    if len(normalize(value)) > field.max_length:
        field.fail("max_length", max_length=field.max_length)
    return value


class EmployerInputSerializer(StrictSerializer):
    name = StrictCharField(max_length=200, required=False, allow_blank=True)
    credit_code = DomainCharField(
        validator=validators.validate_credit_code,
        normalizer=validators.normalize_credit_code,
        max_length=24,
    )
    address = StrictCharField(max_length=300, required=False, allow_blank=True)
    industry = serializers.ChoiceField(
        choices=Industry.choices,
        required=False,
        allow_blank=True,
        help_text="GB/T 4754-2017 section letter (A-T). Set once per employer: an industry "
        "already recorded for the employer is kept.",
    )

    def validate_name(self, value):
        return fits_once_normalized(self.fields["name"], value, normalize_employer_name)


class ProjectInputSerializer(StrictSerializer):
    name = StrictCharField(max_length=200)
    location = StrictCharField(max_length=300, required=False, allow_blank=True)
    code = StrictCharField(max_length=50, required=False, allow_blank=True)

    def validate_name(self, value):
        return fits_once_normalized(self.fields["name"], value, fold)


class PartyInputSerializer(StrictSerializer):
    """An organisation (name and/or credit code) or a team leader (name, optional phone)."""

    role = serializers.ChoiceField(choices=PartyRole.choices)
    name = StrictCharField(max_length=200, required=False, allow_blank=True)
    credit_code = DomainCharField(
        validator=validators.validate_credit_code,
        normalizer=validators.normalize_credit_code,
        max_length=24,
    )
    phone = phone_field()

    def validate_name(self, value):
        return fits_once_normalized(self.fields["name"], value, normalize_employer_name)

    def validate(self, attrs):
        if attrs["role"] == PartyRole.TEAM_LEADER:
            if not attrs.get("name"):
                raise serializers.ValidationError({"name": [_("Name each party.")]})
            if len(attrs["name"]) > validators.NAME_MAX_LENGTH:
                raise serializers.ValidationError(
                    {"name": [_("A team leader's name is too long.")]}
                )
        elif not (attrs.get("name") or attrs.get("credit_code")):
            raise serializers.ValidationError({"name": [_("Name each party.")]})
        elif attrs.get("phone"):
            raise serializers.ValidationError(
                {"phone": [_("Only a team leader's phone is recorded.")]}
            )
        return attrs


class ComplainantInputSerializer(StrictSerializer):
    name = person_name_field()
    phone = phone_field()
    id_number = DomainCharField(
        validator=validators.validate_national_id,
        normalizer=validators.normalize_national_id,
        max_length=24,
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    address = StrictCharField(max_length=300, required=False, allow_blank=True)
    owed_amount = AmountField()
    is_representative = StrictBooleanField(required=False, default=False)
    is_migrant_worker = StrictBooleanField(
        required=False,
        default=False,
        help_text="农民工. Not sent: not marked (the page's default does not apply to the API).",
    )


def complainants_field() -> ComplainantInputSerializer:
    return ComplainantInputSerializer(
        many=True,
        allow_empty=False,
        max_length=MAX_COMPLAINANTS,
        error_messages={"empty": _("Add at least one complainant with a name.")},
    )


def to_complainant_data(rows: list[dict]) -> list[ComplainantData]:
    """The service's dataclasses, checked by the service's own rule (a way to reach them)."""
    data = [ComplainantData(**row) for row in rows]
    clean_complainants(data)
    return data


class ComplainantsAddSerializer(StrictSerializer):
    complainants = complainants_field()
    account = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=validators.DESCRIPTION_MAX_LENGTH,
        help_text="What the newcomers said; it goes on the case's timeline.",
    )

    def validate_complainants(self, rows):
        return to_complainant_data(rows)


class CaseCreateSerializer(StrictSerializer):
    """The body of POST cases/. A platform account's channel is its own, always."""

    description = StrictCharField(validators=[validators.validate_description])
    complainants = complainants_field()
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        required=False,
        help_text="Default walk_in. A platform account's own channel is always used; "
        "another value is a 400.",
    )
    external_ref = StrictCharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="The platform's own reference: the same channel and reference never "
        "make a second case (answered 200 with the existing one).",
    )
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    employer = EmployerInputSerializer(required=False, allow_null=True)
    site = StrictCharField(max_length=200, required=False, allow_blank=True)
    contractor = StrictCharField(max_length=100, required=False, allow_blank=True)
    workers_affected = StrictIntegerField(
        min_value=1, max_value=100000, required=False, allow_null=True
    )
    amount_claimed = AmountField()
    is_construction = StrictBooleanField(
        required=False, default=False, help_text="工程建设领域: a construction project."
    )
    mass_incident_risk = StrictBooleanField(
        required=False, default=False, help_text="A risk of a mass incident (群体性事件)."
    )
    violations = serializers.ListField(
        child=StrictCharField(max_length=40),
        required=False,
        max_length=50,
        help_text="Codes of the violation categories complained of (active ones). None on "
        "a wage_arrears case names wages_unpaid.",
    )

    project = ProjectInputSerializer(
        required=False,
        allow_null=True,
        help_text="工程建设领域: the project (found by code, else by name). Marks the case "
        "as a construction case.",
    )
    parties = PartyInputSerializer(
        many=True,
        required=False,
        max_length=30,
        help_text="The chain of responsibility: construction unit, general contractor, "
        "subcontractors (organisations), team leader (a person).",
    )

    def validate_complainants(self, rows):
        return to_complainant_data(rows)

    def validate_violations(self, codes):
        try:
            return [category.code for category in categories_by_code(codes)]
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["violations"]) from None

    def validate_site(self, value):
        return fits_once_normalized(self.fields["site"], value, normalize_site)

    def validate(self, attrs):
        return force_platform_channel(attrs, self.context.get("platform_channel", ""))

    def service_kwargs(self) -> dict:
        """Keyword arguments for services.case_register (without the actor)."""
        data = dict(self.validated_data)
        employer = data.pop("employer", None)
        if employer:
            data["employer"] = EmployerData(**employer)
        data.pop("project", None)
        data.pop("parties", None)
        return data

    def chain_kwargs(self) -> dict | None:
        """Keyword arguments for services.chain.chain_register, or None if none was sent."""
        project = self.validated_data.get("project")
        parties = self.validated_data.get("parties") or []
        if not project and not parties:
            return None
        return {
            "project": ProjectData(**project) if project else None,
            "parties": [PartyData(**{"name": "", **party}) for party in parties],
        }


class ConsultationCreateSerializer(StrictSerializer):
    topic = StrictCharField(max_length=200)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    answer = StrictCharField(
        required=False, allow_blank=True, max_length=validators.DESCRIPTION_MAX_LENGTH
    )
    contact_name = DomainCharField(validator=validators.validate_person_name, normalizer=str.strip)
    contact_phone = phone_field()

    def validate(self, attrs):
        attrs = force_platform_channel(attrs, self.context.get("platform_channel", ""))
        attrs.setdefault("channel", Channel.WALK_IN)
        return attrs
