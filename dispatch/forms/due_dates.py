"""The deadline calculator's form: a policy and a start date in the accepted range."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.forms.fields import DateField
from dispatch.due_dates import EARLIEST_START, LATEST_START
from dispatch.models import DeadlinePolicy


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
