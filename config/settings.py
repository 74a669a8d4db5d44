"""Shouwen settings: one module, every production switch an environment variable.

Safe local defaults (SQLite, an embedded broker, DEBUG on) let a fresh clone run with
no services; production sets DATABASE_URL, REDIS_URL, SECRET_KEY and DEBUG=0.
See .env.example for every variable.
"""

import hashlib
import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SHOUWEN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-local-development-key-change-me")
# Key of the ID-number digests the search looks numbers up by (complaints/pii.py). Set it
# in production and keep it: a new key (or a new SECRET_KEY while this is unset) leaves
# the stored digests stale until `manage.py refresh_id_number_digests` recomputes them.
PII_HASH_KEY = (
    os.environ.get("SHOUWEN_PII_HASH_KEY")
    or hashlib.sha256(f"shouwen.pii-hash-key:{SECRET_KEY}".encode()).hexdigest()
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "accounts",
    "complaints",
    "dispatch",
    "inspection",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves the vendored CSS/JS in production (DEBUG=0) without a separate web server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A database outage in a view answers 503, not a traceback (config/middleware.py).
    "config.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.user_roles",
                "dispatch.context_processors.inbox",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (postgres://user@host:5432/name) through psycopg.
# Without it: SQLite in WAL mode, IMMEDIATE transactions so concurrent writers queue
# on the lock instead of failing half-way with "database is locked".
_database_url = os.environ.get("DATABASE_URL")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
        )
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Short OLTP queries: PostgreSQL's JIT compiles for ~150 ms and saves nothing here
        # (measured on the worklist at a million cases, bench/README.md); parallel workers
        # take ~80 ms to start for a page that needs 2 ms, and take the cores other
        # requests are waiting for (the search at a million cases, bench/README.md).
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "options", "-c jit=off -c max_parallel_workers_per_gather=0"
        )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "shouwen.sqlite3")),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not memory, so a Celery worker started by the tests shares it;
            # one per test process, so two test runs never share one.
            "TEST": {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
# django-axes counts failed logins first; a locked-out pair never reaches ModelBackend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a user name at one address after repeated failures, not the address as a whole: a
# district office logs in from behind one NAT address, and one clerk's typos must not
# lock out their colleagues. A successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Without this every process (web, worker, beat, each management command) logs axes'
# start-up banner.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out_response"
# Behind the bureau's reverse proxy the client address is in X-Forwarded-For; set
# LOGIN_PROXY_COUNT to the number of proxies in front of the app (0: use REMOTE_ADDR).
LOGIN_PROXY_COUNT = int(os.environ.get("LOGIN_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Inspector terminals are shared at the window: sessions end after 8 hours.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Production runs behind the bureau's TLS-terminating proxy, which sets X-Forwarded-Proto.
# DEBUG=0 turns on HTTPS-only defaults; each can be switched off for a plain-HTTP trial.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Every script is a file under static/ (no inline script, no event attribute: a test checks
# the templates); styles may be inline (the SVG charts and the API docs use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Cache: shared by every process (rate limits, throttles) when Redis is there --------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # RedisCache that falls back to process memory while Redis is down or frozen
            # (config/outage.py): a throttle must not turn an outage into errors.
            "BACKEND": "config.outage.FailSoftRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "shouwen",
            "OPTIONS": {"socket_timeout": 3, "socket_connect_timeout": 3},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- REST API (/api/v1/) ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only, and a 400 (never a 500) for a body too deep, not text, or holding NUL or
    # an unpaired surrogate; every DRF view, the public look-up and the calculator too.
    "DEFAULT_PARSER_CLASSES": ["complaints.api.parsers.ApiJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_RATE_PER_USER", "600/minute"),
        "anon": os.environ.get("API_RATE_ANON", "60/minute"),
        "intake": os.environ.get("API_RATE_INTAKE", "120/minute"),
    },
    "EXCEPTION_HANDLER": "complaints.api.errors.api_exception_handler",
}
# The complainant's status look-up (/track/): attempts per client address and per ticket
# within TRACK_RATE_WINDOW seconds. The proxy in front must pass the real client address.
TRACK_RATE_PER_ADDRESS = int(os.environ.get("TRACK_RATE_PER_ADDRESS", "20"))
TRACK_RATE_PER_TICKET = int(os.environ.get("TRACK_RATE_PER_TICKET", "10"))
TRACK_RATE_WINDOW = int(os.environ.get("TRACK_RATE_WINDOW", "600"))
SPECTACULAR_SETTINGS = {
    "TITLE": "Shouwen API",
    "DESCRIPTION": "Labor-complaint intake and case status for platforms and agencies.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two choice sets both named "status" (the case's, the acceptance decision's).
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "complaints.models.choices.Status",
        "DecisionStatusEnum": "complaints.models.acceptance.DecisionStatus",
    },
}

