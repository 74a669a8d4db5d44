"""Exports of case lists and dashboard tables: CSV and Excel, with headers in the user's
language and personal data masked unless the user's role may see it (reports/access.py)."""
