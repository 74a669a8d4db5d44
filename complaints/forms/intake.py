"""The window's intake form: the case, its workers (rows and a paste box), the employer."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from complaints import validators
from complaints.forms.dimensions import CONSTRUCTION_LABEL, RISK_LABEL
from complaints.forms.fields import (
    AmountField,
    DateField,
    ValidatedCharField,
    id_number_field,
    phone_field,
)
from complaints.models import (
    Category,
    Channel,
    DeskKind,
    Industry,
    Material,
    Sex,
    ViolationCategory,
)
from complaints.paste import PasteResult, read_paste
from complaints.selectors.employers import employer_match
from complaints.services.acceptance import arrears_began_over_two_years_ago, two_years_before
from complaints.services.intake import (
    ComplainantData,
    EmployerData,
    complainant_must_haves,
    migrant_worker_default,
)
from config import clock

DEFAULT_MISSING = [Material.ID_DOCUMENT, Material.LABOR_CONTRACT, Material.PAYROLL]
ROW_FIELDS = ("name", "phone", "id_number", "owed_amount", "address")


class StatementField(forms.CharField):
    """What the worker told the window: their evidence, so never cut.

    No maxlength in the page: a browser cuts a pasted text there without a word. The
    counter (static/js/charcount.js) shows the count and the limit instead, and a longer
    text is refused with one message that names the field as its label does (and stays
    on the page to be shortened).
    """

    def __init__(self, **kwargs):
        super().__init__(widget=forms.Textarea(attrs={"rows": 6}), **kwargs)
        self.widget.attrs.update(
            {
                "data-char-limit": validators.DESCRIPTION_MAX_LENGTH,
                "data-char-count": _("{count} / {limit} characters"),
                "data-char-over": _(
                    "{count} / {limit} characters: {over} over the limit. Shorten it to "
                    "register; nothing is cut."
                ),
            }
        )

    def to_python(self, value):
        # A browser sends a textarea's line breaks as CRLF; one line break is one
        # character, as the counter counts it.
        return super().to_python(value).replace("\r\n", "\n")

    def validate(self, value):
        super().validate(value)
        try:
            validators.validate_description(value)
        except ValidationError as error:
            if error.code != "description_too_long":
                raise
            raise ValidationError(
                _('"%(field)s" is too long: %(length)s characters, the limit is %(limit)s.'),
                code=error.code,
                params={
                    "field": self.label,
                    "length": f"{error.params['length']:,}",
                    "limit": f"{error.params['limit']:,}",
                },
            ) from None


class ArrearsWarning:
    """Whether the arrears typed began more than two years ago (a warning, not an error)."""

    @property
    def arrears_two_years_cutoff(self):
        return two_years_before(clock.today())

    @property
    def arrears_warning(self) -> bool:
        typed = getattr(self, "cleaned_data", {}).get("arrears_from")
        return arrears_began_over_two_years_ago(typed, clock.today())


class IntakeForm(ArrearsWarning, forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    is_construction = forms.BooleanField(label=CONSTRUCTION_LABEL, required=False)
    mass_incident_risk = forms.BooleanField(
        label=RISK_LABEL,
        required=False,
        help_text=_("Many workers, threats or a gathering: flag it so it is watched."),
    )
    description = StatementField(
        label=_("What happened"),
        help_text=_("Who owes what: employer, site or contractor in the worker's own words."),
    )
    employer_name = forms.CharField(label=_("Employer"), max_length=200, required=False)
    employer_credit_code = ValidatedCharField(
        label=_("Unified social credit code"),
        validator=validators.validate_credit_code,
        normalizer=validators.normalize_credit_code,
        max_length=24,
    )
    employer_address = forms.CharField(label=_("Employer address"), max_length=300, required=False)
    employer_industry = forms.ChoiceField(
        label=_("Employer's industry"),
        choices=[("", _("Not set")), *Industry.choices],
        required=False,
        help_text=_("Set once per employer: an industry already recorded is kept."),
    )
    site = forms.CharField(label=_("Site or project"), max_length=200, required=False)
    contractor = forms.CharField(
        label=_("Labor contractor (包工头)"), max_length=100, required=False
    )
    workers_affected = forms.IntegerField(
        label=_("Workers affected"), min_value=1, max_value=100000, required=False
    )
    amount_claimed = AmountField(label=_("Amount claimed (yuan)"))
    arrears_from = DateField(label=_("Arrears from"), required=False)
    arrears_to = DateField(label=_("Arrears to"), required=False)
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
    violations = forms.ModelMultipleChoiceField(
        label=_("Violations complained of"),
        help_text=_("Optional: none chosen on a wage-arrears case names unpaid wages."),
        queryset=ViolationCategory.objects.filter(is_active=True),
        to_field_name="code",
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
        help_text=_(
            "One worker per line, the name first: phone, ID number and amount owed are "
            "recognised in any order (tabs or commas). A heading line (姓名, 电话, "
            "身份证号, 金额 or name, phone, ID number, amount) names the columns instead."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        required=False,
        strip=False,  # line numbers in errors must match the text shown back
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paste_result = PasteResult()
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            self.initial.setdefault("missing_materials", DEFAULT_MISSING)
            self.initial.setdefault("category", Category.WAGE_ARREARS)
        self.fields["description"].widget.attrs["autofocus"] = True

    def migrant_default(self) -> bool:
        """Whether a new worker row starts marked a migrant worker, from the category and
        the construction flag as typed (or as first shown)."""
        if self.is_bound:
            category = self.data.get("category", "")
            construction = self["is_construction"].value()
        else:
            category = self.initial.get("category", "")
            construction = self.initial.get("is_construction", False)
        return migrant_worker_default(category=category, is_construction=bool(construction))

    def known_employer(self):
        """The recorded employer the typed name or credit code matches, if any."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return None
        data = self.cleaned_data
        return employer_match(
            name=data.get("employer_name", ""), credit_code=data.get("employer_credit_code", "")
        )

    def clean(self):
        data = super().clean()
        # Pasted workers have no checkbox: they take the case's default mark, which the
        # case page can correct per worker.
        default = self.migrant_default()
        for worker in self.paste_result.workers:
            worker.is_migrant_worker = default
        return data

    @property
    def pasted(self) -> list[ComplainantData]:
        return self.paste_result.workers

    def clean_paste(self):
        text = self.cleaned_data.get("paste", "")
        self.paste_result = read_paste(text)
        if self.paste_result.problems or self.paste_result.refusal:
            # The summary says what would be added and what not; nothing is, yet.
            raise forms.ValidationError(self.paste_result.summary(), code="paste_lines")
        return text

    def add_must_have_errors(self, formset) -> None:
        """Add the zero-threshold must-haves that are missing, so that every error shows
        in one pass: they are judged on what was typed, valid or not (a row or line with
        a mistake says so itself). The service checks them again on the cleaned data."""
        if not formset.management_form.is_valid():
            return
        typed = formset.typed_complainants() + self.paste_result.typed
        for error in complainant_must_haves(typed):
            self.add_error(None, error)

    def employer_data(self) -> EmployerData:
        data = self.cleaned_data
        return EmployerData(
            name=data["employer_name"],
            credit_code=data["employer_credit_code"],
            address=data["employer_address"],
            industry=data["employer_industry"],
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
            "is_construction",
            "mass_incident_risk",
        )
        return {key: data[key] for key in keys} | {
            "employer": self.employer_data(),
            "missing_materials": data["missing_materials"],
            "requested_desks": data["requested_desks"],
            "token": data["token"],
            "violations": [category.code for category in data["violations"]],
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
    is_migrant_worker = forms.BooleanField(
        label=_("Migrant worker"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "migrant-mark"}),
    )

    def __init__(self, *args, migrant_default: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # New rows start with the case's default (wage arrears or construction: checked).
        self.fields["is_migrant_worker"].initial = migrant_default

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
            is_migrant_worker=data["is_migrant_worker"],
        )


class BaseComplainantFormSet(forms.BaseFormSet):
    def complainants(self) -> list[ComplainantData]:
        rows = (form.complainant_data() for form in self.forms if form.cleaned_data)
        return [row for row in rows if row is not None]

    def typed_complainants(self) -> list[ComplainantData]:
        """Every row with anything typed in it, as typed (valid or not)."""
        typed = []
        for form in self.forms:
            values = {name: str(form[name].value() or "").strip() for name in ROW_FIELDS}
            if any(values.values()):
                typed.append(
                    ComplainantData(
                        name=values["name"], phone=values["phone"], address=values["address"]
                    )
                )
        return typed


ComplainantFormSet = forms.formset_factory(
    ComplainantForm, formset=BaseComplainantFormSet, extra=3, max_num=200, absolute_max=300
)
