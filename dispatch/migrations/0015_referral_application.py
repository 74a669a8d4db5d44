"""A referral to arbitration, work injury or legal aid starts as helping the worker apply.

Those desks count their statutory limit from the receipt of their own application
(劳动争议调解仲裁法 Art. 29, 工伤认定办法 Art. 8, 法律援助法 Art. 43), which the referral now
records (`application_received_on`, who recorded it, the materials ticked off the desk's
checklist). Seeded here:

- three service reminders (`arbitration.apply`, `injury.apply`, `legal_aid.apply`): the
  bureau's own standard for helping the worker apply, not a statutory limit; 5 working days
  is a placeholder the bureau sets in the admin (docs/statutory-time-limits.md);
- each desk's checklist of application materials (`ApplicationMaterial`);
- on the referrals made before this change, whose statutory clock already runs from the
  registration (or the referral by hand), that clock's start as the day the application
  was received, so they keep working as before (the desk may accept them).

Also the approver roles' choices, which gained the head of the inspection body.
Reversible: the reminders' clocks and chase records, the rows and the columns go.

Frozen copies: migrations must not import code that changes later.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APPLY_LIMIT, APPLY_UNIT = 5, "WD"  # a placeholder: the bureau's own service standard
BASIS_EN = "The bureau's own service standard (not statutory; set by the bureau)"
BASIS_ZH = "本局服务标准（非法定时限，由本局设定）"
# code, desk, step (English), step (Chinese)
APPLY_POLICIES = [
    ("arbitration.apply", "arbitration",
     "Help the worker apply for arbitration (service standard)",
     "协助劳动者提出劳动争议仲裁申请（服务标准）"),
    ("injury.apply", "work_injury",
     "Help the worker apply for work-injury recognition (service standard)",
     "协助职工提出工伤认定申请（服务标准）"),
    ("legal_aid.apply", "legal_aid",
     "Help the worker apply for legal aid (service standard)",
     "协助劳动者提出法律援助申请（服务标准）"),
]  # fmt: skip
# The desks' statutory first steps, counted from the receipt of the application.
ACCEPT_CODES = {
    "arbitration": "arbitration.accept",
    "work_injury": "injury.accept",
    "legal_aid": "legal_aid.decide",
}
# desk: [(English, Chinese)], in the checklist's order.
MATERIALS = {
    # 劳动争议调解仲裁法 Art. 28: a written application, with copies by the number of respondents.
    "arbitration": [
        ("Arbitration application, with a copy for each respondent",
         "仲裁申请书（按被申请人人数提交副本）"),
        ("ID of the applicant", "申请人身份证明"),
        ("Proof of the employment relationship (contract, pay slips, work card…)",
         "劳动关系证明材料（劳动合同、工资条、工作证等）"),
        ("List of evidence", "证据清单"),
    ],
    # 工伤认定办法 Art. 6.
    "work_injury": [
        ("Work-injury recognition application form", "工伤认定申请表"),
        ("Labor contract or other proof of the employment relationship",
         "劳动合同文本复印件或其他建立劳动关系的有效证明"),
        ("Medical diagnosis, or occupational disease diagnosis certificate",
         "医疗诊断证明或职业病诊断证明书（或职业病诊断鉴定书）"),
        ("ID of the injured worker", "受伤害职工的居民身份证"),
    ],
    # 法律援助法 Art. 41, 42.
    "legal_aid": [
        ("Legal aid application form", "法律援助申请表"),
        ("ID of the applicant", "申请人身份证明"),
        ("Proof of the matter (documents on the pay or injury claim)",
         "与所申请法律援助事项有关的材料"),
        ("Statement of financial hardship (not needed for a migrant worker claiming pay or "
         "work-injury compensation: 法律援助法 Art. 42 (3))",
         "经济困难状况说明（农民工请求支付劳动报酬或者工伤赔偿的免予核查，"
         "《法律援助法》第四十二条第（三）项）"),
    ],
}  # fmt: skip


def _chinese_installation() -> bool:
    return settings.LANGUAGE_CODE.lower().startswith("zh")


def seed(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    ApplicationMaterial = apps.get_model("dispatch", "ApplicationMaterial")
    basis = BASIS_ZH if _chinese_installation() else BASIS_EN
    for code, desk, name_en, name_zh in APPLY_POLICIES:
        DeadlinePolicy.objects.get_or_create(
            code=code,
            defaults={
                "desk": desk, "name_en": name_en, "name_zh": name_zh, "limit": APPLY_LIMIT,
                "unit": APPLY_UNIT, "counted_from": "referral", "basis": basis,
            },
        )  # fmt: skip
    for desk, items in MATERIALS.items():
        for ordering, (name_en, name_zh) in enumerate(items, start=1):
            ApplicationMaterial.objects.get_or_create(
                desk=desk, name_en=name_en, defaults={"name_zh": name_zh, "ordering": ordering * 10}
            )


def backfill_received(apps, schema_editor):
    """Referrals made before: their running statutory clock started on the day it counts from."""
    Referral = apps.get_model("dispatch", "Referral")
    Deadline = apps.get_model("dispatch", "Deadline")
    for desk, code in ACCEPT_CODES.items():
        first = Deadline.objects.filter(referral=models.OuterRef("pk"), policy__code=code)
        Referral.objects.filter(desk__kind=desk, application_received_on__isnull=True).filter(
            models.Exists(first)
        ).update(
            application_received_on=models.Subquery(first.order_by("start").values("start")[:1])
        )


def unseed(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    Deadline = apps.get_model("dispatch", "Deadline")
    Referral = apps.get_model("dispatch", "Referral")
    codes = [row[0] for row in APPLY_POLICIES]
    reminders = Deadline.objects.filter(policy__code__in=codes)
    for name in ("Reminder", "Escalation", "ExtensionRequest"):
        apps.get_model("dispatch", name).objects.filter(deadline__in=reminders).delete()
    Referral.objects.filter(next_deadline__in=reminders).update(next_deadline=None, next_due=None)
    reminders.delete()
    DeadlinePolicy.objects.filter(code__in=codes).delete()
    # The checklists go with their table.


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0014_policy_approver_role"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApplicationMaterial",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "desk",
                    models.CharField(
                        choices=[
                            ("inspection", "Labor inspection"),
                            ("arbitration", "Labor arbitration"),
                            ("work_injury", "Work injury"),
                            ("social_insurance", "Social insurance"),
                            ("legal_aid", "Legal aid"),
                        ],
                        max_length=20,
                        verbose_name="desk",
                    ),
                ),
                ("name_en", models.CharField(max_length=200, verbose_name="material (English)")),
                ("name_zh", models.CharField(max_length=200, verbose_name="material (Chinese)")),
                ("ordering", models.PositiveSmallIntegerField(default=100, verbose_name="order")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
            ],
            options={
                "verbose_name": "application material",
                "verbose_name_plural": "application materials",
                "ordering": ["desk", "ordering", "id"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="deadlinepolicy",
            name="deadline_policy_approver_role_valid",
        ),
        migrations.AddField(
            model_name="referral",
            name="application_received_on",
            field=models.DateField(blank=True, null=True, verbose_name="application received on"),
        ),
        migrations.AddField(
            model_name="referral",
            name="application_recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="application recorded by",
            ),
        ),
        migrations.AlterField(
            model_name="deadlinepolicy",
            name="approver_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("window_staff", "Window staff"),
                    ("inspector", "Inspector"),
                    ("desk_officer", "Desk officer"),
                    ("supervisor", "Supervisor"),
                    ("inspection_head", "Head of the inspection body"),
                    ("department_head", "Head of department"),
                    ("arbitration_chair", "Arbitration committee chair"),
                    ("administrator", "Administrator"),
                ],
                help_text=(
                    "On an extension: the role that approves extending the step; "
                    "blank means a supervisor."
                ),
                max_length=30,
                verbose_name="approved by",
            ),
        ),
        migrations.AddConstraint(
            model_name="deadlinepolicy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "approver_role__in",
                        [
                            "",
                            "window_staff",
                            "inspector",
                            "desk_officer",
                            "supervisor",
                            "inspection_head",
                            "department_head",
                            "arbitration_chair",
                            "administrator",
                        ],
                    )
                ),
                name="deadline_policy_approver_role_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="applicationmaterial",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "desk__in",
                        [
                            "inspection",
                            "arbitration",
                            "work_injury",
                            "social_insurance",
                            "legal_aid",
                        ],
                    )
                ),
                name="application_material_desk_valid",
            ),
        ),
        migrations.AddField(
            model_name="referral",
            name="application_materials",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to="dispatch.applicationmaterial",
                verbose_name="materials received",
            ),
        ),
        migrations.RunPython(seed, unseed),
        # Back: the column goes with the field.
        migrations.RunPython(backfill_received, migrations.RunPython.noop),
    ]
