"""On PostgreSQL the timeline is append-only in the database itself, not only in Python.

UPDATE and DELETE on complaints_caseevent raise; TRUNCATE (test teardown) is unaffected.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION complaints_caseevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'case events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER complaints_caseevent_append_only
    BEFORE UPDATE OR DELETE ON complaints_caseevent
    FOR EACH ROW EXECUTE FUNCTION complaints_caseevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS complaints_caseevent_append_only ON complaints_caseevent;
DROP FUNCTION IF EXISTS complaints_caseevent_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_roles_and_outcomes")]

    operations = [migrations.RunPython(forwards, backwards)]
