"""Outcomes by stage, and a complainant's withdrawal after filing.

Each outcome says when it may end a case: on the acceptance decision, before filing
("decision"), as a filed, investigated case ends ("filed"), or either ("any"). The seeded
codes get their stage; "not accepted: no identifiable employer" is deactivated (kept for
the cases that ended with it): it is no ground for refusing a complaint, the bureau asks
the complainant to complete it (告知补正, 关于实施《劳动保障监察条例》若干规定 Art. 18 para. 3). The
outcome "filing cancelled" (撤销立案, 劳动保障监察条例 Art. 18 (3)) is added, and the case
carries the moment a withdrawal request was made while the head's decision is awaited.
Reversible: the stage and the request go, the old outcome comes back, and "filing
cancelled" goes unless a case ended with it.

Frozen copy: migrations must not import code that changes later.
"""

from django.db import migrations, models

# Outcome code -> stage; codes not listed (an administrator's own) stay "filed".
STAGES = {
    "not_accepted_time_limit": "decision",
    "not_accepted_no_employer": "decision",
    "not_accepted_not_labor": "decision",
    "withdrawn": "decision",
    "merged": "any",
}
NOT_A_GROUND = "not_accepted_no_employer"
FILING_CANCELLED = {
    "code": "filing_cancelled",
    "name_en": "Filing cancelled (the complainant withdrew)",
    "name_zh": "撤销立案（投诉人撤回投诉）",
    "stage": "filed",
    "ordering": 65,
}


def set_stages(apps, schema_editor):
    Outcome = apps.get_model("complaints", "Outcome")
    for code, stage in STAGES.items():
        Outcome.objects.filter(code=code).update(stage=stage)
    Outcome.objects.filter(code=NOT_A_GROUND).update(is_active=False)
    values = dict(FILING_CANCELLED)
    Outcome.objects.get_or_create(code=values.pop("code"), defaults=values)


def unset_stages(apps, schema_editor):
    Outcome = apps.get_model("complaints", "Outcome")
    Outcome.objects.filter(code=NOT_A_GROUND).update(is_active=True)
    Outcome.objects.filter(code=FILING_CANCELLED["code"], case__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0016_acceptance_decision")]

    operations = [
        migrations.AddField(
            model_name="outcome",
            name="stage",
            field=models.CharField(
                choices=[
                    ("decision", "Acceptance decision (before filing)"),
                    ("filed", "Filed case (after filing)"),
                    ("any", "Either stage"),
                ],
                default="filed",
                max_length=10,
                verbose_name="stage",
            ),
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.CheckConstraint(
                condition=models.Q(("stage__in", ["decision", "filed", "any"])),
                name="outcome_stage_valid",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="withdrawal_requested_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="withdrawal requested at"
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("withdrawal_requested_at__isnull", True),
                    models.Q(
                        ("accepted_at__isnull", False),
                        ("status__in", ["accepted", "in_progress", "resolved"]),
                    ),
                    _connector="OR",
                ),
                name="case_withdrawal_request_when_filed",
            ),
        ),
        migrations.RunPython(set_stages, unset_stages),
    ]
