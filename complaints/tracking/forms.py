"""The look-up form, shared by the page and the JSON endpoint."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from complaints.tracking.selectors import normalize_last4, normalize_ticket
from config import clock


class TrackForm(forms.Form):
    """Ticket number and the last 4 digits of the phone given at registration.

    Only the shape of the input is checked here, and not of the ticket: a ticket that does
    not look like one is simply not found (the same answer as a wrong one), while a last 4
    that is not 4 digits is a typing mistake the complainant should be told about. No
    max_length: the selector cuts overlong input itself.
    """

    ticket = forms.CharField(
        label=_("Ticket number"),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    phone = forms.CharField(
        label=_("Last 4 digits of your phone number"),
        help_text=_("The phone number you gave when the complaint was registered."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "4"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        example = f"{settings.TICKET_PREFIX}-{clock.today().year}-000123"
        self.fields["ticket"].widget.attrs["placeholder"] = example
        # Any ticket text that is not found, NUL characters included, gets the one
        # not-found answer rather than an error of its own (normalize_ticket copes).
        self.fields["ticket"].validators = []

    def clean_ticket(self) -> str:
        return normalize_ticket(self.cleaned_data["ticket"])

    def clean_phone(self) -> str:
        last4 = normalize_last4(self.cleaned_data["phone"])
        if last4 is None:
            raise ValidationError(
                _("Enter the last 4 digits of the phone number, for example 8000."),
                code="phone_last4",
            )
        return last4
