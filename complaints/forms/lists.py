from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from complaints.forms.fields import phone_field
from complaints.models import Category, Channel, Status


def _with_any(choices):
    return [("", _("Any")), *choices]


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Ticket, name, phone, employer or site"), "type": "search"}
        ),
    )
    status = forms.ChoiceField(label=_("Status"), choices=_with_any(Status.choices), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=_with_any(Channel.choices), required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=_with_any(Category.choices), required=False
    )
    office = forms.ModelChoiceField(
        label=_("Responsible office"),
        queryset=Office.objects.all(),
        required=False,
        empty_label=_("Any"),
    )
    date_from = forms.DateField(
        label=_("Registered from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Registered to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


class ConsultationForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    answer = forms.CharField(
        label=_("Answer given"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=50, required=False)
    contact_phone = phone_field(label=_("Contact phone"))
