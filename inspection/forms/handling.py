"""The administrative handling decision's form: the served order whose pay-by date passed
unpaid, the rate of 加付赔偿金 and the period to comply. The rate is checked by the service
(50 to 100 percent, 劳动合同法 Art. 85), so the page shows the law's own message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dispatch.models import RectificationOrder
from inspection.forms.investigation import TEXTAREA, ActForm
from inspection.selectors import procedure_state


class OrderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: RectificationOrder) -> str:
        return _("%(number)s: %(amount)s yuan, pay by %(date)s") % {
            "number": obj.number,
            "amount": obj.amount_ordered,
            "date": obj.pay_by.isoformat(),
        }


class HandlingDecisionForm(ActForm):
    order = OrderChoiceField(
        label=_("Order to correct not complied with"),
        queryset=RectificationOrder.objects.none(),
    )
    rate = forms.IntegerField(
        label=_("Additional compensation (percent of the wages owed)"),
        initial=50,
        help_text=_("From 50 to 100 percent (劳动合同法, Art. 85)."),
    )
    pay_within_days = forms.IntegerField(label=_("Days to comply"), initial=15)
    facts = forms.CharField(
        label=_("Facts found"), widget=forms.Textarea(attrs={"rows": 6}), max_length=8000
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        help_text=_("One piece of evidence per line."),
        widget=TEXTAREA,
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every served order of the case: the service says why one may not be decided on
        # yet (its pay-by date not passed) or at all (complied with).
        orders = procedure_state(self.case).served_orders if self.case is not None else []
        self.fields["order"].queryset = RectificationOrder.objects.filter(
            pk__in=[order.pk for order in orders]
        )
        if len(orders) == 1:
            self.fields["order"].initial = orders[0].pk
