"""The case page's project and chain of responsibility: the project and one row per party."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import PartyRole
from complaints.services.chain import PROJECT_NAME_MAX_LENGTH, PartyData, ProjectData

# Empty rows offered under the recorded parties, for new ones.
EMPTY_PARTY_ROWS = 3


class ProjectForm(forms.Form):
    name = forms.CharField(
        label=_("project name"), max_length=PROJECT_NAME_MAX_LENGTH, required=False
    )
    location = forms.CharField(label=_("location"), max_length=300, required=False)
    code = forms.CharField(label=_("project code"), max_length=50, required=False)


class PartyRowForm(forms.Form):
    """A party; a row left without a name is no party (clearing the name removes it)."""

    role = forms.ChoiceField(label=_("role"), choices=PartyRole.choices, required=False)
    name = forms.CharField(label=_("name"), max_length=200, required=False)
    credit_code = forms.CharField(label=_("credit code"), max_length=30, required=False)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)


PartyFormSet = forms.formset_factory(PartyRowForm, extra=EMPTY_PARTY_ROWS, max_num=30)


class ChainForm:
    """The project form and the party rows, validated and errors shown together."""

    def __init__(self, data=None, *, case, parties=None):
        """`parties`: the case's parties (with their employer) when the caller has read them."""
        project = case.project
        self.project = ProjectForm(
            data,
            prefix="project",
            initial={
                "name": project.name,
                "location": project.location,
                "code": project.code,
            }
            if project
            else None,
        )
        if parties is None:
            parties = case.parties.select_related("employer").order_by("id")
        initial = [
            {
                "role": party.role,
                "name": party.display_name,
                "credit_code": party.employer.credit_code if party.employer_id else "",
                "phone": party.person_phone,
            }
            for party in parties
        ]
        self.parties = PartyFormSet(data, prefix="party", initial=initial)
        self.non_field = []

    @property
    def fields(self) -> dict:
        return {}  # run_service puts every service error on the form as a whole

    def add_error(self, field, message) -> None:
        self.non_field.append(message)

    def is_valid(self) -> bool:
        valid = self.project.is_valid() & self.parties.is_valid()
        return valid and not self.non_field

    @property
    def is_bound(self) -> bool:
        return self.project.is_bound

    def errors_list(self) -> list:
        found = list(self.non_field) + list(self.project.non_field_errors())
        for name, errors in self.project.errors.items():
            found.extend(f"{self.project.fields[name].label}: {e}" for e in errors)
        for row in self.parties.forms:
            for name, errors in row.errors.items():
                found.extend(f"{row.fields[name].label}: {e}" for e in errors)
        found.extend(self.parties.non_form_errors())
        return found

    def service_kwargs(self) -> dict:
        project = ProjectData(**self.project.cleaned_data)
        parties = [
            PartyData(
                role=row.cleaned_data.get("role", ""),
                name=row.cleaned_data.get("name", ""),
                credit_code=row.cleaned_data.get("credit_code", ""),
                phone=row.cleaned_data.get("phone", ""),
            )
            for row in self.parties.forms
            if row.cleaned_data.get("name") or row.cleaned_data.get("credit_code")
        ]
        return {"project": project, "parties": parties}
