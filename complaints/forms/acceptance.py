"""The acceptance decision's forms: the proposal (or the head's decision at once), sending
it back, and the completed complaint after 告知补正."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from complaints.forms.fields import DateField
from complaints.models import Ground, Route
from complaints.services.acceptance import Proposal

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class DecisionForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=Ground.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reasons"),
        widget=TEXTAREA,
        max_length=2000,
        required=False,
        help_text=_("Printed on the written notice; needed for every ground but acceptance."),
    )
    missing = forms.CharField(
        label=_("What the complaint is missing"),
        widget=TEXTAREA,
        max_length=2000,
        required=False,
        help_text=_("To complete the complaint: listed once, all of it (一次性告知)."),
    )
    route = forms.ChoiceField(
        label=_("Route that applies"),
        choices=[("", "—"), *Route.choices],
        required=False,
        help_text=_("Not a matter for labor inspection: where the complainant turns."),
    )
    refer_to_arbitration = forms.BooleanField(
        label=_("The complainant wants the arbitration desk to take it on"), required=False
    )
    to_office = forms.ModelChoiceField(
        label=_("Office whose territory it is"),
        queryset=Office.objects.order_by("path"),
        required=False,
    )

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        return Proposal(
            ground=data["ground"],
            reason=data["reason"],
            missing=data["missing"],
            route=data["route"],
            refer_to_arbitration=data["refer_to_arbitration"],
            to_office=data["to_office"],
        )


class ApproveForm(forms.Form):
    """No fields: it carries the refusal of an approval back to the page."""


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("Why it is sent back"), widget=TEXTAREA, max_length=2000)


class CompletedForm(forms.Form):
    received_on = DateField(label=_("Completed complaint received on"))
