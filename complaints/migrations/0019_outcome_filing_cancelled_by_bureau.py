"""The outcome of a filing cancelled on the bureau's own motion (撤销立案: the violation was
minor and has been corrected, or the facts do not hold), beside the one cancelled on the
complainant's withdrawal."""

from django.db import migrations

OUTCOME = {
    "code": "filing_cancelled_by_bureau",
    "name_en": "Filing cancelled (minor violation corrected, or the facts do not hold)",
    "name_zh": "撤销立案（违法行为轻微并已改正或违法事实不成立）",
    "stage": "filed",
    "ordering": 66,
}


def add_outcome(apps, schema_editor):
    values = dict(OUTCOME)
    apps.get_model("complaints", "Outcome").objects.get_or_create(
        code=values.pop("code"), defaults=values
    )


def remove_outcome(apps, schema_editor):
    apps.get_model("complaints", "Outcome").objects.filter(
        code=OUTCOME["code"], case__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0018_issued_documents")]

    operations = [migrations.RunPython(add_outcome, remove_outcome)]
