"""The intake floor: one 3-worker case in the registration's transaction shape, psycopg only.

The same rows as `complaints.services.case_register` writes for an API registration (the
year's ticket counter locked and incremented, the employer looked up by normalised name
and created, the case, three complainants, the "registered" event), in one transaction,
with none of Django's work around them. HTTP intake is reported as a ratio of this.
"""

import functools
import json
from datetime import UTC, datetime, timedelta

import psycopg
from django.conf import settings

from bench.seeding.rows import CaseRow, unwritten_defaults
from complaints.models import TicketCounter
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


def insert_one_case(connection: psycopg.Connection, number: int, workers: int = 3) -> str:
    user_id, office_id = _window(connection)
    now = datetime.now(UTC)
    name = f"宜昌底线{number}建筑工程有限公司"
    with connection.transaction():
        ticket = _take_ticket(connection, (now + timedelta(hours=8)).year)
        case = CaseRow(
            id=None,
            ticket=ticket,
            channel="walk_in",
            category="wage_arrears",
            description=f"{workers}名工人反映{name}拖欠两个月工资。",
            status="registered",
            routing_requested_at=now,
            registered_at=now,
            updated_at=now,
            first_responder_id=user_id,
            registering_office_id=office_id,
            responsible_office_id=office_id,
            employer_id=_employer(connection, name, now),
        )
        case_id = _insert_case(connection, case)
        for index in range(workers):
            connection.execute(
                "INSERT INTO complaints_complainant (name, phone, id_number, sex, address, "
                "recovered_amount, is_representative, is_migrant_worker, added_at, case_id) "
                "VALUES (%s, %s, '', '', '', 0, %s, true, %s, %s)",
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


def _take_ticket(connection, year: int) -> str:
    """The year's counter locked and incremented, as intake does."""
    prefix = settings.TICKET_PREFIX
    connection.execute(
        "INSERT INTO complaints_ticketcounter (prefix, year, last_number) VALUES "
        "(%s, %s, 0) ON CONFLICT DO NOTHING",
        [prefix, year],
    )
    counter_id, last = connection.execute(
        "SELECT id, last_number FROM complaints_ticketcounter WHERE prefix = %s "
        "AND year = %s FOR UPDATE",
        [prefix, year],
    ).fetchone()
    connection.execute(
        "UPDATE complaints_ticketcounter SET last_number = %s WHERE id = %s",
        [last + 1, counter_id],
    )
    return TicketCounter.format_ticket(prefix, year, last + 1)


def _employer(connection, name: str, now: datetime) -> int:
    """The employer of that normalised name, created if missing."""
    normalized = normalize_employer_name(name)
    employer = connection.execute(
        "SELECT id FROM complaints_employer WHERE normalized_name = %s ORDER BY id LIMIT 1",
        [normalized],
    ).fetchone()
    if employer is None:
        employer = connection.execute(
            "INSERT INTO complaints_employer (name, normalized_name, credit_code, address, "
            "legal_representative, phone, industry, created_at) "
            "VALUES (%s, %s, '', '', '', '', '', %s) RETURNING id",
            [name, normalized, now],
        ).fetchone()
    return employer[0]


@functools.cache
def _case_insert() -> tuple[str, list[str], list]:
    """The case INSERT: the seed's case columns (bench/seeding/rows.py) less the id, and the
    NOT NULL ones added since with their model defaults."""
    columns = [column for column in CaseRow.COLUMNS if column != "id"]
    defaults = unwritten_defaults(CaseRow.TABLE, CaseRow.COLUMNS)
    names = [*columns, *(column for column, _value in defaults)]
    statement = (
        f"INSERT INTO {CaseRow.TABLE} ({', '.join(names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))}) RETURNING id"
    )
    return statement, columns, [value for _column, value in defaults]


def _insert_case(connection, case: CaseRow) -> int:
    statement, columns, defaults = _case_insert()
    values = [getattr(case, column) for column in columns]
    return connection.execute(statement, [*values, *defaults]).fetchone()[0]
