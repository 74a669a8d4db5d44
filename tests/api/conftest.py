"""Fixtures for the REST API tests: token clients per user, a platform account, bodies."""

import uuid

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

MINIMAL_BODY = {
    "description": "工地拖欠三个月工资",
    "complainants": [{"name": "张三", "phone": "13800138000"}],
}


@pytest.fixture(autouse=True)
def _api_test_setup(settings):
    """Throttle counts and idempotency keys of this test alone.

    Each test gets a cache of its own (a new locmem area, or a new key prefix on Redis)
    instead of clearing the shared one under tests running in parallel.
    """
    own, name = dict(settings.CACHES["default"]), f"api-test-{uuid.uuid4().hex}"
    locmem = own["BACKEND"].endswith("LocMemCache")
    own["LOCATION" if locmem else "KEY_PREFIX"] = name
    settings.CACHES = {**settings.CACHES, "default": own}
    yield
    if locmem:
        cache.clear()
    else:  # Django's RedisCache has no "delete by prefix": ask its redis client
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(f"{name}:*"))
        if keys:
            client.delete(*keys)


@pytest.fixture
def api_client():
    """api_client(user) -> an APIClient authenticated with a fresh token of `user`."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def platform_user(user_factory, district):
    """A machine account of an online platform, belonging to the West District office."""
    return user_factory("platform-a", district, platform_channel="platform")


@pytest.fixture
def other_platform_user(user_factory, district):
    return user_factory("platform-b", district, platform_channel="platform")


@pytest.fixture
def minimal_body():
    return {
        "description": MINIMAL_BODY["description"],
        "complainants": [dict(row) for row in MINIMAL_BODY["complainants"]],
    }


@pytest.fixture
def assert_error():
    """assert_error(response, status, code=None) -> the error object of a JSON error answer."""

    def check(response, status: int, code: str | None = None) -> dict:
        assert response.status_code == status, response.content[:500]
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"error"}
        error = body["error"]
        assert set(error) == {"code", "message", "fields"}
        assert isinstance(error["message"], str) and error["message"]
        if code is not None:
            assert error["code"] == code, error
        return error

    return check
