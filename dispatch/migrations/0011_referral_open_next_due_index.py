"""The index "My cases" reads: an officer's open referrals in the page's order (issue #8)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0010_referral_next_due"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                condition=models.Q(("status__in", ["pending", "accepted", "in_progress"])),
                fields=["officer", "next_due", "created_at", "id"],
                name="referral_open_next_due_idx",
            ),
        ),
    ]
