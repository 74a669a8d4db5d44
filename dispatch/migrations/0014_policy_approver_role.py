"""Who approves a step's extension, as data on the extension policy: the head of the
labor-security administrative department for `inspection.extend` (劳动保障监察条例
Art. 17), the arbitration committee's chair for `arbitration.extend` (劳动争议调解仲裁法
Art. 43); the other extension keeps a supervisor. An administrator edits it in the admin.

Frozen copy: migrations must not import code that changes later.
"""

from django.db import migrations, models

ROLES = [
    ("window_staff", "Window staff"),
    ("inspector", "Inspector"),
    ("desk_officer", "Desk officer"),
    ("supervisor", "Supervisor"),
    ("department_head", "Head of department"),
    ("arbitration_chair", "Arbitration committee chair"),
    ("administrator", "Administrator"),
]
# Extension policy code -> the role that approves it.
APPROVERS = {
    "inspection.extend": "department_head",
    "arbitration.extend": "arbitration_chair",
    "social_insurance.extend": "supervisor",
}


def set_approvers(apps, schema_editor):
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    for code, role in APPROVERS.items():
        DeadlinePolicy.objects.filter(code=code, approver_role="").update(approver_role=role)


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0013_chase_records_one_shape"),
        ("complaints", "0015_approver_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadlinepolicy",
            name="approver_role",
            field=models.CharField(
                blank=True,
                choices=ROLES,
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
                condition=models.Q(("approver_role__in", ["", *[value for value, _ in ROLES]])),
                name="deadline_policy_approver_role_valid",
            ),
        ),
        # The field is emptied with the column on the way back.
        migrations.RunPython(set_approvers, migrations.RunPython.noop),
    ]
