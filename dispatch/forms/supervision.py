"""Forms for supervision, extension requests and orders to pay; the services re-check all."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from complaints.forms.fields import DateField
from complaints.models import CaseParty
from dispatch.models import OrderAddressee, RectificationOrder
from dispatch.selectors.orders import signing_inspectors

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
    """The order to correct: findings, the party ordered, one amount per worker of the case
    (blank: not on the order; the default is what is owed less what was recovered), the
    pay-by date and the second inspector, chosen among those of the order's office."""

    LINE = "line_"

    findings = forms.CharField(label=_("Findings"), widget=TEXTAREA, max_length=8000)
    amount_found = forms.DecimalField(label=_("Amount found owed (yuan)"), **MONEY)
    # A party of the case's project (complaints/services/chain.py): fills in the three below.
    party = forms.ModelChoiceField(
        label=_("A party of the project"),
        queryset=CaseParty.objects.none(),
        required=False,
        help_text=_("Chosen: the order names it, with its role and credit code."),
    )
    addressee_role = forms.ChoiceField(
        label=_("Party ordered"), choices=OrderAddressee.choices, initial=OrderAddressee.EMPLOYER
    )
    addressee_name = forms.CharField(
        label=_("Name of the unit ordered (not the employer)"),
        max_length=200,
        required=False,
    )
    addressee_credit_code = forms.CharField(
        label=_("Its unified social credit code"), max_length=18, required=False
    )
    pay_by = DateField(label=_("Pay by"))
    second_inspector = forms.ModelChoiceField(
        label=_("Second inspector"), queryset=User.objects.none()
    )
    # While an order waits to be served, a new order can only be its correction.
    corrects = forms.ModelChoiceField(
        label=_("Corrects the order not yet served"),
        queryset=RectificationOrder.objects.none(),
        required=False,
    )

    def __init__(self, *args, case, office, actor, awaiting_service=None, **kwargs):
        super().__init__(*args, **kwargs)
        if awaiting_service is None:
            del self.fields["corrects"]
        else:
            field = self.fields["corrects"]
            field.queryset = RectificationOrder.objects.filter(pk=awaiting_service.pk)
            field.required, field.initial = True, awaiting_service.pk
            field.label_from_instance = lambda order: order.number
        self._offer_parties(case)
        if office is not None:
            self.fields["second_inspector"].queryset = signing_inspectors(office).exclude(
                pk=actor.pk
            )
        self.workers = list(case.complainants.all())
        for worker in self.workers:
            owed = (worker.owed_amount or Decimal("0")) - worker.recovered_amount
            self.fields[f"{self.LINE}{worker.pk}"] = forms.DecimalField(
                label=worker.name,
                max_digits=14,
                decimal_places=2,
                required=False,
                initial=owed if owed > 0 else None,
            )

    def _offer_parties(self, case) -> None:
        """The organisations recorded in the case's chain of responsibility, if any."""
        parties = CaseParty.objects.filter(
            case=case, employer__isnull=False, role__in=OrderAddressee.values
        ).select_related("employer")
        if not case.pk or not parties.exists():
            del self.fields["party"]
            return
        field = self.fields["party"]
        field.queryset = parties.order_by("id")
        field.label_from_instance = lambda party: (
            f"{party.get_role_display()}: {party.employer.name}"
        )

    def clean(self):
        data = super().clean()
        party = data.get("party")
        if party is not None:  # the chosen party's role, name and credit code
            data["addressee_role"] = party.role
            data["addressee_name"] = party.employer.name
            data["addressee_credit_code"] = party.employer.credit_code
        return data

    def line_fields(self):
        return [self[f"{self.LINE}{worker.pk}"] for worker in self.workers]

    def service_arguments(self) -> dict:
        """The cleaned data as `rectification_order`'s keyword arguments."""
        data = dict(self.cleaned_data)
        data.pop("party", None)
        lines = {}
        for name in list(data):
            if name.startswith(self.LINE):
                amount = data.pop(name)
                if amount is not None:
                    lines[int(name.removeprefix(self.LINE))] = amount
        return {**data, "lines": lines}
