"""`manage.py rebuild_stats`: recount the dashboard's monthly summary from the cases."""

from django.core.management.base import BaseCommand

from reports.summary import stats_rebuild


class Command(BaseCommand):
    help = "Rebuild the dashboard's monthly summary tables from the cases."

    def handle(self, *args, **options):
        state = stats_rebuild()
        self.stdout.write(f"Summary rebuilt for the days before {state.through:%Y-%m-%d}.")
