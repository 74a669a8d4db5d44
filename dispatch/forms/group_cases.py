"""The report upward of a group wage-arrears case; the service re-checks all."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReportUpwardForm(forms.Form):
    note = forms.CharField(
        label=_("To whom and how it was reported"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
