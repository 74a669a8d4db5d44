"""Forms of the penalty path: the advance notice, the party's defence or hearing, the
decision. The services check everything again (inspection/services/penalty.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.forms.fields import AmountField, DateField
from inspection.forms.investigation import ActForm
from inspection.models import PenaltyProvision
from inspection.services.penalty import PAY_WITHIN_DAYS

TEXTAREA = forms.Textarea(attrs={"rows": 5})


class PenaltyNoticeForm(ActForm):
    provision = forms.ModelChoiceField(
        label=_("Provision violated"), queryset=PenaltyProvision.objects.all()
    )
    amount = AmountField(label=_("Intended fine (yuan)"), required=True)
    facts = forms.CharField(label=_("Facts of the violation"), widget=TEXTAREA, max_length=8000)
    evidence = forms.CharField(label=_("Evidence"), widget=TEXTAREA, max_length=4000)


class HearingForm(ActForm):
    kind = forms.ChoiceField(
        label=_("What the party did"),
        choices=[
            ("statement", _("Stated its case and defended itself")),
            ("hearing", _("A hearing was held")),
            ("waived", _("Waived its right")),
        ],
    )
    held_on = DateField(label=_("On"))
    summary = forms.CharField(
        label=_("What the party said, and what the bureau made of it"),
        widget=TEXTAREA,
        max_length=8000,
    )


class PenaltyDecisionForm(ActForm):
    amount = AmountField(label=_("Fine decided (yuan)"), required=True)
    pay_within_days = forms.IntegerField(
        label=_("Days to pay"), min_value=PAY_WITHIN_DAYS, max_value=365, initial=PAY_WITHIN_DAYS
    )
    reasons = forms.CharField(
        label=_("Reasons (including what was made of the party's defence)"),
        widget=TEXTAREA,
        max_length=8000,
    )
