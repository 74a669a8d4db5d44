"""Forms of the referral actions on a case: a reason, a note, an officer, a desk, an
application received."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from complaints.forms.fields import DateField
from complaints.models import DeskKind
from dispatch.models import ApplicationMaterial

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA, max_length=2000)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, max_length=2000, required=False)


class ReassignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none())

    def __init__(self, *args, desk=None, **kwargs):
        super().__init__(*args, **kwargs)
        if desk is not None:
            self.fields["officer"].queryset = desk.members.filter(is_active=True)


class ReferForm(forms.Form):
    desk = forms.ChoiceField(label=_("Desk"), choices=DeskKind.choices)
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA, max_length=300)


class ApplicationReceivedForm(forms.Form):
    """The day a desk received the worker's application and the items of its checklist."""

    received_on = DateField(label=_("Date the application was received"))
    materials = forms.ModelMultipleChoiceField(
        label=_("Materials received"),
        queryset=ApplicationMaterial.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, desk=None, **kwargs):
        super().__init__(*args, **kwargs)
        if desk is not None:
            self.fields["materials"].queryset = ApplicationMaterial.objects.filter(
                desk=desk.kind, is_active=True
            )
