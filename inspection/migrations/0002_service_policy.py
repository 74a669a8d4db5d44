"""The bureau's standard for serving an order to correct on the party, chased until served.

An order's pay-by clock runs only from its service (最高法 法释〔2013〕3号 Art. 4: "ordered
to pay" means an order served, or posted at the premises when the party absconded); an
order issued and never served would leave nothing chased. So the order is chased for
service from the day it is issued: 3 working days, the bureau's own service standard, not
a statutory limit (never counted late in the statistics), which the bureau edits in the
admin. It closes as met when the order is served (dispatch/services/rectification.py).

Frozen copy: migrations must not import code that changes later.
"""

from django.conf import settings
from django.db import migrations

BASIS_ZH = "本局服务标准（非法定时限，由本局设定）"
BASIS_EN = "The bureau's own service standard (not statutory; set by the bureau)"

SERVE_POLICY = {
    "code": "inspection.serve",
    "desk": "inspection",
    "name_en": "Serve the order to correct on the party (service standard)",
    "name_zh": "向当事人送达限期改正指令书（服务标准）",
    "limit": 3,
    "unit": "WD",
    "counted_from": "order issued",
    "is_extension": False,
    "is_statutory": False,
}


def seed_policy(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    defaults = {key: value for key, value in SERVE_POLICY.items() if key != "code"}
    chinese = settings.LANGUAGE_CODE.lower().startswith("zh")
    defaults["basis"] = BASIS_ZH if chinese else BASIS_EN
    DeadlinePolicy.objects.get_or_create(code=SERVE_POLICY["code"], defaults=defaults)


def unseed_policy(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    DeadlinePolicy.objects.filter(code=SERVE_POLICY["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspection", "0001_procedure"),
        ("dispatch", "0017_order_itemised"),
    ]

    operations = [
        migrations.RunPython(seed_policy, unseed_policy),
    ]
