"""An index on referrals by creation time, for the desks' trend (referrals received).

The trend reads its ended months and days from the summary and counts only the rest
(today, or the days after the summary's end) from the referrals: `created_at` in a few
days. Without an index on `created_at` alone (referral_officer_latest_idx leads with the
officer) that was a parallel scan of every referral: 87 ms at 1,000,000 cases for no row
(EXPLAIN ANALYZE, shouwen_bench_1m), against an index range scan of the day's rows.
Plain SQL as 0003 and 0004 (the same on PostgreSQL and SQLite).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_consultation_summary"),
        ("dispatch", "0003_routing_referrals_deadlines"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS referral_created_at_idx ON dispatch_referral (created_at)",
            "DROP INDEX IF EXISTS referral_created_at_idx",
        )
    ]
