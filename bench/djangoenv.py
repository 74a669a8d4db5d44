"""Start Django for the bench scripts: the repository on sys.path, a bench database.

`setup(database_url)` must run before anything imports a model. The bench talks only to
127.0.0.1: a DATABASE_URL or REDIS_URL naming another host is refused.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/shouwen_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def require_loopback(url: str) -> str:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"bench: refusing a non-loopback address: {url}")
    return url


def bench_environment(database_url: str, redis_url: str = DEFAULT_REDIS_URL) -> dict:
    """The environment the bench's processes run with (Django, gunicorn, Celery)."""
    var_dir = os.environ.get("SHOUWEN_VAR_DIR") or "/tmp/shouwen-bench-var"
    return {
        "DATABASE_URL": require_loopback(database_url),
        "REDIS_URL": require_loopback(redis_url),
        "SHOUWEN_VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback: no TLS proxy in front
        "LOG_LEVEL": "WARNING",
        # The bench pushes far more than a real platform may: lift the per-account limits.
        "API_RATE_PER_USER": "1000000/minute",
        "API_RATE_INTAKE": "1000000/minute",
        "TRACK_RATE_PER_ADDRESS": "1000000",
        "TRACK_RATE_PER_TICKET": "1000000",
        "SMS_BACKEND": "dispatch.sms.LogBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def setup(database_url: str | None = None, redis_url: str = DEFAULT_REDIS_URL) -> None:
    """Configure and start Django in this process (idempotent)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    url = database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    for key, value in bench_environment(url, redis_url).items():
        os.environ[key] = value
    import django

    django.setup()
