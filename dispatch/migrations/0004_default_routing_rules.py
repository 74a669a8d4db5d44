"""The routing rules a fresh installation starts with, and dispatch permissions per role.

Administrators edit the rules in the admin afterwards (routing rules are data: docs/architecture.md).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RULES = [
    # name, priority, category, channel, keywords, desks, is_default
    ("Wage arrears to labor inspection", 10, "wage_arrears", "", "", ["inspection"], False),
    ("Labor contract to labor inspection", 20, "labor_contract", "", "", ["inspection"], False),
    ("Social insurance to the social insurance desk", 30, "social_insurance", "", "",
     ["social_insurance"], False),
    ("Work injury to work injury and legal aid", 40, "work_injury", "", "",
     ["work_injury", "legal_aid"], False),
    ("Arbitration requests to arbitration", 50, "", "", "仲裁,arbitration", ["arbitration"],
     False),
    ("Legal aid requests to legal aid", 60, "", "", "法律援助,legal aid", ["legal_aid"], False),
    ("Everything else to labor inspection", 1000, "", "", "", ["inspection"], True),
]

ROLE_PERMISSIONS = {
    "administrator": [
        "add_desk", "change_desk", "view_desk",
        "add_routingrule", "change_routingrule", "view_routingrule",
        "add_holiday", "change_holiday", "delete_holiday", "view_holiday",
        "add_calendaryear", "view_calendaryear",
        "change_deadlinepolicy", "view_deadlinepolicy",
        "view_referral", "view_deadline", "view_notification",
    ],
    "supervisor": ["view_desk", "view_referral", "view_deadline", "view_deadlinepolicy"],
    "inspector": ["view_referral", "view_deadline", "view_deadlinepolicy"],
    "desk_officer": ["view_referral", "view_deadline", "view_deadlinepolicy"],
}


def seed(apps, schema_editor):
    RoutingRule = apps.get_model("dispatch", "RoutingRule")
    for name, priority, category, channel, keywords, desks, is_default in RULES:
        RoutingRule.objects.get_or_create(
            name=name,
            defaults={"priority": priority, "category": category, "channel": channel,
                      "keywords": keywords, "desks": desks, "is_default": is_default},
        )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="dispatch", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0003_routing_referrals_deadlines"),
        ("complaints", "0002_roles_and_outcomes"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
