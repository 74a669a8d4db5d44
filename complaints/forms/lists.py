from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from complaints.forms.dimensions import CONSTRUCTION_LABEL, RISK_LABEL
from complaints.forms.fields import (
    DateField,
    case_search_field,
    choice_filter,
    office_filter,
    phone_field,
)
from complaints.models import (
    Campaign,
    Category,
    Channel,
    DeskKind,
    Employer,
    Industry,
    Project,
    Status,
    ViolationCategory,
)

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class DimensionFilterForm(forms.Form):
    """The wage-arrears dimensions as filters, shared by the case list and My cases
    (complaints/selectors/lists.py `with_dimensions`)."""

    migrant = choice_filter(
        [("yes", _("At least one")), ("no", _("None"))], label=_("Migrant workers")
    )
    construction = choice_filter(YES_NO, label=CONSTRUCTION_LABEL)
    mass_incident_risk = choice_filter(YES_NO, label=RISK_LABEL)
    industry = choice_filter(Industry.choices, label=_("Employer's industry"))
    violation = forms.ModelChoiceField(
        label=_("Violation category"),
        queryset=ViolationCategory.objects.all(),
        required=False,
        to_field_name="code",
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.all(), required=False
    )
    # By id, from the employer's and the project's pages (too many for a drop-down).
    project = forms.ModelChoiceField(
        queryset=Project.objects.all(), required=False, widget=forms.HiddenInput
    )
    party = forms.ModelChoiceField(
        queryset=Employer.objects.all(), required=False, widget=forms.HiddenInput
    )


class CaseFilterForm(DimensionFilterForm):
    q = case_search_field()
    status = choice_filter(Status.choices, label=_("Status"))
    channel = choice_filter(Channel.choices, label=_("Channel"))
    category = choice_filter(Category.choices, label=_("Category"))
    office = office_filter(_("Responsible office"))
    date_from = DateField(label=_("Registered from"), required=False)
    date_to = DateField(label=_("Registered to"), required=False)
    field_order = ["q", "status", "channel", "category", "office", "date_from", "date_to"]

    # The dashboard's drill-down filters (reports/): each figure links here with them.
    # Those over desks, referrals and deadlines are dispatch's, registered with the list
    # (complaints/selectors/lists.py).
    scope = office_filter(_("Office and the offices below it"))
    closed_from = DateField(label=_("Closed from"), required=False)
    closed_to = DateField(label=_("Closed to"), required=False)
    timeliness = choice_filter(
        [("on_time", _("On time")), ("late", _("Late"))],
        label=_("Closed within the time limit"),
    )
    desk = choice_filter(DeskKind.choices, label=_("Desk"))
    open = forms.BooleanField(label=_("Open cases only"), required=False)
    overdue = forms.BooleanField(label=_("Overdue now"), required=False)
    # Carried by drill-down links only (hidden): the referral and payment behind a figure.
    officer = forms.ModelChoiceField(
        queryset=get_user_model().objects.all(), required=False, widget=forms.HiddenInput
    )
    work = choice_filter(
        [("open", "open"), ("overdue", "overdue"), ("done", "done")], widget=forms.HiddenInput
    )
    work_late = choice_filter([("0", "0"), ("1", "1")], widget=forms.HiddenInput)
    work_from = DateField(required=False, widget=forms.HiddenInput)
    work_to = DateField(required=False, widget=forms.HiddenInput)
    referred_from = DateField(required=False, widget=forms.HiddenInput)
    referred_to = DateField(required=False, widget=forms.HiddenInput)
    paid_from = DateField(required=False, widget=forms.HiddenInput)
    paid_to = DateField(required=False, widget=forms.HiddenInput)
    advanced_from = DateField(required=False, widget=forms.HiddenInput)
    advanced_to = DateField(required=False, widget=forms.HiddenInput)
    # A step of the inspection procedure taken in a period (registered by inspection/).
    procedure = forms.SlugField(max_length=30, required=False, widget=forms.HiddenInput)
    procedure_from = DateField(required=False, widget=forms.HiddenInput)
    procedure_to = DateField(required=False, widget=forms.HiddenInput)

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}

    def has_hidden_filters(self) -> bool:
        hidden = [field.name for field in self.hidden_fields()]
        return self.is_bound and any(self.filters().get(name) for name in hidden)

    def has_dashboard_filters(self) -> bool:
        """Hidden filters other than a project or a party (those say which: below)."""
        hidden = [field.name for field in self.hidden_fields()]
        hidden = [name for name in hidden if name not in ("project", "party")]
        return self.is_bound and any(self.filters().get(name) for name in hidden)

    def chain_filter_notes(self) -> list[str]:
        """Which project or party the list is narrowed to (from the employer's page)."""
        notes = []
        if project := self.filters().get("project"):
            notes.append(_("The cases about the project %(name)s.") % {"name": project.name})
        if party := self.filters().get("party"):
            notes.append(
                _("The cases naming %(name)s in a project's chain of responsibility.")
                % {"name": party.name}
            )
        return notes


class ConsultationForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    answer = forms.CharField(
        label=_("Answer given"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=50, required=False)
    contact_phone = phone_field(label=_("Contact phone"))
