"""Where each user's work starts: the page after logging in and behind the site root.

Window staff start at the intake form, inspectors at My cases, desk officers at the desk
queue, heads of the inspection body at the decisions awaiting their approval, supervisors
and administrators at the dashboard. A user with several roles lands on the first of
these, in that order, that fits them. accounts is the lowest layer (accounts <-
complaints <- dispatch <- reports), so the pages are named, never imported.
"""

from django.urls import reverse

from accounts.roles import Role

# (role, URL name), in the order the rule is read.
ROLE_HOMES: tuple[tuple[str, str], ...] = (
    (Role.WINDOW, "complaints:intake"),
    (Role.INSPECTOR, "dispatch:my_cases"),
    (Role.DESK_OFFICER, "dispatch:desk_queue"),
    (Role.INSPECTION_HEAD, "complaints:decision_queue"),
    (Role.SUPERVISOR, "reports:dashboard"),
    (Role.ADMINISTRATOR, "reports:dashboard"),
)
# No role (a platform account) or none that fits: the cases the user may see.
FALLBACK = "complaints:case_list"


def _fits(user, role: str) -> bool:
    if role not in user.role_names:
        return False
    # The intake form registers a case in the user's office: without one there is no
    # intake to start at (the navigation hides it too).
    return role != Role.WINDOW or user.office_id is not None


def home_url_for(user) -> str:
    """The path of the page where `user`'s work starts (an authenticated user)."""
    if user.is_superuser:
        return reverse("reports:dashboard")
    for role, name in ROLE_HOMES:
        if _fits(user, role):
            return reverse(name)
    return reverse(FALLBACK)
