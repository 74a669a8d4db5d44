"""The intake floor: one 3-worker case in the registration's transaction shape, psycopg only.

The same rows as `complaints.services.case_register` writes for an API registration (the
year's ticket counter locked and incremented, the employer looked up by normalised name
and created, the case, three complainants, the "registered" event), in one transaction,
with none of Django's work around them. HTTP intake is reported as a ratio of this.
"""

import json
from datetime import UTC, datetime, timedelta

import psycopg

from complaints.normalization import normalize_employer_name

_ACCOUNT: dict = {}


def open_connection(url: str) -> psycopg.Connection:
    return psycopg.connect(url.replace("postgres://", "postgresql://", 1))


def _window(connection) -> tuple[int, int]:
    if "window" not in _ACCOUNT:
        row = connection.execute(
            "SELECT id, office_id FROM accounts_user WHERE username = 'window'"
        ).fetchone()
        connection.commit()
        _ACCOUNT["window"] = row
    return _ACCOUNT["window"]


CASE_COLUMNS = [
    "ticket",
    "channel",
    "external_ref",
    "category",
    "description",
    "site",
    "normalized_site",
    "contractor",
    "status",
    "routing_state",
    "routing_requested_at",
    "requested_desks",
    "office_fixed",
    "not_accepted_reason",
    "not_accepted_notice",
    "followup_method",
    "followup_result",
    "followup_satisfaction",
    "registered_at",
    "updated_at",
    "first_responder_id",
    "registering_office_id",
    "responsible_office_id",
    "employer_id",
]


def _case_defaults() -> tuple[str, list]:
    """NOT NULL case columns added since this was written, with their model defaults."""
    from complaints.models import Case

    extra = [
        (f.column, f.get_default())
        for f in Case._meta.concrete_fields
        if not f.null and not f.primary_key and f.column not in CASE_COLUMNS
    ]
    columns = "".join(f", {column}" for column, _value in extra)
    return columns, [json.dumps(v) if isinstance(v, list | dict) else v for _c, v in extra]


def insert_one_case(connection: psycopg.Connection, number: int, workers: int = 3) -> str:
    user_id, office_id = _window(connection)
    now = datetime.now(UTC)
    year = (now + timedelta(hours=8)).year
    name = f"宜昌底线{number}建筑工程有限公司"
    with connection.transaction():
        connection.execute(
            "INSERT INTO complaints_ticketcounter (prefix, year, last_number) VALUES "
            "('YC', %s, 0) ON CONFLICT DO NOTHING",
            [year],
        )
        counter_id, last = connection.execute(
            "SELECT id, last_number FROM complaints_ticketcounter WHERE prefix = 'YC' "
            "AND year = %s FOR UPDATE",
            [year],
        ).fetchone()
        connection.execute(
            "UPDATE complaints_ticketcounter SET last_number = %s WHERE id = %s",
            [last + 1, counter_id],
        )
        ticket = f"YC-{year}-{last + 1:06d}"
        normalized = normalize_employer_name(name)
        employer = connection.execute(
            "SELECT id FROM complaints_employer WHERE normalized_name = %s ORDER BY id LIMIT 1",
            [normalized],
        ).fetchone()
        if employer is None:
            employer = connection.execute(
                "INSERT INTO complaints_employer (name, normalized_name, credit_code, address, "
                "legal_representative, phone, created_at) VALUES (%s, %s, '', '', '', '', %s) "
                "RETURNING id",
                [name, normalized, now],
            ).fetchone()
        extra_columns, extra_values = _case_defaults()
        case_id = connection.execute(
            f"INSERT INTO complaints_case ({', '.join(CASE_COLUMNS)}{extra_columns}) VALUES "
            "(%s, 'walk_in', '', 'wage_arrears', %s, '', '', '', 'registered', 'routed', %s, "
            "'[]', false, '', '', '', '', '', %s, %s, %s, %s, %s, %s"
            + ", %s" * len(extra_values)
            + ") RETURNING id",
            [
                ticket,
                f"{workers}名工人反映{name}拖欠两个月工资。",
                now,
                now,
                now,
                user_id,
                office_id,
                office_id,
                employer[0],
                *extra_values,
            ],
        ).fetchone()[0]
        for index in range(workers):
            connection.execute(
                "INSERT INTO complaints_complainant (name, phone, id_number, sex, address, "
                "recovered_amount, is_representative, added_at, case_id) VALUES "
                "(%s, %s, '', '', '', 0, %s, %s, %s)",
                [
                    f"底线工人{index}",
                    f"137{(number * 10 + index) % 10**8:08d}",
                    index == 0,
                    now,
                    case_id,
                ],
            )
        connection.execute(
            "INSERT INTO complaints_caseevent (kind, created_at, payload, message, actor_id, "
            "case_id) VALUES ('registered', %s, %s, '', %s, %s)",
            [now, json.dumps({"channel": "walk_in", "complainants": workers}), user_id, case_id],
        )
    return ticket
