from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from complaints.forms.fields import DateField
from complaints.models import DeskKind
from dispatch.deadlines import EARLIEST_START, LATEST_START
from dispatch.models import DeadlinePolicy

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class PolicyChoiceField(forms.ModelChoiceField):
    """A time limit named by its step in the reader's language, not by its code."""

    def label_from_instance(self, obj: DeadlinePolicy) -> str:
        return _("%(step)s (%(limit)s %(unit)s)") % {
            "step": obj.name,
            "limit": obj.limit,
            "unit": obj.get_unit_display(),
        }


class DueDateForm(forms.Form):
    policy = PolicyChoiceField(
        label=_("Time limit"), queryset=DeadlinePolicy.objects.all(), to_field_name="code"
    )
    start = DateField(
        label=_("Clock starts on"),
        help_text=_("The day of receipt, filing or acceptance; that day itself is not counted."),
        first=EARLIEST_START,
        last=LATEST_START,
    )


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
