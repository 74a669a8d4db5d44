"""The wait for a completed complaint after 告知补正, chased like any deadline, and which
limits are statutory: the bureau's own service standards are never counted late.

When the bureau asks a complainant to complete a complaint (关于实施《劳动保障监察条例》
若干规定 Art. 18 para. 3), the case stays registered and the window is reminded if the
worker has not come back in this time. It is the bureau's own service standard, not a
statutory limit: 10 working days is a placeholder the bureau sets in the admin. When the
completed complaint comes back, the 5 days to decide (`inspection.accept`) run again.

Frozen copy: migrations must not import code that changes later.
"""

from django.conf import settings
from django.db import migrations, models

BASIS_ZH = "本局服务标准（非法定时限，由本局设定）"
BASIS_EN = "The bureau's own service standard (not statutory; set by the bureau)"

COMPLETION_POLICY = {
    "code": "inspection.complete",
    "desk": "inspection",
    "name_en": "Wait for the completed complaint (service standard)",
    "name_zh": "等待投诉人补正材料（服务标准）",
    "limit": 10,
    "unit": "WD",
    "counted_from": "completion request",
    "is_extension": False,
    "is_statutory": False,
}


def seed_policy(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    defaults = {key: value for key, value in COMPLETION_POLICY.items() if key != "code"}
    chinese = settings.LANGUAGE_CODE.lower().startswith("zh")
    defaults["basis"] = BASIS_ZH if chinese else BASIS_EN
    DeadlinePolicy.objects.get_or_create(code=COMPLETION_POLICY["code"], defaults=defaults)


# The bureau's own service standards: chased, never counted late in the statistics.
SERVICE_STANDARDS = ["inspection.complete", "arbitration.apply", "injury.apply", "legal_aid.apply"]


def mark_service_standards(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    DeadlinePolicy.objects.filter(code__in=SERVICE_STANDARDS).update(is_statutory=False)


def unseed_policy(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    DeadlinePolicy.objects.filter(code=COMPLETION_POLICY["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0015_referral_application"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadlinepolicy",
            name="is_statutory",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Off for the bureau's own service standards (helping a worker apply, "
                    "waiting for a completed complaint): chased like any limit, but never "
                    "counted late in the statistics."
                ),
                verbose_name="statutory",
            ),
        ),
        migrations.RunPython(seed_policy, unseed_policy),
        migrations.RunPython(mark_service_standards, migrations.RunPython.noop),
    ]
