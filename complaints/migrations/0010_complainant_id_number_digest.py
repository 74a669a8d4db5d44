"""The keyed digest of each complainant's ID number, for the search (complaints/pii.py).

The column is added with a database default (no table rewrite on PostgreSQL), filled in
batches of 10,000 rows with one set-based UPDATE each, and indexed afterwards (one index
build instead of maintaining it through every update). Only rows with an ID number are
read and indexed. The digest uses the live key and function on purpose: it must match
what the running code computes.
"""

from django.db import migrations, models


def fill_digests(apps, schema_editor):
    from complaints.pii import refresh_id_number_digests

    refresh_id_number_digests(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_routing_failed"),
    ]

    operations = [
        migrations.AddField(
            model_name="complainant",
            name="id_number_digest",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                editable=False,
                max_length=64,
                verbose_name="ID number digest",
            ),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="complainant",
            index=models.Index(
                condition=models.Q(("id_number_digest", ""), _negated=True),
                fields=["id_number_digest"],
                name="complainant_id_digest_idx",
            ),
        ),
    ]
