"""The form of the service (送达) of a document on the party. The service checks everything
again (inspection/services/service.py); the photo or video of a posting is either one
already on the case or uploaded here as the case's evidence."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.forms.fields import DateField
from complaints.models import Evidence
from inspection.models import ServiceMethod
from inspection.services.service import PROOF_CONTENT_TYPES


class ServiceForm(forms.Form):
    method = forms.ChoiceField(label=_("Method of service"), choices=ServiceMethod.choices)
    served_on = DateField(label=_("Served on"))
    recipient = forms.CharField(
        label=_("Recipient (who signed for it; not for a posting or a public notice)"),
        max_length=200,
        required=False,
    )
    place = forms.CharField(label=_("Place of service"), max_length=300, required=False)
    proof = forms.ModelChoiceField(
        label=_("Photo or video already on the case"),
        queryset=Evidence.objects.none(),
        required=False,
    )
    photo = forms.FileField(
        label=_("Or upload the photo or video (JPEG, PNG, MP4 or MOV)"),
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,.mp4,.mov"}),
        required=False,
        help_text=_("Needed for a posting at the premises or a document left there."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proof"].queryset = Evidence.objects.filter(
            case=case, content_type__in=PROOF_CONTENT_TYPES
        ).order_by("-uploaded_at", "-id")
        self.fields["proof"].label_from_instance = lambda item: (
            f"{item.description or item.original_name} ({item.uploaded_at:%Y-%m-%d})"
        )

    def clean(self):
        data = super().clean()
        if data.get("proof") is not None and data.get("photo"):
            raise forms.ValidationError(
                _("Choose a photo or video on the case or upload one, not both.")
            )
        return data

    def service_arguments(self) -> dict:
        """`document_serve`'s arguments; `upload` when a photo or video was uploaded here."""
        data = dict(self.cleaned_data)
        upload = data.pop("photo", None)
        if upload:
            data.pop("proof", None)
            data["upload"] = upload
        return data
