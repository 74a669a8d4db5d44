"""The chase records of every dated obligation share one shape (ReminderRecord,
EscalationRecord): a supervision reminder's `due` is named like a deadline reminder's.
A label only; the table is unchanged."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0012_seeded_texts_in_installation_language"),
    ]

    operations = [
        migrations.AlterField(
            model_name="supervisionreminder",
            name="due",
            field=models.DateField(verbose_name="for the due date"),
        ),
    ]
