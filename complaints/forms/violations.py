"""The case page's violation categories: one row per category, complained of and found."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import CaseViolation, ViolationCategory


def categories_for(case) -> list:
    """The active categories, and the retired ones this case still names, in their order."""
    named = CaseViolation.objects.filter(case=case).values("category")
    return list(ViolationCategory.objects.filter(Q(is_active=True) | Q(pk__in=named)))


class ViolationsForm(forms.Form):
    """Two checkbox lists by category code; what the user may not change is kept as it is."""

    complained = forms.MultipleChoiceField(
        label=_("Complained of"), required=False, widget=forms.CheckboxSelectMultiple
    )
    found = forms.MultipleChoiceField(
        label=_("Found"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, case, may_complain: bool, may_find: bool, **kwargs):
        kwargs.setdefault("prefix", "violations")
        self.rows_now = list(CaseViolation.objects.filter(case=case).select_related("category"))
        kwargs.setdefault(
            "initial",
            {
                "complained": [row.category.code for row in self.rows_now if row.complained],
                "found": [row.category.code for row in self.rows_now if row.found],
            },
        )
        super().__init__(*args, **kwargs)
        self.categories = categories_for(case)
        # Any code is taken here: the service names an unknown or retired one in its error.
        choices = [(c.code, str(c)) for c in self.categories]
        for name in ("complained", "found"):
            self.fields[name].choices = choices
            self.fields[name].valid_value = lambda value: True
        self.may_complain, self.may_find = may_complain, may_find

    def rows(self) -> list[dict]:
        """Each category with its two boxes' state, as the template shows them."""
        complained = set(self["complained"].value() or ())
        found = set(self["found"].value() or ())
        by_code = {row.category.code: row for row in self.rows_now}
        return [
            {
                "category": category,
                "complained": category.code in complained,
                "found": category.code in found,
                "row": by_code.get(category.code),
            }
            for category in self.categories
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        complained = set(data["complained"])
        found = set(data["found"])
        if not self.may_complain:
            complained = {row.category.code for row in self.rows_now if row.complained}
        if not self.may_find:
            found = {row.category.code for row in self.rows_now if row.found}
        return {"complained": complained, "found": found}
