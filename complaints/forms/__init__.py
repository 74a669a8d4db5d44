from complaints.forms.actions import ACTION_FORMS, MaterialCollectForm, NoteForm, PaymentForm
from complaints.forms.dimensions import DimensionsForm, IndustryForm
from complaints.forms.evidence import EvidenceForm
from complaints.forms.intake import ComplainantFormSet, IntakeForm
from complaints.forms.lists import CaseFilterForm, ConsultationForm

__all__ = [
    "ACTION_FORMS",
    "CaseFilterForm",
    "ComplainantFormSet",
    "ConsultationForm",
    "DimensionsForm",
    "EvidenceForm",
    "IndustryForm",
    "IntakeForm",
    "MaterialCollectForm",
    "NoteForm",
    "PaymentForm",
]
