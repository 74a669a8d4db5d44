"""The Chinese name of the outcome "Transferred to another office" in a bureau's wording.

0002 seeded 移交其他单位办理; in a bureau's documents 单位 reads as the employer (用人单位),
so an office is 机构. The row is rewritten only while it still holds the seeded text (an
administrator's own wording stays). Reversible: the seeded text comes back the same way.

Frozen copy: migrations must not import code that changes later.
"""

from django.db import migrations

# Outcome code -> (Chinese name as seeded, Chinese name in the bureau's wording).
NAMES_ZH = {"transferred_to_office": ("移交其他单位办理", "移交其他机构办理")}


def _rewrite(apps, forward: bool) -> None:
    Outcome = apps.get_model("complaints", "Outcome")
    for code, (seeded, worded) in NAMES_ZH.items():
        old, new = (seeded, worded) if forward else (worded, seeded)
        Outcome.objects.filter(code=code, name_zh=old).update(name_zh=new)


def to_bureau_wording(apps, schema_editor):
    _rewrite(apps, forward=True)


def back_to_seeded(apps, schema_editor):
    _rewrite(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0013_caseevent_kind_choices")]

    operations = [migrations.RunPython(to_bureau_wording, back_to_seeded)]
