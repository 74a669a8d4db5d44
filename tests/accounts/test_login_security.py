"""Logging in: lockout per user name and address, one answer for every failure, sessions."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.lockout import client_address

LOGIN = "/accounts/login/"
GOOD = "pw-for-tests-2026"


def attempt(client, username, password, address="10.0.0.7", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail_until_locked(client, username, address="10.0.0.7"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, "wrong-password", address)


def test_repeated_failures_lock_the_user_name_at_that_address(client, window):
    fail_until_locked(client, "window")
    response = attempt(client, "window", GOOD)
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_colleague_behind_the_same_address_can_still_log_in(client, window, inspector):
    fail_until_locked(client, "window")
    response = attempt(Client(), "inspector", GOOD)
    assert response.status_code == 302


def test_the_same_user_from_another_address_is_not_locked(client, window):
    fail_until_locked(client, "window", address="10.0.0.7")
    assert attempt(Client(), "window", GOOD, address="10.0.0.8").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, window):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "window", "wrong-password")
    assert attempt(client, "window", GOOD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "window", "wrong-password")
    assert attempt(client, "window", GOOD).status_code == 302


def test_unknown_user_and_wrong_password_get_the_same_answer(client, window):
    unknown = attempt(client, "nobody-here", "wrong-password")
    wrong = attempt(Client(), "window", "wrong-password")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors


def test_a_forged_forwarded_header_does_not_dodge_the_lock(client, window, settings):
    settings.LOGIN_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(
            client,
            "window",
            "wrong-password",
            address="192.168.1.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 10.0.0.7",
        )
    response = attempt(
        client, "window", GOOD, address="192.168.1.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 10.0.0.7"
    )
    assert response.status_code == 429


def test_the_client_address_is_taken_only_from_trusted_proxies(rf, settings):
    settings.LOGIN_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_address(request) == "10.1.1.1"
    settings.LOGIN_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.9")
    assert client_address(request) == "10.0.0.9"


@pytest.mark.parametrize("password", ["short", "12345678901", "password123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_sessions_expire(client, window):
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    client.force_login(window)
    assert client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE
