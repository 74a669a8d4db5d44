"""One small form per workflow action; `perform` hands the cleaned data to its service."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from complaints import dates, services
from complaints.exceptions import CaseNotVisible
from complaints.forms.fields import AmountField, DateField
from complaints.models import (
    Case,
    Complainant,
    FollowupMethod,
    OutcomeStage,
    Satisfaction,
)
from complaints.selectors.cases import case_get_for
from complaints.selectors.outcomes import outcomes_for_stage

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class ActionForm(forms.Form):
    def perform(self, *, case: Case, actor) -> Case:
        raise NotImplementedError


class NoteOnlyForm(ActionForm):
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, required=False, max_length=2000)


class StartForm(ActionForm):
    def perform(self, *, case, actor):
        return services.case_start(case=case, actor=actor)


class ResolveForm(NoteOnlyForm):
    def perform(self, *, case, actor):
        return services.case_resolve(case=case, actor=actor, note=self.cleaned_data["note"])


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA, max_length=2000)
    service = None

    def perform(self, *, case, actor):
        return type(self).service(case=case, actor=actor, reason=self.cleaned_data["reason"])


class ReopenForm(ReasonForm):
    service = staticmethod(services.case_reopen)


class ReopenClosedForm(ReasonForm):
    service = staticmethod(services.case_reopen_closed)


class WithdrawForm(ReasonForm):
    service = staticmethod(services.case_withdraw)


class RequestWithdrawalForm(ReasonForm):
    """After filing the complainant's withdrawal is a request; the head decides on it."""

    reason = forms.CharField(
        label=_("The complainant's request, in their words"),
        widget=TEXTAREA,
        max_length=2000,
        help_text=_("The head of the inspection body then cancels the filing or continues."),
    )
    service = staticmethod(services.case_request_withdrawal)


class CancelFilingForm(ReasonForm):
    reason = forms.CharField(label=_("Reason for the decision"), widget=TEXTAREA, max_length=2000)
    service = staticmethod(services.case_cancel_filing)


class ContinueExOfficioForm(CancelFilingForm):
    service = staticmethod(services.case_continue_ex_officio)


class CloseForm(ActionForm):
    outcome = forms.ModelChoiceField(
        label=_("Outcome"), queryset=outcomes_for_stage(OutcomeStage.FILED)
    )
    outcome_amount = AmountField(label=_("Amount (yuan), if the outcome needs one"))
    followup_at = forms.DateTimeField(
        label=_("Follow-up time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[dates.day_in_range],
    )
    followup_method = forms.ChoiceField(label=_("Follow-up by"), choices=FollowupMethod.choices)
    followup_result = forms.CharField(
        label=_("What the complainant said"), widget=TEXTAREA, max_length=2000
    )
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=Satisfaction.choices)

    def perform(self, *, case, actor):
        return services.case_close(case=case, actor=actor, **self.cleaned_data)


class MergeForm(ActionForm):
    target = forms.CharField(label=_("Ticket number of the case to merge into"), max_length=30)
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA, required=False, max_length=2000)

    def perform(self, *, case, actor):
        ticket = self.cleaned_data["target"].strip().upper()
        try:
            target = case_get_for(user=actor, ticket=ticket)
        except CaseNotVisible:
            raise ValidationError(
                {"target": _("No case %(ticket)s that you may see.") % {"ticket": ticket}}
            ) from None
        return services.case_merge(
            case=case, actor=actor, target=target, reason=self.cleaned_data["reason"]
        )


class TransferForm(ActionForm):
    to_office = forms.ModelChoiceField(label=_("To office"), queryset=Office.objects.all())
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA, max_length=2000)

    def perform(self, *, case, actor):
        return services.case_transfer(case=case, actor=actor, **self.cleaned_data)


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "start": StartForm,
    "resolve": ResolveForm,
    "reopen": ReopenForm,
    "close": CloseForm,
    "reopen_closed": ReopenClosedForm,
    "withdraw": WithdrawForm,
    "request_withdrawal": RequestWithdrawalForm,
    "cancel_filing": CancelFilingForm,
    "continue_ex_officio": ContinueExOfficioForm,
    "merge": MergeForm,
    "transfer": TransferForm,
}


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class MaterialCollectForm(forms.Form):
    material = forms.IntegerField(widget=forms.HiddenInput)


class PaymentForm(forms.Form):
    complainant = forms.ModelChoiceField(label=_("Worker"), queryset=Complainant.objects.none())
    amount = AmountField(label=_("Amount paid (yuan)"), required=True)
    paid_on = DateField(label=_("Paid on"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complainant"].queryset = case.complainants.order_by("id")
