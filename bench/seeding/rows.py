"""One dataclass per table the seed writes: its columns by name, in COPY's text format.

Values are written with `str` (a datetime as `isoformat(" ")`, a date as ISO), None as
COPY's NULL and booleans as t/f; texts must need no escaping (`words.check_copy_safe`).
The case events, ten or more per case, are written by `timeline.TimelineWriter` straight
into lines in the order of `EVENT_COLUMNS`. JSON columns are written with `copy_json`.
"""

import json
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter

NULL = "\\N"


def table(name: str):
    """Make the class a row of table `name`: a keyword-only dataclass whose fields are the
    table's columns (`COLUMNS`), in the order they are copied."""

    def register(cls):
        row = dataclass(kw_only=True, slots=True)(cls)
        row.TABLE = name
        row.COLUMNS = [field.name for field in fields(row)]
        row.VALUES = attrgetter(*row.COLUMNS)
        return row

    return register


def copy_line(row) -> str:
    """The row as a line of COPY's text format (the conversions inline: a million rows)."""
    values = [
        NULL if value is None else str(value) if value.__class__ is not bool else "tf"[not value]
        for value in row.VALUES(row)
    ]
    return "\t".join(values) + "\n"


@table("complaints_case")
class CaseRow:
    id: int | None
    ticket: str
    channel: str
    external_ref: str = ""
    category: str
    description: str
    site: str = ""
    normalized_site: str = ""
    contractor: str = ""
    is_construction: bool = False
    mass_incident_risk: bool = False
    workers_affected: int | None = None
    amount_claimed: int | None = None
    arrears_from: date | None = None
    arrears_to: date | None = None
    status: str
    routing_state: str = "routed"
    routing_requested_at: datetime
    requested_desks: str = "[]"
    office_fixed: bool = False
    not_accepted_reason: str = ""
    not_accepted_notice: str = ""
    outcome_amount: Decimal | None = None
    followup_at: datetime | None = None
    followup_method: str = ""
    followup_result: str = ""
    followup_satisfaction: str = ""
    registered_at: datetime
    updated_at: datetime
    accepted_at: datetime | None = None
    closed_at: datetime | None = None
    first_responder_id: int
    merged_into_id: int | None = None
    registering_office_id: int
    responsible_office_id: int
    employer_id: int | None = None
    outcome_id: int | None = None
    project_id: int | None = None


@table("complaints_complainant")
class ComplainantRow:
    id: int
    name: str
    phone: str
    id_number: str
    sex: str
    address: str
    owed_amount: int | None
    recovered_amount: str
    is_representative: bool
    is_migrant_worker: bool = False
    added_at: datetime
    case_id: int
    id_number_digest: str


@table("complaints_missingmaterial")
class MaterialRow:
    id: int
    kind: str
    note: str = ""
    collected_at: datetime | None
    case_id: int
    collected_by_id: int | None


EVENT_TABLE = "complaints_caseevent"
EVENT_COLUMNS = ["id", "kind", "created_at", "payload", "message", "actor_id", "case_id"]


@table("dispatch_referral")
class ReferralRow:
    id: int
    status: str
    reason: str
    return_reason: str = ""
    created_at: datetime
    closed_at: datetime | None
    case_id: int
    desk_id: int
    officer_id: int
    rule_id: int | None
    next_due: date | None
    next_deadline_id: int | None


@table("dispatch_deadline")
class DeadlineRow:
    id: int
    start: date
    due: date
    provisional: bool = False
    created_at: datetime
    paused_on: date | None = None
    pause_reason: str = ""
    original_due: date | None = None
    extension_reason: str = ""
    overdue_at: datetime | None
    closed_at: datetime | None = None
    closed_reason: str = ""
    extended_by_id: int | None = None
    policy_id: int
    referral_id: int
    due_at: datetime | None = None  # a limit in hours (criminal.transfer)


@table("complaints_wagepayment")
class PaymentRow:
    id: int
    amount: str
    paid_on: date
    note: str = ""
    recorded_at: datetime
    complainant_id: int
    recorded_by_id: int


@table("complaints_employer")
class EmployerRow:
    id: int
    name: str
    normalized_name: str
    credit_code: str
    address: str
    legal_representative: str
    phone: str
    industry: str = ""
    created_at: datetime


@table("complaints_consultation")
class ConsultationRow:
    id: int
    topic: str
    category: str
    channel: str
    answer: str
    contact_name: str
    contact_phone: str
    created_at: datetime
    answered_by_id: int
    office_id: int


@table("complaints_issueddocument")
class DocumentRow:
    id: int
    kind: str
    number: str = ""
    title: str
    content: str  # JSON, COPY-escaped (`copy_json`)
    content_hash: str
    issued_at: datetime
    case_id: int
    corrects_id: int | None = None
    issued_by_id: int
    office_id: int


