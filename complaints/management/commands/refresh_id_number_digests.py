"""`manage.py refresh_id_number_digests`: recompute the ID-number search digests.

Run it after changing SHOUWEN_PII_HASH_KEY (or SECRET_KEY while that is unset): until
then a search by ID number finds nothing, since the stored digests were made with the
old key (complaints/pii.py). Batched; safe to run again.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from complaints.pii import refresh_id_number_digests


class Command(BaseCommand):
    help = "Recompute every complainant's ID-number digest under the current PII_HASH_KEY."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = refresh_id_number_digests(connection)
        self.stdout.write(f"{count} ID-number digests recomputed.")
