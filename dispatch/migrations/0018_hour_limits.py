"""Time limits in hours, chased by the hour: the criminal transfer's 24 hours.

行政执法机关移送涉嫌犯罪案件的规定 (国务院令第310号) Art. 5: once the head approves the
transfer, the case goes to the police of the same level within 24 hours; Art. 8: the
police decide within 3 days of receiving it whether to file it (立案) and tell the
transferring body. A deadline in hours keeps its exact moment (`due_at`; `due` stays its
local date); an overdue one is escalated once per hour (`HourlyEscalation`), reminded once
a few hours before (`ReminderKind.HOURS_LEFT`). `criminal.answer` is the police's limit:
chased by the bureau, never counted late against it (`is_statutory=False`).

Frozen copy: migrations must not import code that changes later. The citations are
written as the installation's language writes them (0012).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

HOUR_POLICIES = [
    {
        "code": "criminal.transfer",
        "desk": "general",
        "name_en": "Transfer the case to the police after approval",
        "name_zh": "批准移送后移送同级公安机关",
        "limit": 24,
        "unit": "h",
        "counted_from": "transfer_approval",
        "basis_en": "国务院令310 Art. 5",
        "basis_zh": "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第五条",
        "is_extension": False,
        "is_statutory": True,
    },
    {
        "code": "criminal.answer",
        "desk": "general",
        "name_en": "The police decide whether to file the transferred case",
        "name_zh": "公安机关决定是否立案",
        "limit": 3,
        "unit": "d",
        "counted_from": "transfer",
        "basis_en": "国务院令310 Art. 8",
        "basis_zh": "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第八条",
        "is_extension": False,
        # The police's limit, not the bureau's: chased, never counted late against it.
        "is_statutory": False,
    },
]


def seed_policies(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    chinese = settings.LANGUAGE_CODE.lower().startswith("zh")
    for row in HOUR_POLICIES:
        defaults = {
            key: value for key, value in row.items() if key not in ("code", "basis_en", "basis_zh")
        }
        defaults["basis"] = row["basis_zh"] if chinese else row["basis_en"]
        DeadlinePolicy.objects.get_or_create(code=row["code"], defaults=defaults)


def unseed_policies(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    DeadlinePolicy.objects.filter(code__in=[row["code"] for row in HOUR_POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0017_order_itemised"),
    ]

    operations = [
        migrations.CreateModel(
            name="HourlyEscalation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("hour", models.DateTimeField(verbose_name="overdue hour")),
                ("created_at", models.DateTimeField(verbose_name="escalated at")),
            ],
            options={
                "verbose_name": "hourly escalation",
                "verbose_name_plural": "hourly escalations",
                "ordering": ["hour", "id"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="deadlinepolicy",
            name="deadline_policy_unit_valid",
        ),
        migrations.RemoveConstraint(
            model_name="reminder",
            name="reminder_kind_valid",
        ),
        migrations.RemoveConstraint(
            model_name="supervisionreminder",
            name="supervision_reminder_kind_valid",
        ),
        migrations.AddField(
            model_name="deadline",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="due at"),
        ),
        migrations.AlterField(
            model_name="deadlinepolicy",
            name="unit",
            field=models.CharField(
                choices=[("WD", "working days"), ("d", "calendar days"), ("h", "hours")],
                max_length=2,
                verbose_name="unit",
            ),
        ),
        migrations.AlterField(
            model_name="reminder",
            name="kind",
            field=models.CharField(
                choices=[
                    ("two_days_left", "Two working days left"),
                    ("due_today", "Due today"),
                    ("hours_left", "A few hours left"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="supervisionreminder",
            name="kind",
            field=models.CharField(
                choices=[
                    ("two_days_left", "Two working days left"),
                    ("due_today", "Due today"),
                    ("hours_left", "A few hours left"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="deadlinepolicy",
            constraint=models.CheckConstraint(
                condition=models.Q(("unit__in", ["WD", "d", "h"])),
                name="deadline_policy_unit_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["two_days_left", "due_today", "hours_left"])),
                name="reminder_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="supervisionreminder",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["two_days_left", "due_today", "hours_left"])),
                name="supervision_reminder_kind_valid",
            ),
        ),
        migrations.AddField(
            model_name="hourlyescalation",
            name="deadline",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="hourly_escalations",
                to="dispatch.deadline",
                verbose_name="deadline",
            ),
        ),
        migrations.AddConstraint(
            model_name="hourlyescalation",
            constraint=models.UniqueConstraint(
                fields=("deadline", "hour"), name="escalation_once_per_hour"
            ),
        ),
        migrations.RunPython(seed_policies, unseed_policies),
    ]
