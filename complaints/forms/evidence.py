"""The case page's evidence upload form; the service decides what is accepted."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from complaints.models import EvidenceKind

ACCEPTED_EXTENSIONS = ".jpg,.jpeg,.png,.mp4,.mov,.pdf,.docx,.xlsx,.doc,.xls,.csv,.txt"


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EvidenceKind.choices)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        required=False,
    )
    # Empty files reach the service, which refuses them with its own message.
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPTED_EXTENSIONS}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A photo (JPEG, PNG), video (MP4, MOV), PDF, Word or Excel document, CSV or text "
            "file; at most %(limit)s, a video at most %(video_limit)s."
        ) % {
            "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            "video_limit": filesizeformat(settings.EVIDENCE_VIDEO_MAX_BYTES),
        }
