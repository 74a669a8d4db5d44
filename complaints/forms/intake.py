"""The window's intake form: the case, its workers (rows and a paste box), the employer."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from complaints import validators
from complaints.forms.fields import AmountField, ValidatedCharField, id_number_field, phone_field
from complaints.models import Category, Channel, DeskKind, Material, Sex
from complaints.paste import parse_pasted_workers
from complaints.services.intake import ComplainantData, EmployerData

DEFAULT_MISSING = [Material.ID_DOCUMENT, Material.LABOR_CONTRACT, Material.PAYROLL]


class IntakeForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(
        label=_("What happened"),
        help_text=_("Who owes what: employer, site or contractor in the worker's own words."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=validators.DESCRIPTION_MAX_LENGTH,
        validators=[validators.validate_description],
    )
    employer_name = forms.CharField(label=_("Employer"), max_length=200, required=False)
    employer_credit_code = ValidatedCharField(
        label=_("Unified social credit code"),
        validator=validators.validate_credit_code,
        normalizer=validators.normalize_credit_code,
        max_length=24,
    )
    employer_address = forms.CharField(label=_("Employer address"), max_length=300, required=False)
    site = forms.CharField(label=_("Site or project"), max_length=200, required=False)
    contractor = forms.CharField(
        label=_("Labor contractor (包工头)"), max_length=100, required=False
    )
    workers_affected = forms.IntegerField(
        label=_("Workers affected"), min_value=1, max_value=100000, required=False
    )
    amount_claimed = AmountField(label=_("Amount claimed (yuan)"))
    arrears_from = forms.DateField(
        label=_("Arrears from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    arrears_to = forms.DateField(
        label=_("Arrears to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    responsible_office = forms.ModelChoiceField(
        label=_("Responsible office"),
        queryset=Office.objects.all(),
        required=False,
        help_text=_("Leave empty for your own office."),
    )
    requested_desks = forms.MultipleChoiceField(
        label=_("Also refer to"),
        help_text=_("Optional: desks the worker asked for. Routing rules add the usual ones."),
        choices=DeskKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    missing_materials = forms.MultipleChoiceField(
        label=_("Still to be collected"),
        choices=Material.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    paste = forms.CharField(
        label=_("Paste workers from a spreadsheet"),
        help_text=_("One worker per line: name, phone, ID number, amount owed (tabs or commas)."),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        required=False,
        strip=False,  # line numbers in errors must match the text shown back
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pasted: list[ComplainantData] = []
        self.paste_errors = []
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            self.initial.setdefault("missing_materials", DEFAULT_MISSING)
        self.fields["description"].widget.attrs["autofocus"] = True

    def clean_paste(self):
        text = self.cleaned_data.get("paste", "")
        self.pasted, self.paste_errors = parse_pasted_workers(text)
        if self.paste_errors:
            raise forms.ValidationError(
                _("%(count)s pasted line(s) need correcting; the rest are kept."),
                code="paste_lines",
                params={"count": len(self.paste_errors)},
            )
        return text

    def employer_data(self) -> EmployerData:
        data = self.cleaned_data
        return EmployerData(
            name=data["employer_name"],
            credit_code=data["employer_credit_code"],
            address=data["employer_address"],
        )

    def case_kwargs(self) -> dict:
        data = self.cleaned_data
        keys = (
            "channel",
            "category",
            "description",
            "site",
            "contractor",
            "workers_affected",
            "amount_claimed",
            "arrears_from",
            "arrears_to",
            "responsible_office",
        )
        return {key: data[key] for key in keys} | {
            "employer": self.employer_data(),
            "missing_materials": data["missing_materials"],
            "requested_desks": data["requested_desks"],
            "token": data["token"],
        }


class ComplainantForm(forms.Form):
    name = ValidatedCharField(
        label=_("Name"),
        validator=validators.validate_person_name,
        normalizer=str.strip,
        max_length=validators.NAME_MAX_LENGTH,
    )
    phone = phone_field(label=_("Phone"))
    id_number = id_number_field(label=_("ID number"))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    owed_amount = AmountField(label=_("Owed (yuan)"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    is_representative = forms.BooleanField(label=_("Representative"), required=False)

    def clean(self):
        data = super().clean()
        filled = any(data.get(key) for key in ("phone", "id_number", "owed_amount", "address"))
        if filled and not data.get("name") and "name" not in self.errors:
            self.add_error(
                "name", forms.ValidationError(_("Please enter the name."), code="name_required")
            )
        return data

    def complainant_data(self) -> ComplainantData | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return ComplainantData(
            name=data["name"],
            phone=data["phone"],
            id_number=data["id_number"],
            sex=data["sex"],
            address=data["address"],
            owed_amount=data["owed_amount"],
            is_representative=data["is_representative"],
        )


class BaseComplainantFormSet(forms.BaseFormSet):
    def complainants(self) -> list[ComplainantData]:
        rows = (form.complainant_data() for form in self.forms if form.cleaned_data)
        return [row for row in rows if row is not None]


ComplainantFormSet = forms.formset_factory(
    ComplainantForm, formset=BaseComplainantFormSet, extra=3, max_num=200, absolute_max=300
)
