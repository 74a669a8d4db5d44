"""The administrator extends the violation categories and sets up campaigns in the admin,
and reads the projects, parties and advance payments there (never changes them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copy: migrations must not import code that changes later.
ADMINISTRATOR_PERMISSIONS = [
    "add_violationcategory",
    "change_violationcategory",
    "view_violationcategory",
    "add_campaign",
    "change_campaign",
    "view_campaign",
    "view_project",
    "view_caseparty",
    "view_caseviolation",
    "view_advancepayment",
    "view_advancerecovery",
]


def _permissions(apps):
    app_config = apps.get_app_config("complaints")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="complaints", codename__in=ADMINISTRATOR_PERMISSIONS
    )


def grant(apps, schema_editor):
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name="administrator")
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="administrator").first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("complaints", "0024_material_project_parties")]

    operations = [migrations.RunPython(grant, revoke)]