@table("complaints_documentoutput")
class OutputRow:
    id: int
    format: str
    is_copy: bool
    made_at: datetime
    made_by_id: int
    document_id: int


@table("inspection_step")
class StepRow:
    id: int
    kind: str
    status: str
    amount: Decimal | None = None
    rate: int | None = None
    compensation: Decimal | None = None
    outcome: str = ""
    details: str = "{}"  # JSON, COPY-escaped (`copy_json`)
    created_at: datetime
    decided_at: datetime | None = None
    decision_note: str = ""
    case_id: int
    created_by_id: int
    decided_by_id: int | None = None
    document_id: int | None = None
    follows_id: int | None = None
    order_id: int | None = None
    referral_id: int | None


@table("inspection_step_inspectors")
class StepInspectorRow:
    id: int
    step_id: int
    user_id: int


@table("inspection_service")
class ServiceRow:
    id: int
    method: str
    served_on: date
    recipient: str
    place: str
    note: str = ""
    recorded_at: datetime
    document_id: int
    proof_id: int | None = None
    proof_document_id: int | None
    recorded_by_id: int


@table("dispatch_rectificationorder")
class OrderRow:
    id: int
    number: str
    findings: str
    amount_found: Decimal
    workers_concerned: int
    amount_ordered: Decimal
    pay_by: date
    issued_at: datetime
    complied_at: datetime | None
    case_id: int
    complied_by_id: int | None
    deadline_id: int | None
    issued_by_id: int
    referral_id: int
    addressee_credit_code: str = ""
    addressee_name: str = ""
    addressee_role: str = "employer"


@table("dispatch_rectificationorder_inspectors")
class OrderInspectorRow:
    id: int
    rectificationorder_id: int
    user_id: int


@table("dispatch_orderline")
class OrderLineRow:
    id: int
    amount: Decimal
    complainant_id: int
    order_id: int


@table("complaints_project")
class ProjectRow:
    id: int
    name: str
    normalized_name: str
    location: str
    code: str = ""
    created_at: datetime


@table("complaints_caseparty")
class CasePartyRow:
    id: int
    role: str
    person_name: str = ""
    person_phone: str = ""
    case_id: int
    employer_id: int | None = None


@table("complaints_caseviolation")
class CaseViolationRow:
    id: int
    complained: bool
    found: bool
    found_at: datetime | None = None
    case_id: int
    found_by_id: int | None = None
    category_id: int


@table("complaints_advancepayment")
class AdvanceRow:
    id: int
    source: str
    amount: str
    paid_on: date
    note: str = ""
    recorded_at: datetime
    approved_by_id: int
    complainant_id: int
    recorded_by_id: int


@table("complaints_advancerecovery")
class RecoveryRow:
    id: int
    amount: str
    recovered_on: date
    note: str = ""
    recorded_at: datetime
    case_id: int
    recorded_by_id: int


@table("dispatch_groupcase")
class GroupCaseRow:
    id: int
    reason: str
    workers: int
    threshold: int
    declared_at: datetime
    reported_at: datetime | None = None
    report_note: str = ""
    case_id: int
    deadline_id: int | None = None
    reported_by_id: int | None = None


def copy_json(data) -> str:
    """JSON for a jsonb column in COPY's text format: its backslashes (JSON's escapes)
    doubled, as COPY reads a backslash as its own escape."""
    return json.dumps(data, ensure_ascii=False).replace("\\", "\\\\")


# The tables of the cases, in the order each batch is copied; their columns by table.
CASE_ROWS = [
    CaseRow,
    ComplainantRow,
    MaterialRow,
    None,
    ReferralRow,
    DeadlineRow,
    PaymentRow,
    DocumentRow,
    OutputRow,
    OrderRow,
    OrderInspectorRow,
    OrderLineRow,
    StepRow,
    StepInspectorRow,
    ServiceRow,
    CasePartyRow,
    CaseViolationRow,
    AdvanceRow,
    RecoveryRow,
    GroupCaseRow,
]
LOAD_ORDER = [row.TABLE if row else EVENT_TABLE for row in CASE_ROWS]
COLUMNS = {row.TABLE: row.COLUMNS for row in CASE_ROWS if row} | {EVENT_TABLE: EVENT_COLUMNS}


def unwritten_defaults(table_name: str, written: list[str]) -> list[tuple[str, object]]:
    """(column, default) of the table's NOT NULL columns a writer does not know (added to
    its model since): Django keeps defaults in Python, so the row must carry them (a list
    or dict default as JSON text)."""
    from django.apps import apps

    models = apps.get_models(include_auto_created=True)
    model = next(m for m in models if m._meta.db_table == table_name)
    defaults = []
    for field in model._meta.concrete_fields:
        if not field.null and not field.primary_key and field.column not in written:
            value = field.get_default()
            defaults.append(
                (field.column, json.dumps(value) if isinstance(value, list | dict) else value)
            )
    return defaults
