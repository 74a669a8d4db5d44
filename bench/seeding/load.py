"""The bulk load: COPY in a second thread, plain indexes dropped and rebuilt, FK triggers
off and every foreign key then checked set-based, defaults for columns the seed does not
write."""

import queue
import threading

from psycopg import sql

from bench.seeding.rows import COLUMNS, LOAD_ORDER, copy_line, unwritten_defaults

CASE_TABLES = [  # truncated with what points to them
    "complaints_case",
    "complaints_employer",
    "complaints_project",
    "complaints_campaign",
    "complaints_consultation",
    "complaints_ticketcounter",
    "complaints_idempotencyrecord",
    "dispatch_notification",
]


def reset_case_data(cursor) -> None:
    cursor.execute(f"TRUNCATE {', '.join(CASE_TABLES)} RESTART IDENTITY CASCADE")


def copy_rows(cursor, table: str, lines: list[str], columns: list[str]) -> None:
    if not lines:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for start in range(0, len(lines), 20000):
            copy.write("".join(lines[start : start + 20000]))


def copy_table(cursor, rows: list) -> None:
    """COPY rows of one row class (`rows.table`)."""
    if rows:
        copy_rows(cursor, rows[0].TABLE, [copy_line(row) for row in rows], rows[0].COLUMNS)


class BackgroundCopier:
    """COPY in a second thread while the main thread generates the next batch.

    psycopg releases the GIL while PostgreSQL works, so generation (one core) and the
    server's COPY (the other core) overlap. Only this thread touches the cursor meanwhile.
    """

    def __init__(self, cursor):
        self.cursor = cursor
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while (batch := self.queue.get()) is not None:
            if self.error is None:
                try:
                    for table in LOAD_ORDER:
                        copy_rows(self.cursor, table, batch.get(table, []), COLUMNS[table])
                except BaseException as error:  # noqa: BLE001 - re-raised in the main thread
                    self.error = error

    def put(self, batch: dict) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(batch)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


class BulkLoad:
    """Prepares the case tables for a load (`start`), then restores them (`rebuild_indexes`,
    `finish`); all inside the seed's transaction."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.indexes: list[str] = []
        self.defaulted: list[tuple[str, str]] = []
        self.superuser = False

    def start(self) -> None:
        cursor = self.cursor
        # No per-row FK triggers (checked set-based in `finish`), and the plain indexes
        # built once at the end.
        self.superuser = cursor.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
        if self.superuser:  # otherwise the deferred FK checks run at commit: slower, same
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        self.indexes = self.drop_secondary_indexes()
        self.defaulted = self.default_unwritten_columns()

    def rebuild_indexes(self) -> None:
        for definition in self.indexes:
            self.cursor.execute(definition)

    def finish(self) -> None:
        for table, column in self.defaulted:
            self.cursor.execute(
                sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT").format(
                    sql.Identifier(table), sql.Identifier(column)
                )
            )
        self.check_foreign_keys()
        if self.superuser:
            self.cursor.execute("SET LOCAL session_replication_role = origin")

    def drop_secondary_indexes(self) -> list[str]:
        """Drop the loaded tables' plain indexes; returns their definitions."""
        self.cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [LOAD_ORDER],
        )
        rows = self.cursor.fetchall()
        for name, _definition in rows:
            self.cursor.execute(f"DROP INDEX {name}")
        return [definition for _name, definition in rows]

    def default_unwritten_columns(self) -> list[tuple[str, str]]:
        """Columns the seed does not write (added since) get their model default for the
        load: a NOT NULL column the seed does not know would fail the COPY. For this
        transaction only (`finish` drops them)."""
        changed = []
        for table in LOAD_ORDER:
            for column, default in unwritten_defaults(table, COLUMNS[table]):
                self.cursor.execute(
                    sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                        sql.Identifier(table), sql.Identifier(column), sql.Literal(default)
                    )
                )
                changed.append((table, column))
        return changed

    def check_foreign_keys(self) -> None:
        """The load ran without FK triggers: check every reference once, set-based."""
        self.cursor.execute(
            "SELECT conrelid::regclass::text, confrelid::regclass::text, a.attname "
            "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
            "AND a.attnum = c.conkey[1] WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])",
            [LOAD_ORDER],
        )
        for table, target, column in self.cursor.fetchall():
            self.cursor.execute(
                f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {target} r WHERE r.id = t.{column})"
            )
            missing = self.cursor.fetchone()[0]
            if missing:
                raise RuntimeError(f"seed bug: {missing} rows of {table}.{column} point nowhere")
