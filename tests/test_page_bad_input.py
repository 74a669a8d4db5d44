"""Hostile query strings on every page: a page or a 4xx, never a server error.

The pages are the non-API URLs of tests/test_url_permissions.py that a GET reaches (RULES
has a rule for every URL name), opened by the first role their rule lets in, on that
role's own office's objects. Each query key the pages read (list filters, periods, paging,
scope, the export's format) is sent with each value that once reached a 500 somewhere:
NUL (PostgreSQL's text columns refuse it), an unpaired surrogate as UTF-8 bytes, numbers
beyond bigint, dates beyond the calendar, 10,000 characters. CI runs this on PostgreSQL.
"""

from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client

from tests.test_url_permissions import (  # noqa: F401 (fixtures used by name)
    ADMINISTRATOR,
    ANONYMOUS,
    PLATFORM,
    RULES,
    _isolated,
    url_of,
    world,
)

KEYS = (
    "q", "query", "status", "category", "channel", "office", "desk", "officer", "scope",
    "overdue", "open", "page", "next", "from", "to", "date_from", "date_to",
    "registered_from", "registered_to", "closed_from", "closed_to", "month", "format",
    "table", "timeliness", "work", "referral", "name", "topic", "ticket", "phone",
)  # fmt: skip
VALUES = {
    "nul": "a\x00b",
    "surrogate": "%ED%A0%80",  # sent raw: the bytes of U+D800 in UTF-8
    "beyond bigint": str(2**63),
    "huge": "9" * 400,
    "negative": "-1",
    "year 9999": "9999-12-31",
    "year 0": "0000-01-01",
    "overlong": "x" * 10_000,
}
PAGES = [
    name
    for name, rule in RULES.items()
    if not name.startswith("api:")
    and not rule.post
    and rule.may
    and rule.needs not in {"saved_filter", "export"}
    and name not in {"accounts:logout", "favicon"}
]


# The pages of one case's procedure and documents read no query key: each hostile value is
# sent under every key in one request (31 times fewer requests, the same keys and values).
ONE_REQUEST = ("inspection:", "complaints:case_documents", "complaints:document_")


def query(key: str, value: str) -> str:
    return f"{key}={value if value.startswith('%') else quote(value)}"


def queries(name: str, value: str) -> list[str]:
    """The query strings a page is sent with `value`: one per key, or all keys in one."""
    if name.startswith(ONE_REQUEST):
        return ["&".join(query(key, value) for key in KEYS)]
    return [query(key, value) for key in KEYS]


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_every_page_answers_hostile_query_strings_without_a_server_error(world, value):  # noqa: F811
    failures = []
    for name in PAGES:
        rule = RULES[name]
        role = next(role for role in rule.may if role not in (ANONYMOUS, PLATFORM))
        user = world.users[role if role in world.users else ADMINISTRATOR]
        client = Client(raise_request_exception=False)
        client.force_login(user)
        with transaction.atomic():
            base = url_of(name, rule, world, user=user, own=True)
            separator = "&" if "?" in base else "?"
            for sent in queries(name, value):
                response = client.get(f"{base}{separator}{sent}")
                if response.status_code >= 500:
                    failures.append(f"{name} {sent[:40]}: {response.status_code}")
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
