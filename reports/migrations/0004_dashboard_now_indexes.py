"""Partial indexes for the dashboard's "now" counts and officers' workload.

Plain SQL (the same on PostgreSQL and SQLite), outside the model state, as 0003: open
cases by office (open now, and the cases behind overdue now), open referrals by desk
and officer, referrals done by closing time with their officer and desk (read without the
table), and the wage ledger by day paid with the worker and amount (wages of a period).
"""

from django.db import migrations

OPEN_CASES = "('registered', 'accepted', 'in_progress', 'resolved')"
OPEN_REFERRALS = "('pending', 'accepted', 'in_progress')"

INDEXES = [
    (
        "case_open_offices_idx",
        "complaints_case",
        "(responsible_office_id, registering_office_id)",
        f"WHERE status IN {OPEN_CASES}",
    ),
    (
        "referral_open_desk_officer_idx",
        "dispatch_referral",
        "(desk_id, officer_id)",
        f"WHERE status IN {OPEN_REFERRALS}",
    ),
    (
        "referral_done_officer_idx",
        "dispatch_referral",
        "(closed_at, officer_id, desk_id)",
        "WHERE status = 'done'",
    ),
    (
        "wagepayment_paid_on_worker_idx",
        "complaints_wagepayment",
        "(paid_on, complainant_id, amount)",
        "",
    ),
]


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_dashboard_ledger_indexes")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns} {condition}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns, condition in INDEXES
    ]
