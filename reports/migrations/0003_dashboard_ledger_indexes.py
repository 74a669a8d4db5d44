"""Indexes for the dashboard's live counts on tables whose models reports does not own.

Plain SQL (the same on PostgreSQL and SQLite), outside the model state: the wage ledger by
day paid (wages of a period) and finished referrals by their closing time (desks and
officers, work done in a period).
"""

from django.db import migrations

INDEXES = [
    ("wagepayment_paid_on_idx", "complaints_wagepayment", "(paid_on)", ""),
    ("referral_done_closed_at_idx", "dispatch_referral", "(closed_at)", "WHERE status = 'done'"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_monthly_summary"),
        ("complaints", "0005_wage_payment"),
        ("dispatch", "0003_routing_referrals_deadlines"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns} {condition}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns, condition in INDEXES
    ]
