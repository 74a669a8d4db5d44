"""The follow-up answers' summary table (回访): cases closed by the answer their follow-up
recorded, read by reports/arrears.py."""

from reports import scope
from reports.measures import CLOSED, CONSTRUCTION, Figure, Key, Table
from reports.models import SatisfactionMonth


class RowField(Key):
    """A key named `field` on the summary table and `row_field` on the counted rows."""

    def __init__(self, field: str, row_field: str):
        super().__init__(field)
        self.row_field = row_field

    def on_rows(self, measure) -> list:
        return [self.row_field]


ANSWER = RowField("satisfaction", "followup_satisfaction")
SATISFACTION_MONTHS = Table(
    SatisfactionMonth,
    scope.OFFICE_PAIR,
    (*scope.OFFICE_PAIR, ANSWER, CONSTRUCTION),
    {"closed": CLOSED},
)
FOLLOWUPS = Figure(SATISFACTION_MONTHS, (ANSWER,), ("closed",))
