"""Forms for supervision, extension requests and orders to pay; the services re-check all."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.forms.fields import DateField

TEXTAREA = forms.Textarea(attrs={"rows": 3})
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class SupervisionStartForm(forms.Form):
    instructions = forms.CharField(label=_("Instructions"), widget=TEXTAREA, max_length=4000)
    report_by = DateField(label=_("Report back by"))


class SupervisionReportForm(forms.Form):
    report = forms.CharField(label=_("Report"), widget=TEXTAREA, max_length=4000)


class SupervisionLiftForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, max_length=2000, required=False)


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA, max_length=2000)


class ExtensionDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, max_length=2000, required=False)


class RectificationOrderForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=TEXTAREA, max_length=8000)
    amount_found = forms.DecimalField(label=_("Amount found owed (yuan)"), **MONEY)
    workers_concerned = forms.IntegerField(label=_("Workers concerned"), min_value=1)
    amount_ordered = forms.DecimalField(label=_("Amount ordered (yuan)"), **MONEY)
    pay_by = DateField(label=_("Pay by"))
