"""Forms of the transfer to the police: the transfer report, the head's decision on it, the
transfer, the police's answer. The services check everything again
(inspection/services/transfer.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from complaints.forms.fields import DateField
from dispatch.models import RectificationOrder
from dispatch.selectors.orders import signing_inspectors
from inspection.models import PoliceOutcome

TEXTAREA = forms.Textarea(attrs={"rows": 5})


class _TwoInspectorsForm(forms.Form):
    """Two or more inspectors act (移送规定 Art. 5; 劳动保障监察条例 Art. 16): the second is
    chosen among the case office's inspectors other than the actor."""

    second_inspector = forms.ModelChoiceField(
        label=_("Second inspector"), queryset=User.objects.none()
    )

    def __init__(self, *args, office=None, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if office is not None:
            inspectors = signing_inspectors(office)
            if actor is not None:
                inspectors = inspectors.exclude(pk=actor.pk)
            self.fields["second_inspector"].queryset = inspectors

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class TransferReportForm(_TwoInspectorsForm):
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


class TransferForm(_TwoInspectorsForm):
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


class TransferDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the transfer")), ("refuse", _("Do not approve"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Opinion (the reason is required when not approving)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
