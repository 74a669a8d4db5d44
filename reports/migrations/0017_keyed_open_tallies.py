"""The open tallies keyed by the case's construction mark (reports/models.py
OpenCaseTally, OpenReferralTally): the triggers of 0008 are replaced by ones that write
the key too, and a trigger on complaints_case moves a case's open referrals from one key
to the other when its mark changes. The status lists are those of 0008 (tests/reports/
test_tallies.py checks them against the code's lists)."""

import importlib

from django.db import migrations, models

first = importlib.import_module("reports.migrations.0008_open_tallies")
CASE_OPEN, REFERRAL_OPEN = first.CASE_OPEN, first.REFERRAL_OPEN
CASE_CONSTRUCTION = (
    "COALESCE((SELECT is_construction FROM complaints_case WHERE id = {row}.case_id), false)"
)

TALLIES = [
    # (tally table, source table, {tally column: the source row's value}, open statuses)
    (
        "reports_opencasetally",
        "complaints_case",
        {
            "registering_office_id": "{row}.registering_office_id",
            "responsible_office_id": "{row}.responsible_office_id",
            "construction": "{row}.is_construction",
        },
        CASE_OPEN,
    ),
    (
        "reports_openreferraltally",
        "dispatch_referral",
        {
            "desk_id": "{row}.desk_id",
            "officer_id": "{row}.officer_id",
            "construction": CASE_CONSTRUCTION,
        },
        REFERRAL_OPEN,
    ),
]
# The source columns whose change may move a row to another key.
WATCHED = {
    "complaints_case": "status, registering_office_id, responsible_office_id, is_construction",
    "dispatch_referral": "status, desk_id, officer_id, case_id",
}


def _values(keys: dict, row: str) -> str:
    return ", ".join(value.format(row=row) for value in keys.values())


def _postgresql(tally, source, keys, open_statuses) -> list[str]:
    columns, old, new = ", ".join(keys), _values(keys, "OLD"), _values(keys, "NEW")
    function = f"{tally}_count"
    return [
        f"""
        CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            was_open boolean := false;
            is_open boolean := false;
        BEGIN
            IF TG_OP <> 'INSERT' THEN was_open := OLD.status IN {open_statuses}; END IF;
            IF TG_OP <> 'DELETE' THEN is_open := NEW.status IN {open_statuses}; END IF;
            IF was_open AND is_open THEN
                IF ROW({old}) IS NOT DISTINCT FROM ROW({new}) THEN RETURN NULL; END IF;
            END IF;
            IF was_open THEN
                INSERT INTO {tally} ({columns}, delta) SELECT {old}, -1;
            END IF;
            IF is_open THEN
                INSERT INTO {tally} ({columns}, delta) SELECT {new}, 1;
            END IF;
            RETURN NULL;
        END $$
        """,
        f"""
        CREATE TRIGGER {function} AFTER INSERT OR DELETE OR UPDATE OF {WATCHED[source]}
        ON {source} FOR EACH ROW EXECUTE FUNCTION {function}()
        """,
    ]


def _sqlite(tally, source, keys, open_statuses) -> list[str]:
    # No DELETE trigger on SQLite, as in 0008.
    columns, old, new = ", ".join(keys), _values(keys, "OLD"), _values(keys, "NEW")
    unchanged = " AND ".join(
        f"{value.format(row='OLD')} IS {value.format(row='NEW')}" for value in keys.values()
    )
    unchanged = f"OLD.status IN {open_statuses} AND NEW.status IN {open_statuses} AND {unchanged}"
    return [
        f"""
        CREATE TRIGGER {tally}_insert AFTER INSERT ON {source}
        WHEN NEW.status IN {open_statuses}
        BEGIN INSERT INTO {tally} ({columns}, delta) SELECT {new}, 1; END
        """,
        f"""
        CREATE TRIGGER {tally}_update AFTER UPDATE OF {WATCHED[source]} ON {source}
        WHEN NOT ({unchanged})
        BEGIN
            INSERT INTO {tally} ({columns}, delta)
                SELECT {old}, -1 WHERE OLD.status IN {open_statuses};
            INSERT INTO {tally} ({columns}, delta)
                SELECT {new}, 1 WHERE NEW.status IN {open_statuses};
        END
        """,
    ]


# A case's construction mark changed: its open referrals move to the other key.
MOVE_REFERRALS = f"""
    INSERT INTO reports_openreferraltally (desk_id, officer_id, construction, delta)
        SELECT desk_id, officer_id, OLD.is_construction, -1 FROM dispatch_referral
        WHERE case_id = NEW.id AND status IN {REFERRAL_OPEN};
    INSERT INTO reports_openreferraltally (desk_id, officer_id, construction, delta)
        SELECT desk_id, officer_id, NEW.is_construction, 1 FROM dispatch_referral
        WHERE case_id = NEW.id AND status IN {REFERRAL_OPEN};
"""
MOVE = "reports_openreferraltally_move"


def _move_postgresql() -> list[str]:
    return [
        f"""
        CREATE FUNCTION {MOVE}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.is_construction IS DISTINCT FROM NEW.is_construction THEN
                {MOVE_REFERRALS}
            END IF;
            RETURN NULL;
        END $$
        """,
        f"""
        CREATE TRIGGER {MOVE} AFTER UPDATE OF is_construction ON complaints_case
        FOR EACH ROW EXECUTE FUNCTION {MOVE}()
        """,
    ]


def _move_sqlite() -> list[str]:
    return [
        f"""
        CREATE TRIGGER {MOVE} AFTER UPDATE OF is_construction ON complaints_case
        WHEN OLD.is_construction IS NOT NEW.is_construction
        BEGIN {MOVE_REFERRALS} END
        """
    ]


def _count_existing(tally, source, keys, open_statuses) -> list[str]:
    columns, values = ", ".join(keys), _values(keys, source)
    return [
        f"DELETE FROM {tally}",
        f"INSERT INTO {tally} ({columns}, delta) SELECT {values}, COUNT(*) FROM {source} "
        f"WHERE status IN {open_statuses} GROUP BY {values}",
    ]


def _drop_keyed(schema_editor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    for tally, source, _keys, _statuses in TALLIES:
        if postgresql:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {tally}_count ON {source}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {tally}_count()")
        else:
            for suffix in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {tally}_{suffix}")
    if postgresql:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {MOVE} ON complaints_case")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {MOVE}()")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {MOVE}")


def drop_unkeyed(apps, schema_editor):
    """Before the tables change: SQLite remakes a table to add a column, which a trigger
    naming it would stop."""
    first.drop_triggers(apps, schema_editor)


def unkeyed_triggers(apps, schema_editor):
    for tally, *_rest in first.TALLIES:
        schema_editor.execute(f"DELETE FROM {tally}")
    first.create_triggers(apps, schema_editor)


def keyed_triggers(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    build = _postgresql if postgresql else _sqlite
    for tally in TALLIES:
        for statement in [*build(*tally), *_count_existing(*tally)]:
            schema_editor.execute(statement)
    for statement in _move_postgresql() if postgresql else _move_sqlite():
        schema_editor.execute(statement)


def drop_keyed(apps, schema_editor):
    _drop_keyed(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0016_summary_construction_key"),
    ]

    operations = [
        migrations.RunPython(drop_unkeyed, unkeyed_triggers),
        migrations.AddField(
            model_name="opencasetally",
            name="construction",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="openreferraltally",
            name="construction",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(keyed_triggers, drop_keyed),
    ]
