"""What the seed decides about one case before writing its rows, shared by the writers."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

# Final status weights: half the cases still open (a bureau with a backlog).
OPEN_WEIGHTS = {"registered": 5, "accepted": 12, "in_progress": 28, "resolved": 7}
ENDED_WEIGHTS = {"closed": 36, "not_accepted": 4, "withdrawn": 5, "merged": 3}
OPEN = tuple(OPEN_WEIGHTS)
ENDED = tuple(ENDED_WEIGHTS)
SHOWCASE_WORKERS, SHOWCASE_EVENTS = 25, 100  # the case page's heavy cases


@dataclass(slots=True)
class Person:
    """A complainant as drawn; the sex written is decided when the row is (`cases`)."""

    id: int
    owed: int | None
    name: str
    phone: str
    id_number: str
    sex: str
    address: str


@dataclass(slots=True)
class CaseFacts:
    id: int
    moment: datetime  # registered
    showcase: bool
    ticket: str
    channel: str
    category: str
    registrar: object  # a User
    size: int  # workers
    status: str
    employer_id: int | None
    kind: str  # of work: construction, ...
    office: object  # the responsible Office
    site: str
    normalized_site: str
    contractor: str
    description: str
    external_ref: str
    people: list[Person] = field(default_factory=list)
    amount_claimed: int | None = None
    arrears_from: date | None = None
    arrears_to: date | None = None
    desks: list[tuple[str, object]] = field(default_factory=list)  # (kind, rule or None)
    steps: dict[str, datetime] = field(default_factory=dict)  # step -> when
    procedure_events: list = field(default_factory=list)  # timeline.Event of the procedure
    filing_cancelled: bool = False  # withdrawn by the head's approved cancellation
    # The wage-arrears dimensions (`dimensions.DimensionWriter`).
    is_construction: bool = False
    mass_incident_risk: bool = False
    migrants: frozenset = frozenset()  # complainant ids of the migrant workers
    project_id: int | None = None


@dataclass(slots=True)
class Ending:
    """How the case ended (or nothing, while it is open), and the workers' payments."""

    not_accepted_reason: str = ""
    not_accepted_notice: str = ""
    merged_into: int | None = None
    merged_ticket: str = ""
    outcome: object = None  # an Outcome
    outcome_amount: Decimal | None = None
    followup_at: datetime | None = None
    followup_method: str = ""
    followup_result: str = ""
    satisfaction: str = ""
    payments: list[tuple[str, float, date]] = field(default_factory=list)  # name, share, day
    recovered: dict[int, float] = field(default_factory=dict)  # complainant id -> amount
