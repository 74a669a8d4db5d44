"""Forms of the case page's "Advance payments" panel (complaints/services/advances.py)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from complaints.forms.fields import AmountField, DateField
from complaints.models import AdvancePayment, AdvanceRecovery, AdvanceSource, Case
from complaints.services.advances import APPROVER_ROLES


def approvers_for(case: Case):
    """Heads at the case's responsible office or an office above it (its path's ids)."""
    path = case.responsible_office.path if case.responsible_office_id else ""
    office_ids = [int(part) for part in path.strip("/").split("/") if part]
    return (
        get_user_model()
        .objects.filter(
            is_active=True, office_id__in=office_ids, groups__name__in=list(APPROVER_ROLES)
        )
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


class ApproverField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class AdvanceForm(forms.Form):
    complainant = forms.ModelChoiceField(label=_("Worker"), queryset=None)
    source = forms.ChoiceField(label=_("Paid from"), choices=AdvanceSource.choices)
    amount = AmountField(label=_("Amount advanced (yuan)"), required=True)
    paid_on = DateField(label=_("Paid on"))
    approved_by = ApproverField(label=_("Approved by"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault("prefix", "advance")
        super().__init__(*args, **kwargs)
        # Without the case page's prefetch of each worker's wage payments, not needed here.
        self.fields["complainant"].queryset = case.complainants.order_by("id").prefetch_related(
            None
        )
        self.fields["approved_by"].queryset = approvers_for(case)


class AdvanceRecoveryForm(forms.Form):
    amount = AmountField(label=_("Amount recovered (yuan)"), required=True)
    recovered_on = DateField(label=_("Recovered on"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "recovery")
        super().__init__(*args, **kwargs)


class AdvanceCorrectForm(forms.Form):
    """A recorded advance's amount or day, corrected; the row is named by its id."""

    advance = forms.ModelChoiceField(
        label=_("Advance payment"), queryset=None, widget=forms.HiddenInput
    )
    amount = AmountField(label=_("Amount advanced (yuan)"), required=True)
    paid_on = DateField(label=_("Paid on"))
    reason = forms.CharField(label=_("Why it is corrected"), max_length=200)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advance"].queryset = AdvancePayment.objects.filter(complainant__case=case)
        self.fields["advance"].error_messages["invalid_choice"] = _(
            "This advance is not recorded on this case."
        )


class AdvanceRemoveForm(forms.Form):
    advance = forms.ModelChoiceField(
        label=_("Advance payment"), queryset=None, widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Why it is removed"), max_length=200)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advance"].queryset = AdvancePayment.objects.filter(complainant__case=case)
        self.fields["advance"].error_messages["invalid_choice"] = _(
            "This advance is not recorded on this case."
        )


class RecoveryCorrectForm(forms.Form):
    recovery = forms.ModelChoiceField(label=_("Recovery"), queryset=None, widget=forms.HiddenInput)
    amount = AmountField(label=_("Amount recovered (yuan)"), required=True)
    recovered_on = DateField(label=_("Recovered on"))
    reason = forms.CharField(label=_("Why it is corrected"), max_length=200)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recovery"].queryset = AdvanceRecovery.objects.filter(case=case)
        self.fields["recovery"].error_messages["invalid_choice"] = _(
            "This recovery is not recorded on this case."
        )


class RecoveryRemoveForm(forms.Form):
    recovery = forms.ModelChoiceField(label=_("Recovery"), queryset=None, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why it is removed"), max_length=200)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recovery"].queryset = AdvanceRecovery.objects.filter(case=case)
        self.fields["recovery"].error_messages["invalid_choice"] = _(
            "This recovery is not recorded on this case."
        )
