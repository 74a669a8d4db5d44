"""Acceptance decisions approved per month, office pair and ground (reports/measures.py
DECIDED). The summary rebuilt before has no rows of them: it is forgotten, and every
figure is counted from the rows until the next rebuild (beat, every 10 minutes; or
manage.py rebuild_stats).

The live part of the figure (today, a partial month at either end of a period) counts the
decisions approved in a few days: a partial index on `decided_at` of the approved ones
makes that a range scan, not a scan of every decision (as referral_created_at_idx, 0007;
plain SQL, the same on PostgreSQL and SQLite)."""

import django.db.models.deletion
from django.db import migrations, models


def forget_the_summary(apps, schema_editor):
    apps.get_model("reports", "SummaryState").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_office_legal_identity"),
        ("reports", "0012_late_closings_by_days_to_close"),
        ("complaints", "0016_acceptance_decision"),
    ]

    operations = [
        migrations.CreateModel(
            name="DecisionMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("ground", models.CharField(max_length=20)),
                ("decided", models.PositiveIntegerField()),
                ("decided_late", models.PositiveIntegerField(default=0)),
                (
                    "registering_office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.office",
                    ),
                ),
                (
                    "responsible_office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.office",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "registering_office", "responsible_office", "ground"),
                        name="decisionmonth_unique",
                    )
                ],
            },
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS decision_approved_at_idx "
            "ON complaints_acceptancedecision (decided_at) WHERE status = 'approved'",
            "DROP INDEX IF EXISTS decision_approved_at_idx",
        ),
        migrations.RunPython(forget_the_summary, migrations.RunPython.noop),
    ]
