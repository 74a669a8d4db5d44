from complaints.forms.actions import ACTION_FORMS, MaterialCollectForm, NoteForm, PaymentForm
from complaints.forms.intake import ComplainantFormSet, IntakeForm
from complaints.forms.lists import CaseFilterForm, ConsultationForm

__all__ = [
    "ACTION_FORMS",
    "CaseFilterForm",
    "ComplainantFormSet",
    "ConsultationForm",
    "IntakeForm",
    "MaterialCollectForm",
    "NoteForm",
    "PaymentForm",
]
