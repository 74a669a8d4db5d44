"""Fixtures of the fault-injection tests: this test's processes, its own Redis, a user.

The system under test shares the pytest-django test database (PostgreSQL: the worker,
beat and gunicorn connect to it while the test runs, so the tests use transactional
databases) and gets a `redis-server` of its own, which the test may stop, freeze and
restart; the machine's shared Redis is never touched.
"""

import shutil

import pytest
from django.conf import settings
from django.db import connection
from faults_harness import Processes, database_url, free_port, system_environment


@pytest.fixture(autouse=True)
def _fast_passwords():
    """The production hasher (tests/conftest.py sets a cheap one): the web processes here
    check this test's passwords with the project's settings."""


@pytest.fixture(autouse=True)
def _needs_postgresql_and_redis_server(request):
    if request.node.get_closest_marker("faults") is None:
        return  # the in-process tests of this folder run on SQLite too
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "fault tests need PostgreSQL (set DATABASE_URL): several processes share the "
            "test database while the test runs"
        )
    if shutil.which("redis-server") is None:
        pytest.skip("fault tests start their own redis-server, which is not installed")


@pytest.fixture
def processes(transactional_db, tmp_path):
    """Every process the test starts; all their process groups are killed at the end."""
    running = Processes(tmp_path, {})
    try:
        yield running
    finally:
        running.kill_all()


@pytest.fixture
def redis(processes):
    """A redis-server of this test's own on a free loopback port, without persistence."""
    return processes.redis(free_port())


@pytest.fixture
def system_env(processes, redis, tmp_path):
    """Worker, beat and web processes use the test database and this test's Redis."""
    env = system_environment(
        database=database_url(connection.settings_dict), redis_url=redis.url, var_dir=tmp_path
    )
    processes.env = env
    return env


@pytest.fixture
def web(processes, system_env, window):
    """gunicorn on a free port, with the window's session and API token ready."""
    from faults_harness import WebClient
    from rest_framework.authtoken.models import Token

    port = free_port()
    processes.web(port)
    client = WebClient(port)
    client.login(window.username, "pw-for-tests-2026")
    client.api_token = Token.objects.create(user=window).key
    return client