# --- Shouwen --------------------------------------------------------------------------
# Ticket numbers look like YC-2026-000123; the prefix is the bureau's own.
TICKET_PREFIX = os.environ.get("TICKET_PREFIX", "YC")
# Where complainants reach the public pages (printed on receipts and sent by SMS).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The phone number printed on receipts when the first responder's office has none.
BUREAU_HOTLINE = os.environ.get("BUREAU_HOTLINE", "12333")
# Exports (reports/): files written here, served only to the user who asked; a list longer
# than REPORTS_EXPORT_SYNC_ROWS rows is written by a Celery task instead of at once.
REPORTS_EXPORT_DIR = VAR_DIR / "exports"
REPORTS_EXPORT_SYNC_ROWS = int(os.environ.get("REPORTS_EXPORT_SYNC_ROWS", "2000"))

# --- Evidence uploads (complaints/uploads.py) ------------------------------------------
# Files attached to cases live here, outside the web root and STATIC_ROOT: only the
# permission-checked download view reads them. Back this folder up with the database.
EVIDENCE_ROOT = Path(os.environ.get("EVIDENCE_ROOT", VAR_DIR / "evidence"))
# The largest evidence file accepted (20 MB); the reverse proxy's body limit sits just above.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
# A video (a posting at absconded premises, a site) may be larger: a minute from a phone.
EVIDENCE_VIDEO_MAX_BYTES = int(os.environ.get("EVIDENCE_VIDEO_MAX_BYTES", str(200 * 1024 * 1024)))
# Offices' seal images (accounts/seals.py): outside the web root like the evidence, served
# only to logged-in staff by accounts.views.office_seal. Back it up with the database.
SEAL_ROOT = Path(os.environ.get("SEAL_ROOT", VAR_DIR / "seals"))
# The administrator's Word templates of the issued documents (complaints/documents/storage.py).
# The language the issued documents are written in (complaints/documents/content.py):
# the legal act is in Chinese whatever language the issuing user reads the pages in.
DOCUMENT_LANGUAGE = os.environ.get("DOCUMENT_LANGUAGE", "zh-hans")
DOCUMENT_TEMPLATE_ROOT = Path(
    os.environ.get("DOCUMENT_TEMPLATE_ROOT", VAR_DIR / "document-templates")
)
# An uploaded file over 2.5 MB is streamed to a temporary file, never held in memory; the
# rest of a request body (the form fields) may be at most 2.5 MB.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Celery (see config/celery.py for why each setting is what it is) ----------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# The embedded broker's folder (no REDIS_URL); processes that share it share its queues.
CELERY_EMBEDDED_BROKER_DIR = Path(os.environ.get("SHOUWEN_BROKER_DIR", VAR_DIR / "broker"))
# The outbox sweep routes cases still pending this long after they were committed.
ROUTING_SWEEP_GRACE_SECONDS = int(os.environ.get("ROUTING_SWEEP_GRACE_SECONDS", "30"))
# A case whose routing fails this many times (a "poison" case) is marked "dispatch failed"
# for its supervisors instead of being retried forever; retries wait this long, doubling.
ROUTING_MAX_ATTEMPTS = int(os.environ.get("ROUTING_MAX_ATTEMPTS", "5"))
ROUTING_RETRY_DELAY_SECONDS = int(os.environ.get("ROUTING_RETRY_DELAY_SECONDS", "10"))
# `manage.py check_dispatch` (the worker's liveness probe) fails when a case has waited this
# long to be routed: far past the sweep's grace, so only a stalled worker explains it.
ROUTING_STALL_SECONDS = int(os.environ.get("ROUTING_STALL_SECONDS", "300"))

