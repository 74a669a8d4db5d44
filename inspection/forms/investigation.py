"""Forms of the investigation's acts: the inquiry notice, the inquiry record (with its
questions and answers as a formset), the on-site inspection record. The services check
everything again (inspection/services/investigation.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from complaints import dates
from dispatch.selectors.orders import signing_inspectors

TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
# What the employer is usually asked to bring; the inspector edits the list.
DEFAULT_BRING = [
    _("Payrolls and records of wage payments"),
    _("Attendance records"),
    _("Labor contracts"),
    _("Business licence (copy)"),
    _("Identity papers of the person who comes, and a letter of authorisation"),
]


def datetime_field(label) -> forms.DateTimeField:
    """A moment typed or picked in an <input type="datetime-local"> (YYYY-MM-DDTHH:MM, the
    only value a browser reads), within the range the date arithmetic survives."""
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        validators=[dates.day_in_range],
    )


class ActForm(forms.Form):
    """An investigating act: the second inspector of the case's office, with a card
    (劳动保障监察条例 Art. 16), chosen among the office's inspectors other than the actor."""

    second_inspector = forms.ModelChoiceField(
        label=_("Second inspector"), queryset=User.objects.none()
    )

    def __init__(self, *args, case=None, office=None, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        if office is not None:
            inspectors = signing_inspectors(office)
            if actor is not None:
                inspectors = inspectors.exclude(pk=actor.pk)
            self.fields["second_inspector"].queryset = inspectors

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class InquiryNoticeForm(ActForm):
    addressee = forms.CharField(label=_("Employer addressed"), max_length=200, required=False)
    appear_at = datetime_field(_("Time to appear"))
    place = forms.CharField(label=_("Place to appear"), max_length=300)
    bring = forms.CharField(
        label=_("Materials to bring"),
        help_text=_("One per line."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        required=False,
    )
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, max_length=2000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None and self.case.employer_id:
            self.fields["addressee"].initial = self.case.employer.name
        self.fields["bring"].initial = "\n".join(str(item) for item in DEFAULT_BRING)

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["bring"] = [line.strip() for line in data["bring"].splitlines() if line.strip()]
        return data


class InquiryRecordForm(ActForm):
    person_name = forms.CharField(label=_("Person questioned"), max_length=100)
    person_role = forms.CharField(
        label=_("Position or relation to the employer"), max_length=200, required=False
    )
    started_at = datetime_field(_("Started at"))
    ended_at = datetime_field(_("Ended at"))
    place = forms.CharField(label=_("Place"), max_length=300)


class ExchangeForm(forms.Form):
    """One question and its answer, as the inspector wrote them down."""

    question = forms.CharField(
        label=_("Question"), widget=TEXTAREA, max_length=4000, required=False
    )
    answer = forms.CharField(label=_("Answer"), widget=TEXTAREA, max_length=8000, required=False)


class BaseExchangeFormSet(forms.BaseFormSet):
    def exchanges(self) -> list[tuple[str, str]]:
        """The rows with anything typed in them, in order; a half-empty row is kept, so the
        service refuses it with its reason rather than dropping it silently."""
        rows = (form.cleaned_data for form in self.forms if form.cleaned_data)
        return [
            (row.get("question", ""), row.get("answer", ""))
            for row in rows
            if row.get("question") or row.get("answer")
        ]


ExchangeFormSet = forms.formset_factory(
    ExchangeForm, formset=BaseExchangeFormSet, extra=3, max_num=200, absolute_max=300
)


class SiteRecordForm(ActForm):
    place = forms.CharField(label=_("Place inspected"), max_length=300)
    inspected_at = datetime_field(_("Inspected at"))
    present = forms.CharField(label=_("Present"), max_length=500, required=False)
    findings = forms.CharField(
        label=_("What was found"), widget=forms.Textarea(attrs={"rows": 8}), max_length=8000
    )
