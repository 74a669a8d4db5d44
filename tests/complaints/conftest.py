import pytest

from complaints.models import (
    Case,
    CaseEvent,
    Complainant,
    Employer,
    IntakeSubmission,
    MissingMaterial,
    TicketCounter,
)


@pytest.fixture
def counts():
    """counts() -> row counts of everything registration writes, to prove nothing was."""

    def count_rows() -> dict:
        models = (
            Case,
            Complainant,
            Employer,
            CaseEvent,
            TicketCounter,
            IntakeSubmission,
            MissingMaterial,
        )
        rows = {model.__name__: model.objects.count() for model in models}
        numbers = TicketCounter.objects.values_list("last_number", flat=True)
        return rows | {"last_ticket": sum(numbers)}

    return count_rows
