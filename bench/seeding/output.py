"""What the seed has generated: rows waiting for the next COPY, the ids handed out, counts."""

from dataclasses import dataclass, field

from bench.seeding.rows import copy_line


@dataclass
class SeedSummary:
    cases: int = 0
    complainants: int = 0
    employers: int = 0
    events: int = 0
    referrals: int = 0
    deadlines: int = 0
    open_deadlines: int = 0
    due_deadlines: int = 0
    payments: int = 0
    materials: int = 0
    consultations: int = 0
    procedure_cases: int = 0
    steps: int = 0
    documents: int = 0
    services: int = 0
    orders: int = 0
    projects: int = 0
    group_cases: int = 0
    advances: int = 0
    campaigns: int = 0
    showcase_tickets: list = field(default_factory=list)
    today: str = ""
    seed: int = 0
    seconds: dict = field(default_factory=dict)


class Output:
    """Per-table COPY lines of the batch being generated; ids are numbered per table."""

    def __init__(self):
        self.buffers: dict[str, list[str]] = {}
        self.last_ids: dict[str, int] = {}
        self.summary = SeedSummary()

    def new_id(self, row_class) -> int:
        return self.new_ids(row_class.TABLE, 1)

    def new_ids(self, table: str, count: int) -> int:
        """Hand out `count` ids of the table; returns the first."""
        first = self.last_ids.get(table, 0) + 1
        self.last_ids[table] = first + count - 1
        return first

    def lines(self, table: str) -> list[str]:
        return self.buffers.setdefault(table, [])

    def add(self, row) -> None:
        self.lines(row.TABLE).append(copy_line(row))

    def take(self) -> dict[str, list[str]]:
        """The batch so far, for the copier; the next one starts empty."""
        batch, self.buffers = self.buffers, {}
        return batch
