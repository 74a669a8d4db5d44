"""`manage.py check_dispatch`: exit status 1 when routing has stalled (see dispatch/liveness.py).

Meant as the worker's liveness probe. The output is one line for scripts and logs, never
translated, with counts and times only (no case data).
"""

from django.core.management.base import BaseCommand, CommandError

from dispatch.liveness import routing_backlog


class Command(BaseCommand):
    help = "Fail when cases have waited to be routed longer than the routing sweep allows."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit-seconds",
            type=int,
            default=None,
            help="how long a case may wait (default: the ROUTING_STALL_SECONDS setting)",
        )

    def handle(self, *args, limit_seconds=None, **options):
        backlog = routing_backlog(limit_seconds=limit_seconds)
        if backlog.stalled:
            raise CommandError(
                f"routing stalled: {backlog.waiting} case(s) waiting longer than "
                f"{backlog.limit_seconds} s, the oldest since {backlog.oldest.isoformat()}",
                returncode=1,
            )
        self.stdout.write(f"routing ok: no case waiting longer than {backlog.limit_seconds} s")
