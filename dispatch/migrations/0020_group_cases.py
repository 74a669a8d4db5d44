"""Group wage-arrears cases (群体性欠薪): the administrator's threshold (one row, 10 workers
by default), the record of each case declared one, and the report-upward period
`group.report`: 2 hours from the moment the case became a group case, counted in hours and
chased by the hour (0018). Not statutory: the wage-arrears rules ask that a group incident
be reported promptly (及时报告) and name no hours, so the 2 hours are the bureau's own
limit, chased but never counted late in the statistics (`is_statutory=False`).

Frozen copy: migrations must not import code that changes later. The basis is written in
the installation's language (0012).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

REPORT_POLICY = {
    "code": "group.report",
    "desk": "general",
    "name_en": "Report a group wage-arrears case upward",
    "name_zh": "群体性欠薪案件向上级报告",
    "limit": 2,
    "unit": "h",
    "counted_from": "group_case",
    "basis_en": "保障农民工工资支付条例: group incidents over wage arrears reported promptly "
    "(the 2 hours are the bureau's own limit)",
    "basis_zh": "《保障农民工工资支付条例》：因欠薪引发的群体性事件及时报告"
    "（2小时为本局时限，非法定）",
    "is_extension": False,
    "is_statutory": False,
}


def seed(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    GroupCaseSetting = apps.get_model("dispatch", "GroupCaseSetting")
    chinese = settings.LANGUAGE_CODE.lower().startswith("zh")
    row = REPORT_POLICY
    defaults = {
        key: value for key, value in row.items() if key not in ("code", "basis_en", "basis_zh")
    }
    defaults["basis"] = row["basis_zh"] if chinese else row["basis_en"]
    DeadlinePolicy.objects.get_or_create(code=row["code"], defaults=defaults)
    GroupCaseSetting.objects.get_or_create(pk=1, defaults={"worker_threshold": 10})


def unseed(apps, schema_editor):
    apps.get_model("dispatch", "GroupCaseSetting").objects.all().delete()
    apps.get_model("dispatch", "DeadlinePolicy").objects.filter(code=REPORT_POLICY["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0021_wage_arrears_dimensions"),
        ("dispatch", "0019_deadline_superseded"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="GroupCaseSetting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "worker_threshold",
                    models.PositiveSmallIntegerField(
                        default=10,
                        help_text=(
                            "A case with at least this many workers (the larger of the "
                            "complainants entered and the workers the complainant declared) is "
                            "a group case, as is a case flagged at intake with a risk of a mass "
                            "incident."
                        ),
                        verbose_name="workers that make a group case",
                    ),
                ),
            ],
            options={
                "verbose_name": "group case setting",
                "verbose_name_plural": "group case setting",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="group_case_setting_single_row"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("worker_threshold__gte", 2)),
                        name="group_case_setting_threshold_min",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="GroupCase",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("workers", "Number of workers"),
                            ("risk", "Risk of a mass incident"),
                        ],
                        max_length=10,
                        verbose_name="why",
                    ),
                ),
                ("workers", models.PositiveIntegerField(verbose_name="workers")),
                ("threshold", models.PositiveSmallIntegerField(verbose_name="threshold then")),
                ("declared_at", models.DateTimeField(verbose_name="declared at")),
                (
                    "reported_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="reported upward at"),
                ),
                (
                    "report_note",
                    models.TextField(blank=True, verbose_name="note on the report upward"),
                ),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="group_case",
                        to="complaints.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "deadline",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="group_case",
                        to="dispatch.deadline",
                        verbose_name="report-upward period",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reported upward by",
                    ),
                ),
            ],
            options={
                "verbose_name": "group case",
                "verbose_name_plural": "group cases",
                "ordering": ["-declared_at", "-id"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("reported_at__isnull", True)),
                        fields=["declared_at"],
                        name="group_case_unreported_idx",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("reason__in", ["workers", "risk"])),
                        name="group_case_reason_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("reported_at__isnull", True),
                            ("reported_by__isnull", False),
                            _connector="OR",
                        ),
                        name="group_case_report_has_author",
                    ),
                ],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
