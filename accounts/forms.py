from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Office, User


class LoginForm(AuthenticationForm):
    """Django's login form with the username field focused for keyboard users."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})


# A shift is kept for days ahead, not centuries: a date outside these years is a typing
# slip, refused as a form error before any arithmetic on it.
ROSTER_YEARS = (2000, 2999)
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _moment_field(label) -> forms.DateTimeField:
    """A moment picked in an <input type="datetime-local"> (the only value a browser reads)."""
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class DutyShiftForm(forms.Form):
    """A shift on the office's roster: one of its officers (or of an office below it)."""

    user = forms.ModelChoiceField(label=_("Officer on duty"), queryset=User.objects.none())
    starts_at = _moment_field(_("Starts at"))
    ends_at = _moment_field(_("Ends at"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, office__path__startswith=office.path)
            .exclude(platform_channel__gt="", groups__isnull=True)
            .order_by("office__path", "last_name", "first_name", "username")
        )

    def clean(self):
        cleaned = super().clean()
        for name in ("starts_at", "ends_at"):
            moment = cleaned.get(name)
            if moment is not None and not ROSTER_YEARS[0] <= moment.year <= ROSTER_YEARS[1]:
                self.add_error(
                    name,
                    _("Choose a time between the years %(first)s and %(last)s.")
                    % {"first": ROSTER_YEARS[0], "last": ROSTER_YEARS[1]},
                )
        return cleaned
