from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from complaints import dates
from complaints.forms.fields import DateField
from complaints.forms.lists import DimensionFilterForm
from config import clock
from reports.access import offices_for
from reports.periods import Period, first_of_last_month, validate_period


class _OfficeForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=None, empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_for(user)
        self.fields["office"].initial = user.office_id


class DashboardForm(_OfficeForm, DimensionFilterForm):
    """The office, the period and the wage-arrears dimensions (reports/restriction.py)."""

    date_from = DateField(label=_("From"))
    date_to = DateField(label=_("To"))
    field_order = ["office", "date_from", "date_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        today = clock.today()
        self.fields["date_from"].initial = today.replace(day=1)
        self.fields["date_to"].initial = today

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last:
            try:
                validate_period(first, last)
            except ValidationError as error:
                self.add_error("date_to", error)
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["date_from"], self.cleaned_data["date_to"])


class MonthlyReturnForm(_OfficeForm):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
        validators=[dates.day_in_range],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["month"].initial = first_of_last_month(clock.today())

    def clean_month(self) -> date:
        month = self.cleaned_data["month"].replace(day=1)
        if month >= clock.today().replace(day=1):
            raise forms.ValidationError(_("Choose a month that has ended."))
        return month

    @property
    def period(self) -> Period:
        return Period.month(self.cleaned_data["month"])


def bound_or_initial(form_class, request, *, user):
    """The form bound to the query string, or to its initial values when there is none."""
    if request.GET:
        return form_class(request.GET, user=user)
    blank = form_class(user=user)
    initial = {name: blank[name].value() for name in blank.fields}
    values = {
        name: value.strftime("%Y-%m") if name == "month" else value
        for name, value in initial.items()
        if value is not None
    }
    return form_class(values, user=user)
