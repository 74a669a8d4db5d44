"""Form fields that run the domain validators, so pages and services agree."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from complaints import dates, validators

ISO_DATE = "%Y-%m-%d"


class AmountField(forms.CharField):
    """Yuan with at most two decimals; accepts "1,234.50" and full-width digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def clean(self, value):
        return validators.parse_amount(super().clean(value))


class DateInput(forms.DateInput):
    """<input type="date"> whose value is always YYYY-MM-DD, the only form a browser reads.

    Django would write the language's first input format instead (2026/12/01 in Chinese),
    which the browser shows as an empty box.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class DateField(forms.DateField):
    """A day typed or picked on a page, within the range the system's arithmetic survives
    (complaints/dates.py); `first` and `last` narrow it for a field that needs less."""

    widget = DateInput

    def __init__(self, *, first: date = dates.EARLIEST, last: date = dates.LATEST, **kwargs):
        kwargs["validators"] = [*kwargs.get("validators", ()), dates.DayInRange(first, last)]
        super().__init__(**kwargs)


class ValidatedCharField(forms.CharField):
    """A text field checked by one of complaints.validators when it is not empty."""

    def __init__(self, *, validator, normalizer=None, **kwargs):
        kwargs.setdefault("required", False)
        self.domain_validator = validator
        self.normalizer = normalizer
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        self.domain_validator(value)
        return self.normalizer(value) if self.normalizer else value


def phone_field(**kwargs) -> ValidatedCharField:
    field = ValidatedCharField(
        validator=validators.validate_phone,
        normalizer=validators.normalize_phone,
        max_length=30,
        **kwargs,
    )
    field.widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
    return field


def id_number_field(**kwargs) -> ValidatedCharField:
    field = ValidatedCharField(
        validator=validators.validate_national_id,
        normalizer=validators.normalize_national_id,
        max_length=24,
        **kwargs,
    )
    field.widget.attrs.update({"autocomplete": "off"})
    return field


def with_any(choices) -> list:
    """A filter's choices with a blank "Any" first (an unset filter matches everything)."""
    return [("", _("Any")), *choices]


def choice_filter(choices, **kwargs) -> forms.ChoiceField:
    """An optional list filter among `choices`, "Any" first."""
    return forms.ChoiceField(choices=with_any(choices), required=False, **kwargs)


def office_filter(label) -> forms.ModelChoiceField:
    """An optional list filter by office, "Any" first."""
    return forms.ModelChoiceField(
        label=label, queryset=Office.objects.all(), required=False, empty_label=_("Any")
    )


def case_search_field() -> forms.CharField:
    """The free-text search every case list offers (complaints/selectors/search.py)."""
    return forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Ticket, name, phone, employer or site"), "type": "search"}
        ),
    )
