"""What the seed reads from the database once: offices, accounts, desks, policies, rules.

The demo offices, desks and accounts of `seed_demo` are kept or created, plus
`citysupervisor`, the supervisor at the city bureau who reads the city-wide dashboard.
"""

from django.contrib.auth.models import Group

from accounts.models import Office, User
from accounts.roles import Role
from complaints.models import Outcome, ViolationCategory
from dispatch import demo_data as demo
from dispatch.management.commands import seed_demo
from dispatch.models import DeadlinePolicy, Desk, RoutingRule


def ensure_city_supervisor(city, users):
    """A supervisor at the city bureau: the one who reads the city-wide dashboard."""
    account, _created = User.objects.get_or_create(username="citysupervisor")
    account.office, account.last_name, account.first_name = city, "吴", "国平"
    account.password, account.is_active = users["supervisor"].password, True
    account.save()
    account.groups.set([Group.objects.get(name=Role.SUPERVISOR)])
    return account


class Context:
    """The demo's offices, accounts and desks (created if missing), the deadline policies,
    the active outcomes and routing rules, and who registers cases how often."""

    def __init__(self):
        offices = seed_demo.ensure_offices()
        self.users = seed_demo.ensure_users(offices, seed_demo.DEFAULT_PASSWORD)
        seed_demo.ensure_desks(offices, self.users)
        self.users["citysupervisor"] = ensure_city_supervisor(offices["city"], self.users)
        self.offices = offices
        self.districts = [offices[code] for code, *_rest in demo.DISTRICTS]
        self.inspector_of = {offices[c].pk: self.users[u] for c, u in demo.INSPECTOR_OF.items()}
        self.desks = {(desk.office_id, desk.kind): desk.pk for desk in Desk.objects.all()}
        self.policies = {p.code: p for p in DeadlinePolicy.objects.all()}
        self.outcomes = {o.code: o for o in Outcome.objects.filter(is_active=True)}
        rules = list(RoutingRule.objects.filter(is_active=True).order_by("priority", "id"))
        self.rule_for_category = {r.category: r for r in rules if r.category and not r.is_default}
        self.default_rule = next((r for r in rules if r.is_default), None)
        self.registrars = [(self.users[name], weight) for name, weight in demo.REGISTRARS.items()]
        self.office_by_id = {office.pk: office for office in Office.objects.all()}
        self.violation_categories = dict(ViolationCategory.objects.values_list("code", "pk"))
