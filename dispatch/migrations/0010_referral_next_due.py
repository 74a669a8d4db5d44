"""The next due date stored on each referral (issue #8), filled from the open deadlines.

The backfill is set-based: on PostgreSQL one UPDATE from the first open deadline of each
referral (DISTINCT ON), elsewhere one UPDATE with correlated subqueries. The index comes
in the next migration, built after the backfill (and after its deferred foreign-key
checks have run at this migration's commit).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BACKFILL_POSTGRESQL = """
UPDATE dispatch_referral AS referral
SET next_deadline_id = first.id, next_due = first.due
FROM (
    SELECT DISTINCT ON (referral_id) referral_id, id, due
    FROM dispatch_deadline
    WHERE closed_at IS NULL
    ORDER BY referral_id, due, id
) AS first
WHERE referral.id = first.referral_id
"""


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKFILL_POSTGRESQL)
        # Statistics for the new column now, not at autovacuum's leisure: the page's plan
        # depends on how many referrals are due before a date.
        schema_editor.execute("ANALYZE dispatch_referral")
        return
    Deadline = apps.get_model("dispatch", "Deadline")
    Referral = apps.get_model("dispatch", "Referral")
    first = Deadline.objects.filter(
        referral=models.OuterRef("pk"), closed_at__isnull=True
    ).order_by("due", "id")
    Referral.objects.filter(
        models.Exists(
            Deadline.objects.filter(referral=models.OuterRef("pk"), closed_at__isnull=True)
        )
    ).update(
        next_deadline=models.Subquery(first.values("pk")[:1]),
        next_due=models.Subquery(first.values("due")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_routing_failed"),
        ("dispatch", "0009_referral_officer_latest_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="next_deadline",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="dispatch.deadline",
                verbose_name="next deadline",
            ),
        ),
        migrations.AddField(
            model_name="referral",
            name="next_due",
            field=models.DateField(blank=True, null=True, verbose_name="next due"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
