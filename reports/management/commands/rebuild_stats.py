"""`manage.py rebuild_stats`: recount the dashboard's summary and open tallies from the cases."""

from django.core.management.base import BaseCommand

from reports.summary import stats_rebuild
from reports.tallies import tallies_recount


class Command(BaseCommand):
    help = "Rebuild the dashboard's monthly summary and open-case tallies from the cases."

    def handle(self, *args, **options):
        state = stats_rebuild()
        tallies_recount()
        self.stdout.write(f"Summary rebuilt for the days before {state.through:%Y-%m-%d}.")
