"""The wage-arrears dimensions on the case page and the employer page."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from complaints.models import Case, Industry

# The model's own names, so that the pages, the timeline and the export name them alike.
CONSTRUCTION_LABEL = capfirst(Case._meta.get_field("is_construction").verbose_name)
RISK_LABEL = capfirst(Case._meta.get_field("mass_incident_risk").verbose_name)


class DimensionsForm(forms.Form):
    """The case's two flags and one migrant-worker checkbox per worker."""

    is_construction = forms.BooleanField(label=CONSTRUCTION_LABEL, required=False)
    mass_incident_risk = forms.BooleanField(label=RISK_LABEL, required=False)
    migrant_workers = forms.TypedMultipleChoiceField(
        label=_("Migrant workers"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, case, complainants, **kwargs):
        kwargs.setdefault("prefix", "dimensions")
        kwargs.setdefault(
            "initial",
            {
                "is_construction": case.is_construction,
                "mass_incident_risk": case.mass_incident_risk,
                "migrant_workers": [c.pk for c in complainants if c.is_migrant_worker],
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["migrant_workers"].choices = [(c.pk, c.name) for c in complainants]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "is_construction": data["is_construction"],
            "mass_incident_risk": data["mass_incident_risk"],
            "migrant_worker_ids": set(data["migrant_workers"]),
        }


class IndustryForm(forms.Form):
    industry = forms.ChoiceField(
        label=_("Industry (GB/T 4754)"),
        choices=[("", "—"), *Industry.choices],
        error_messages={"required": _("Choose the employer's industry.")},
    )
