"""Run one chase sweep now (`chase_deadlines`) and print what it did.

The same sweep beat runs every five minutes (`dispatch.chase_deadlines`); running it by
hand is harmless: what was already sent is not sent again. Each output line is
`name: count`, read by scripts, so never translated.
"""

from django.core.management.base import BaseCommand

from dispatch.services.chasing import chase_deadlines


class Command(BaseCommand):
    help = "Send the deadline reminders and escalations owed now; mark overdue deadlines."

    def handle(self, *args, **options):
        report = chase_deadlines()
        for name, count in report.as_dict().items():
            self.stdout.write(f"{name}: {count}")
