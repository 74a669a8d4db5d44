"""The two roles that approve an extension where the law names them: the head of the
labor-security administrative department (劳动保障监察条例 Art. 17) and the chair of the
arbitration committee (劳动争议调解仲裁法 Art. 43), as groups with the supervisor's view
permissions. Reversible: the groups are removed again.

Frozen copy: migrations must not import code that changes later.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_PERMISSIONS = [
    "complaints.view_case",
    "complaints.view_complainant",
    "complaints.view_employer",
    "complaints.view_consultation",
    "complaints.view_caseevent",
]
ROLE_PERMISSIONS = {
    "department_head": VIEW_PERMISSIONS,
    "arbitration_chair": VIEW_PERMISSIONS,
}


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


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0014_bureau_wording"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
    ]