# SMS to complainants and staff: a backend class, see dispatch/sms/__init__.py; the vendor
# gateways are dispatch.sms.aliyun.AliyunBackend and dispatch.sms.tencent.TencentBackend.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "dispatch.sms.LogBackend")
# The gateway's account: AccessKey id/secret (Aliyun) or SecretId/SecretKey (Tencent).
SMS_ACCESS_KEY_ID = os.environ.get("SMS_ACCESS_KEY_ID", "")
SMS_ACCESS_KEY_SECRET = os.environ.get("SMS_ACCESS_KEY_SECRET", "")
SMS_REGION = os.environ.get("SMS_REGION", "")
# Empty: the vendor's public endpoint; "http://127.0.0.1:8601" points at a local gateway.
SMS_ENDPOINT = os.environ.get("SMS_ENDPOINT", "")
SMS_TENCENT_SDK_APP_ID = os.environ.get("SMS_TENCENT_SDK_APP_ID", "")
# The approved sender signature (短信签名), e.g. 宜昌人社 (shown as 【宜昌人社】).
SMS_SIGN_NAME = os.environ.get("SMS_SIGN_NAME", "")
# Template kind -> the vendor's approved template code, as JSON (dispatch/sms/templates.py),
# e.g. {"case_registered": "SMS_123456789", "group_case_alert": "SMS_123456790"}.
SMS_TEMPLATES = json.loads(os.environ.get("SMS_TEMPLATES", "") or "{}")
# Longest value of a template variable; 0: the vendor's rule (Aliyun 35, Tencent none).
SMS_PARAM_MAX_LENGTH = int(os.environ.get("SMS_PARAM_MAX_LENGTH", "0"))
# Per-number limits as seconds:count pairs, e.g. "60:1,3600:5,86400:10" (Aliyun's default
# throttle); a message over a limit waits until it is within it. Empty: no limit.
SMS_RATE_LIMITS = [
    tuple(int(part) for part in pair.split(":")) for pair in env_list("SMS_RATE_LIMITS", "") if pair
]
# A message the gateway refuses is tried this many times, waiting this long doubled each
# time, then marked failed for the office's supervisors (the failed-SMS page).
SMS_MAX_ATTEMPTS = int(os.environ.get("SMS_MAX_ATTEMPTS", "4"))
SMS_RETRY_DELAY_SECONDS = int(os.environ.get("SMS_RETRY_DELAY_SECONDS", "300"))
# Reminders and escalations go out on working days inside these hours (Asia/Shanghai);
# the overdue mark itself is set on time whatever the hour.
OFFICE_HOURS = os.environ.get("OFFICE_HOURS", "08:30-17:30")
# A limit in hours (24 hours to transfer a case to the police) runs through nights and rest
# days, so its reminder and hourly escalations go out at any hour by default: held back to
# office hours, a transfer approved on a Friday afternoon would first be chased on Monday,
# two days after it was due. Off: they wait for OFFICE_HOURS like every other message.
CHASE_HOUR_LIMITS_AROUND_THE_CLOCK = env_bool("CHASE_HOUR_LIMITS_AROUND_THE_CLOCK", True)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shouwen@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # Django's own, redefined below with the filter (config/log_filters.py).
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "filters": {"without_query_strings": {"()": "config.log_filters.WithoutQueryStrings"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "loggers": {
        # Django's default configuration gives the "django" logger a console handler of
        # its own under DEBUG; with the root handler below every 404 was printed twice.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # The development server's request lines, without query strings (searches hold
        # phones and ID numbers).
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["without_query_strings"],
        },
        # The SMS gateways' SDKs log each request at DEBUG with the phone number in it
        # (the URL of Aliyun's SendSms, the body of Tencent's): never below INFO, whatever
        # LOG_LEVEL says (tests/dispatch/test_sms_gateways.py).
        "urllib3": {"handlers": [], "level": "INFO", "propagate": True},
        "tencentcloud_sdk_common": {"handlers": [], "level": "INFO", "propagate": True},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
