"""Input fields that take no liberties with types and run the domain validators.

DRF would turn 123 into "123" and true into 1; a platform sending the wrong type gets a
400 instead. Values are checked by complaints.validators, exactly as on the intake page
(complaints/forms/fields.py), so the page and the API accept and refuse the same things.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from complaints import validators


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know: a misspelt field must not be dropped silently."""

    default_error_messages = {"unknown_field": _("Unknown field.")}

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in known)
            if unknown:
                message = self.error_messages["unknown_field"]
                raise serializers.ValidationError(
                    {key: [message] for key in unknown}, code="unknown_field"
                )
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class DomainCharField(StrictCharField):
    """Optional text checked by a complaints.validators function when not blank."""

    def __init__(self, *, validator, normalizer=None, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        self.domain_validator = validator
        self.normalizer = normalizer
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not value:
            return ""
        self.domain_validator(value)  # a Django ValidationError becomes this field's error
        return self.normalizer(value) if self.normalizer else value


@extend_schema_field(
    {
        "oneOf": [{"type": "number"}, {"type": "string"}],
        "nullable": True,
        "description": 'Yuan, at most 2 decimals, e.g. 1234.50 or "1,234.50".',
    }
)
class AmountField(serializers.Field):
    """Yuan as a JSON number or string, parsed by validators.parse_amount (the page's rule)."""

    default_error_messages = {"invalid": _("Enter the amount in yuan as a number, e.g. 1234.50.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            self.fail("invalid")
        return validators.parse_amount(data)

    def to_representation(self, value):
        return None if value is None else f"{value:.2f}"


def phone_field(**kwargs) -> DomainCharField:
    return DomainCharField(
        validator=validators.validate_phone,
        normalizer=validators.normalize_phone,
        max_length=30,
        **kwargs,
    )


def person_name_field(**kwargs) -> StrictCharField:
    # No max_length here: validate_person_name reports a too-long name in its own words.
    return StrictCharField(validators=[validators.validate_person_name], **kwargs)
