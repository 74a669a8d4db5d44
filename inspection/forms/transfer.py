"""Forms of the transfer to the police: the transfer report, the head's decision on it, the
transfer, the police's answer. The services check everything again
(inspection/services/transfer.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.forms.fields import DateField
from dispatch.models import RectificationOrder
from inspection.forms.investigation import ActForm
from inspection.models import PoliceOutcome

TEXTAREA = forms.Textarea(attrs={"rows": 5})


class TransferReportForm(ActForm):
    order = forms.ModelChoiceField(
        label=_("Order to correct served and not complied with"),
        queryset=RectificationOrder.objects.none(),
    )
    reasons = forms.CharField(
        label=_("Facts and reasons for transferring the case"), widget=TEXTAREA, max_length=8000
    )

    def __init__(self, *args, orders=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The served orders whose pay-by date passed unpaid (inspection.selectors).
        self.fields["order"].queryset = RectificationOrder.objects.filter(
            pk__in=[order.pk for order in orders]
        )
        self.fields["order"].label_from_instance = lambda order: (
            f"{order.number} ({order.amount_ordered} · {order.pay_by:%Y-%m-%d})"
        )


class TransferForm(ActForm):
    police_body = forms.CharField(label=_("Police body receiving the case"), max_length=200)
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, max_length=4000, required=False)


class PoliceAnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("The police's answer"), choices=PoliceOutcome.choices)
    answered_on = DateField(label=_("Answered on"))
    reference = forms.CharField(
        label=_("Reference of the police's written answer"), max_length=100, required=False
    )
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, max_length=4000, required=False)

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)
