"""Forms of the end of a filed case: the proposals to cancel the filing or to close it, and
the head's decision on a proposal. The services check everything again
(inspection/services/ending.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import OutcomeStage
from complaints.selectors.outcomes import outcomes_for_stage

TEXTAREA = forms.Textarea(attrs={"rows": 5})


class CancellationForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons (a minor violation already corrected, or the facts do not hold)"),
        widget=TEXTAREA,
        max_length=8000,
    )

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class ClosingForm(forms.Form):
    outcome = forms.ModelChoiceField(label=_("Outcome"), queryset=None)
    summary = forms.CharField(
        label=_("Summary: what was found, ordered and decided, paid or not, penalties"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=8000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the outcomes of an investigated case (complaints.selectors.outcomes).
        self.fields["outcome"].queryset = outcomes_for_stage(OutcomeStage.FILED)

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Approval decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Do not approve"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Opinion (required when not approving)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
