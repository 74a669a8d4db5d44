"""The late closings move from CaseMonth to ClosureMonth, so that closed, late and days
to close are read from one table (reports/measures.py CLOSINGS). The summary rebuilt
before has none in ClosureMonth: it is forgotten, and every figure is counted from the
cases until the next rebuild (beat, every 10 minutes; or manage.py rebuild_stats)."""

from django.db import migrations, models


def forget_the_summary(apps, schema_editor):
    apps.get_model("reports", "SummaryState").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0011_summary_settled_until"),
    ]

    operations = [
        migrations.AddField(
            model_name="closuremonth",
            name="closed_late",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RemoveField(model_name="casemonth", name="closed_late"),
        migrations.RunPython(forget_the_summary, migrations.RunPython.noop),
    ]
