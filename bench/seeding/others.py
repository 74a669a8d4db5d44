"""The rows around the cases: employers, consultations, the ticket counters, sequences."""

from datetime import timedelta

from django.conf import settings

from bench.seeding.dates import HISTORY_DAYS, registration_moments
from bench.seeding.dimensions import industry_of
from bench.seeding.load import copy_table
from bench.seeding.rows import LOAD_ORDER, ConsultationRow, EmployerRow, ProjectRow
from dispatch import demo_data as demo


def write_employers(cursor, pools, now, rng) -> int:
    """The employers, most with their industry (GB/T 4754 section) read from the name."""
    created = now - timedelta(days=HISTORY_DAYS + 1)
    rows = [
        EmployerRow(
            id=index,
            name=employer["name"],
            normalized_name=employer["normalized"],
            credit_code=employer["credit_code"],
            address=employer["address"],
            legal_representative=employer["legal"],
            phone=employer["phone"],
            industry=industry_of(employer["name"], rng),
            created_at=created,
        )
        for index, employer in enumerate(pools.employers, start=1)
    ]
    copy_table(cursor, rows)
    return len(rows)


def write_consultations(cursor, ctx, rng, n, now) -> int:
    staff = [ctx.users[name] for name in ("window", "window", "window2", "inspector2")]
    rows = []
    for index, moment in enumerate(registration_moments(rng, n, now), start=1):
        fields = demo.consultation_fields(rng)
        user = rng.choice(staff)
        rows.append(
            ConsultationRow(
                id=index,
                topic=fields["topic"],
                category=fields["category"],
                channel=fields["channel"],
                answer=fields["answer"],
                contact_name=fields["contact_name"],
                contact_phone=fields["contact_phone"],
                created_at=moment,
                answered_by_id=user.pk,
                office_id=user.office_id,
            )
        )
    copy_table(cursor, rows)
    return len(rows)


def finish_counters_and_sequences(cursor, counters: dict) -> None:
    """Each year's counter at its last seeded number, so intake continues without
    collision; each table's id sequence after its last row."""
    for year, last in counters.items():
        cursor.execute(
            "INSERT INTO complaints_ticketcounter (prefix, year, last_number) VALUES (%s, %s, %s)",
            [settings.TICKET_PREFIX, year, last],
        )
    for table in [*LOAD_ORDER, EmployerRow.TABLE, ConsultationRow.TABLE, ProjectRow.TABLE]:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        )
