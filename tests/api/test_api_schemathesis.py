"""Schemathesis against /api/schema/: generated requests to every operation of the API.

Runs in-process against the WSGI application (so inside the test's database), as a
staff user with a token. Passes when no answer is a server error and every answer
(status code, headers, body) matches the documented schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

# What the issue asks of the API: no server error, and every answer as documented. (The
# stricter "reject anything the schema does not allow" checks are left out: an empty
# filter value, for one, means "no filter" here.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: a request must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(supervisor, register_case):
    register_case()  # something to read, act on and collide with
    return Token.objects.get_or_create(user=supervisor)[0].key


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_matches_its_schema(case, staff_token, keep_test_connection):
    case.call_and_validate(headers={"Authorization": f"Token {staff_token}"}, checks=CHECKS)
