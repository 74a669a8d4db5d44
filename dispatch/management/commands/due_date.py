"""Print the due date of a deadline policy from a start date: `due_date POLICY START_DATE`.

First line: the ISO due date; second line: `provisional` (a year on the way has no
loaded holiday calendar) or `final`. `--explain` adds the limit, unit and legal basis.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dispatch.due_dates import EARLIEST_START, LATEST_START, UnknownPolicy, compute_due, policy_get


class Command(BaseCommand):
    help = "Print the due date of a deadline policy counted from START_DATE (YYYY-MM-DD)."

    def add_arguments(self, parser):
        parser.add_argument("policy", help="Policy code, e.g. inspection.accept")
        parser.add_argument("start_date", help="Day the clock starts (not counted), YYYY-MM-DD")
        parser.add_argument(
            "--explain", action="store_true", help="Also print the limit, unit and basis."
        )

    def handle(self, *args, policy, start_date, explain, **options):
        try:
            start = date.fromisoformat(start_date)
            if not EARLIEST_START <= start <= LATEST_START:
                raise ValueError
        except ValueError:
            raise CommandError(
                _("Bad start date “%(value)s”: expected YYYY-MM-DD, e.g. 2026-02-13.")
                % {"value": start_date}
            ) from None
        try:
            deadline_policy = policy_get(policy)
        except UnknownPolicy as error:
            raise CommandError(
                _("Unknown deadline policy “%(code)s”. Valid codes: %(codes)s")
                % {"code": error.code, "codes": ", ".join(error.valid_codes)}
            ) from None
        result = compute_due(deadline_policy, start)
        # These two lines are read by scripts: never translated.
        self.stdout.write(result.due.isoformat())
        self.stdout.write("provisional" if result.provisional else "final")
        if explain:
            self.stdout.write(
                _("%(code)s: %(limit)s %(unit)s from %(counted_from)s (that day not counted)")
                % {
                    "code": deadline_policy.code,
                    "limit": deadline_policy.limit,
                    "unit": deadline_policy.get_unit_display(),
                    "counted_from": deadline_policy.counted_from,
                }
            )
            self.stdout.write(_("Basis: %(basis)s") % {"basis": deadline_policy.basis})
