"""Roles as groups with their permissions, and the closed list of case outcomes.

Both are frozen copies here (migrations must not depend on code that changes later);
administrators extend outcomes and adjust permissions in the admin afterwards.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "window_staff": [
        "complaints.add_case",
        "complaints.view_case",
        "complaints.add_complainant",
        "complaints.view_complainant",
        "complaints.add_consultation",
        "complaints.view_consultation",
        "complaints.view_employer",
        "complaints.add_employer",
    ],
    "inspector": [
        "complaints.view_case",
        "complaints.view_complainant",
        "complaints.change_complainant",
        "complaints.view_employer",
        "complaints.change_employer",
        "complaints.view_consultation",
        "complaints.view_caseevent",
    ],
    "desk_officer": [
        "complaints.view_case",
        "complaints.view_complainant",
        "complaints.view_employer",
        "complaints.view_caseevent",
    ],
    "supervisor": [
        "complaints.view_case",
        "complaints.view_complainant",
        "complaints.view_employer",
        "complaints.view_consultation",
        "complaints.view_caseevent",
    ],
    "administrator": [
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "accounts.add_office",
        "accounts.change_office",
        "accounts.view_office",
        "complaints.add_outcome",
        "complaints.change_outcome",
        "complaints.view_outcome",
        "complaints.view_case",
        "complaints.view_caseevent",
    ],
}

# docs/statutory-time-limits.md "Outcomes": code, English, Chinese, needs an amount.
OUTCOMES = [
    ("paid_in_full", "Wages paid in full", "工资已全额支付", False),
    ("paid_in_part", "Wages paid in part", "工资部分支付", True),
    ("ordered_by_decision", "Ordered to pay by decision", "作出行政处理决定责令支付", False),
    ("penalty_imposed", "Penalty imposed", "作出行政处罚", False),
    ("transferred_to_police", "Transferred to police (refusal to pay wages)",
     "移送公安机关（拒不支付劳动报酬罪）", False),
    ("referred_to_arbitration_court", "Referred to arbitration or court", "引导仲裁或诉讼", False),
    ("not_accepted_time_limit", "Not accepted: out of time limit", "不予受理：超过时效", False),
    ("not_accepted_no_employer", "Not accepted: no identifiable employer",
     "不予受理：无明确用人单位", False),
    ("not_accepted_not_labor", "Not accepted: not a labor matter", "不予受理：不属于劳动保障事项",
     False),
    ("transferred_to_office", "Transferred to another office", "移交其他单位办理", False),
    ("withdrawn", "Withdrawn by the complainant", "投诉人撤回", False),
    ("merged", "Merged into another case", "并案处理", False),
]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, permissions in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def create_outcomes(apps, schema_editor):
    Outcome = apps.get_model("complaints", "Outcome")
    for order, (code, name_en, name_zh, requires_amount) in enumerate(OUTCOMES, start=1):
        Outcome.objects.update_or_create(
            code=code,
            defaults={"name_en": name_en, "name_zh": name_zh, "requires_amount": requires_amount,
                      "ordering": order * 10},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0001_initial"),
        ("complaints", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_outcomes, migrations.RunPython.noop),
    ]
