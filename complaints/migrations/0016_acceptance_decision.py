"""The acceptance decision (受理) as a record of its own, the role of the head of the
inspection body who approves it (立案审批), and the timeline's new kinds of event.

The outcome for a matter outside inspection is reworded from "not a labor matter" to what
the law says (劳动保障监察条例 Art. 21), unless an administrator has already edited it.
Frozen copy: migrations must not import code that changes later.
"""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.conf import settings
from django.db import migrations, models


VIEW_PERMISSIONS = [
    "complaints.view_case",
    "complaints.view_complainant",
    "complaints.view_employer",
    "complaints.view_consultation",
    "complaints.view_caseevent",
]
ROLE = "inspection_head"
OUTCOME_CODE = "not_accepted_not_labor"
OLD_NAMES = ("Not accepted: not a labor matter", "不予受理：不属于劳动保障事项")
NEW_NAMES = ("Not accepted: not a matter for labor inspection", "不予受理：不属于劳动保障监察事项")


def create_role(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=ROLE)
    for dotted in VIEW_PERMISSIONS:
        app_label, codename = dotted.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


def _rename(apps, old, new):
    Outcome = apps.get_model("complaints", "Outcome")
    Outcome.objects.filter(code=OUTCOME_CODE, name_en=old[0], name_zh=old[1]).update(
        name_en=new[0], name_zh=new[1]
    )


def reword_outcome(apps, schema_editor):
    _rename(apps, OLD_NAMES, NEW_NAMES)


