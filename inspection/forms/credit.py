"""Forms of the credit consequences: the inspector's proposal and the head's decision. The
service checks everything again (inspection/services/credit.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import IssuedDocument
from inspection.models import CreditMeasure


class CreditProposeForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"), choices=CreditMeasure.choices)
    basis = forms.ModelChoiceField(
        label=_("The served order or decision not complied with"),
        queryset=IssuedDocument.objects.none(),
    )
    grounds = forms.CharField(
        label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000
    )

    def __init__(self, *args, bases=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = {basis.document.pk: basis.label for basis in bases}
        field = self.fields["basis"]
        field.queryset = IssuedDocument.objects.filter(pk__in=list(labels))
        field.label_from_instance = lambda document: labels.get(document.pk, str(document))

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)
