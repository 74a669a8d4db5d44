from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from complaints.forms.fields import DateField, case_search_field, phone_field, with_any
from complaints.models import Category, Channel, DeskKind, Status


class CaseFilterForm(forms.Form):
    q = case_search_field()
    status = forms.ChoiceField(label=_("Status"), choices=with_any(Status.choices), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=with_any(Channel.choices), required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=with_any(Category.choices), required=False
    )
    office = forms.ModelChoiceField(
        label=_("Responsible office"),
        queryset=Office.objects.all(),
        required=False,
        empty_label=_("Any"),
    )
    date_from = DateField(label=_("Registered from"), required=False)
    date_to = DateField(label=_("Registered to"), required=False)

    # The dashboard's drill-down filters (reports/): each figure links here with them.
    scope = forms.ModelChoiceField(
        label=_("Office and the offices below it"),
        queryset=Office.objects.all(),
        required=False,
        empty_label=_("Any"),
    )
    closed_from = DateField(label=_("Closed from"), required=False)
    closed_to = DateField(label=_("Closed to"), required=False)
    timeliness = forms.ChoiceField(
        label=_("Closed within the time limit"),
        choices=with_any([("on_time", _("On time")), ("late", _("Late"))]),
        required=False,
    )
    desk = forms.ChoiceField(label=_("Desk"), choices=with_any(DeskKind.choices), required=False)
    open = forms.BooleanField(label=_("Open cases only"), required=False)
    overdue = forms.BooleanField(label=_("Overdue now"), required=False)
    # Carried by drill-down links only (hidden): the referral and payment behind a figure.
    officer = forms.ModelChoiceField(
        queryset=get_user_model().objects.all(), required=False, widget=forms.HiddenInput
    )
    work = forms.ChoiceField(
        choices=with_any([("open", "open"), ("overdue", "overdue"), ("done", "done")]),
        required=False,
        widget=forms.HiddenInput,
    )
    work_late = forms.ChoiceField(
        choices=with_any([("0", "0"), ("1", "1")]), required=False, widget=forms.HiddenInput
    )
    work_from = DateField(required=False, widget=forms.HiddenInput)
    work_to = DateField(required=False, widget=forms.HiddenInput)
    referred_from = DateField(required=False, widget=forms.HiddenInput)
    referred_to = DateField(required=False, widget=forms.HiddenInput)
    paid_from = DateField(required=False, widget=forms.HiddenInput)
    paid_to = DateField(required=False, widget=forms.HiddenInput)

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}

    def has_hidden_filters(self) -> bool:
        hidden = [field.name for field in self.hidden_fields()]
        return self.is_bound and any(self.filters().get(name) for name in hidden)


class ConsultationForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    answer = forms.CharField(
        label=_("Answer given"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=50, required=False)
    contact_phone = phone_field(label=_("Contact phone"))