def restore_outcome(apps, schema_editor):
    _rename(apps, NEW_NAMES, OLD_NAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_office_legal_identity"),
        ("complaints", "0015_approver_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AcceptanceDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "ground",
                    models.CharField(
                        choices=[
                            ("accept", "Accept and file the case"),
                            ("out_of_time", "Not accepted: more than two years ago"),
                            ("complete", "Ask the complainant to complete the complaint"),
                            ("not_inspection", "Not a matter for labor inspection"),
                            ("other_office", "Another office's territory"),
                        ],
                        max_length=20,
                        verbose_name="ground",
                    ),
                ),
                ("reason", models.TextField(blank=True, max_length=2000, verbose_name="reasons")),
                (
                    "missing",
                    models.TextField(blank=True, max_length=2000, verbose_name="what is missing"),
                ),
                (
                    "route",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("arbitration", "Labor dispute arbitration"),
                            ("court", "The people's court"),
                        ],
                        max_length=20,
                        verbose_name="route",
                    ),
                ),
                (
                    "refer_to_arbitration",
                    models.BooleanField(
                        default=False, verbose_name="refer to the arbitration desk"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Awaiting approval"),
                            ("approved", "Approved"),
                            ("sent_back", "Sent back"),
                        ],
                        default="proposed",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("proposed_at", models.DateTimeField(verbose_name="proposed at")),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                ),
                (
                    "sent_back_reason",
                    models.TextField(
                        blank=True, max_length=2000, verbose_name="why it was sent back"
                    ),
                ),
                (
                    "notice_number",
                    models.CharField(blank=True, max_length=60, verbose_name="notice number"),
                ),
                (
                    "completed_on",
                    models.DateField(
                        blank=True, null=True, verbose_name="completed complaint received on"
                    ),
                ),
            ],
            options={
                "verbose_name": "acceptance decision",
                "verbose_name_plural": "acceptance decisions",
                "ordering": ["case", "proposed_at", "id"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="caseevent",
            name="caseevent_kind_valid",
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("registered", "Registered"),
                    ("complainants_added", "Complainants added"),
                    ("accept", "Accepted and filed"),
                    ("not_accept", "Not accepted"),
                    ("start", "Work started"),
                    ("resolve", "Marked resolved"),
                    ("resolve_by_referrals", "Resolved by the desks"),
                    ("reopen", "Reopened"),
                    ("reopen_closed", "Closed case reopened"),
                    ("close", "Closed"),
                    ("withdraw", "Withdrawn"),
                    ("merge", "Merged into another case"),
                    ("transfer", "Transferred"),
                    ("merged_in", "Another case merged in"),
                    ("note", "Note"),
                    ("payment_recorded", "Payment recorded"),
                    ("material_collected", "Material collected"),
                    ("evidence_added", "Evidence added"),
                    ("decision_proposed", "Decision proposed"),
                    ("decision_sent_back", "Decision sent back"),
                    ("completion_requested", "Asked to complete the complaint"),
                    ("complaint_completed", "Completed complaint received"),
                    ("redirect", "Not for inspection; goes on elsewhere"),
                    ("withdrawal_requested", "Withdrawal requested"),
                    ("filing_cancelled", "Filing cancelled"),
                    ("continued_ex_officio", "Continued ex officio"),
                    ("routed", "Routed"),
                    ("routing_skipped", "Routing skipped"),
                    ("routing_failed", "Dispatch failed"),
                    ("routing_retried", "Dispatch retried"),
                    ("referred", "Referred to a desk"),
                    ("referral_accepted", "Desk accepted"),
                    ("referral_started", "Desk started work"),
                    ("referral_done", "Desk finished"),
                    ("referral_returned", "Desk returned the case"),
                    ("referral_reassigned", "Desk officer reassigned"),
                    ("referral_taken", "Taken by an officer"),
                    ("application_received", "Application received by the desk"),
                    ("deadline_paused", "Clock paused"),
                    ("deadline_resumed", "Clock resumed"),
                    ("deadline_extended", "Extension approved"),
                    ("deadline_overdue", "Overdue"),
                    ("case_ended_work_closed", "Desks' work closed with the case"),
                    ("supervision_started", "Put under supervision"),
                    ("supervision_reported", "Supervision report"),
                    ("supervision_lifted", "Supervision lifted"),
                    ("extension_requested", "Extension requested"),
                    ("extension_refused", "Extension refused"),
                    ("rectification_ordered", "Order to pay issued"),
                    ("rectification_complied", "Order to pay complied with"),
                    ("id_number_viewed", "Full ID number viewed"),
                ],
                max_length=40,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="caseevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "registered",
                            "complainants_added",
                            "accept",
                            "not_accept",
                            "start",
                            "resolve",
                            "resolve_by_referrals",
                            "reopen",
                            "reopen_closed",
                            "close",
                            "withdraw",
                            "merge",
                            "transfer",
                            "merged_in",
                            "note",
                            "payment_recorded",
                            "material_collected",
                            "evidence_added",
                            "decision_proposed",
                            "decision_sent_back",
                            "completion_requested",
                            "complaint_completed",
                            "redirect",
                            "withdrawal_requested",
                            "filing_cancelled",
                            "continued_ex_officio",
                            "routed",
                            "routing_skipped",
                            "routing_failed",
                            "routing_retried",
                            "referred",
                            "referral_accepted",
                            "referral_started",
                            "referral_done",
                            "referral_returned",
                            "referral_reassigned",
                            "referral_taken",
                            "application_received",
                            "deadline_paused",
                            "deadline_resumed",
                            "deadline_extended",
                            "deadline_overdue",
                            "case_ended_work_closed",
                            "supervision_started",
                            "supervision_reported",
                            "supervision_lifted",
                            "extension_requested",
                            "extension_refused",
                            "rectification_ordered",
                            "rectification_complied",
                            "id_number_viewed",
                        ],
                    )
                ),
                name="caseevent_kind_valid",
            ),
        ),
        migrations.AddField(
            model_name="acceptancedecision",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="acceptance_decisions",
                to="complaints.case",
                verbose_name="case",
            ),
        ),
        migrations.AddField(
            model_name="acceptancedecision",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="approved by",
            ),
        ),
        migrations.AddField(
            model_name="acceptancedecision",
            name="proposed_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="proposed by",
            ),
        ),
        migrations.AddField(
            model_name="acceptancedecision",
            name="to_office",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.office",
                verbose_name="office",
            ),
        ),
        migrations.AddConstraint(
            model_name="acceptancedecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "ground__in",
                        ["accept", "out_of_time", "complete", "not_inspection", "other_office"],
                    )
                ),
                name="decision_ground_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="acceptancedecision",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["proposed", "approved", "sent_back"])),
                name="decision_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="acceptancedecision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "proposed")),
                fields=("case",),
                name="decision_one_proposed_per_case",
            ),
        ),
        migrations.AddField(
            model_name="acceptancedecision",
            name="office",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.office",
                verbose_name="deciding office",
            ),
        ),
        migrations.AddField(
            model_name="acceptancedecision",
            name="due_on",
            field=models.DateField(blank=True, null=True, verbose_name="due on"),
        ),
        migrations.RunPython(create_role, remove_role),
        migrations.RunPython(reword_outcome, restore_outcome),
    ]
