"""Production settings pass Django's deploy check; every page carries a strict policy."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def production_environment(tmp_path) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL"} and not key.startswith("SECURE_")
    }
    environment.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="shouwen.bureau.internal",
        SHOUWEN_VAR_DIR=str(tmp_path),
    )
    return environment


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_are_https_only(tmp_path):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, list(s.SECURE_PROXY_SSL_HEADER)]))"
    )
    environment = production_environment(tmp_path)
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    redirect, hsts, session_secure, csrf_secure, proxy_header = json.loads(result.stdout)
    assert redirect and hsts >= 31536000 and session_secure and csrf_secure
    assert proxy_header == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_pages_send_a_policy_that_forbids_inline_scripts(client, window):
    client.force_login(window)
    response = client.get("/cases/")
    policy = response["Content-Security-Policy"]
    script_sources = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_sources.split() == ["'self'"]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_holds_an_inline_script_or_event_handler():
    offenders = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or EVENT_ATTRIBUTE.search(text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_the_api_docs_load_their_script_from_a_file(client, window):
    client.force_login(window)
    html = client.get("/api/docs/").content.decode()
    assert "<script" in html
    assert not INLINE_SCRIPT.search(html)
