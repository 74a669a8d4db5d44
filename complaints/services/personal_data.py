"""Seeing a complainant's full ID number: allowed to some roles, and always recorded."""

from django.db import transaction

from complaints import events
from complaints.exceptions import ActionNotPermitted, CaseNotVisible
from complaints.models import Complainant
from complaints.pii import may_see_personal_data
from complaints.selectors.visibility import case_visible_to


@transaction.atomic
def complainant_id_number_reveal(*, complainant: Complainant, actor) -> str:
    """The complainant's full ID number, after recording on the timeline who saw whose.

    CaseNotVisible for a case the actor may not see, ActionNotPermitted for a role that
    may not see personal data (nothing is recorded either way). The event holds the
    complainant and the viewer, never the number.
    """
    case = complainant.case
    if not case_visible_to(user=actor, case=case):
        raise CaseNotVisible()
    if not may_see_personal_data(actor):
        raise ActionNotPermitted()
    events.id_number_viewed(case=case, actor=actor, complainant=complainant)
    return complainant.id_number
