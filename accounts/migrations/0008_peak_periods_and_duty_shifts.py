"""Peak periods and the duty roster (accounts/duty.py); the administrators manage the peak
periods in the admin and see the shifts there (the roster page writes them).

Frozen copy of the permissions: migrations must not import code that changes later.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ADMINISTRATOR_PERMISSIONS = [
    "add_peakperiod",
    "change_peakperiod",
    "delete_peakperiod",
    "view_peakperiod",
    "view_dutyshift",
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name="administrator")
    Permission = apps.get_model("auth", "Permission")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accounts", codename__in=ADMINISTRATOR_PERMISSIONS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_document_kinds_procedure"),
    ]

    operations = [
        migrations.CreateModel(
            name="DutyShift",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_at", models.DateTimeField(verbose_name="starts at")),
                ("ends_at", models.DateTimeField(verbose_name="ends at")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="duty_shifts",
                        to="accounts.office",
                        verbose_name="office",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="officer on duty",
                    ),
                ),
            ],
            options={
                "verbose_name": "duty shift",
                "verbose_name_plural": "duty shifts",
                "ordering": ["starts_at", "id"],
                "indexes": [
                    models.Index(fields=["office", "ends_at"], name="duty_shift_office_end")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))),
                        name="duty_shift_ends_after_start",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PeakPeriod",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("starts_on", models.DateField(verbose_name="first day")),
                ("ends_on", models.DateField(verbose_name="last day")),
                (
                    "hotline_around_the_clock",
                    models.BooleanField(
                        default=True,
                        help_text="The hotline is answered at every hour of these days by the officer on duty.",
                        verbose_name="24-hour hotline",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="peak_periods",
                        to="accounts.office",
                        verbose_name="office",
                    ),
                ),
            ],
            options={
                "verbose_name": "peak period",
                "verbose_name_plural": "peak periods",
                "ordering": ["starts_on", "id"],
                "indexes": [
                    models.Index(fields=["office", "ends_on"], name="peak_period_office_end")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                        name="peak_period_ends_after_start",
                    )
                ],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
