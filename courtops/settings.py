"""CourtOps settings: one file, every knob an environment variable with a safe embedded default.

Embedded default (nothing to install but Python): SQLite under var/ and kombu's filesystem
broker under var/. Production: DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://….
A bad value stops start-up with a message naming the variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COURTOPS_VAR_DIR", BASE_DIR / "var"))


# --- helpers that fail loudly -------------------------------------------------------------
def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- core ---------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)
_INSECURE_KEY = "courtops-embedded-demo-key-not-for-production-0123456789abcdefghijklmnop"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _INSECURE_KEY)
PRODUCTION = env_bool("COURTOPS_PRODUCTION", False)
if PRODUCTION and SECRET_KEY == _INSECURE_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when COURTOPS_PRODUCTION=1.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

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
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "csp",
    "pgtrigger",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "courtops.core",
    "nodes",
    "contracts",
    "acceptance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "courtops.core.client_ip.ClientIPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "courtops.core.errors.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "courtops.core.middleware.SessionLifetimeMiddleware",
    "courtops.core.middleware.SecondFactorRequiredMiddleware",
    "courtops.core.middleware.PasswordChangeRequiredMiddleware",
    "courtops.core.middleware.NoStoreForAuthenticatedMiddleware",
    "courtops.core.middleware.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "courtops.core.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "courtops.urls"
WSGI_APPLICATION = "courtops.wsgi.application"

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
                "courtops.core.context_processors.navigation",
            ],
        },
    }
]

# --- database -----------------------------------------------------------------------------
_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    try:
        _db = dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from exc
    if _db["ENGINE"] not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured(
            f"DATABASE_URL uses {_db['ENGINE']}; CourtOps runs on PostgreSQL or SQLite only."
        )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "courtops.sqlite3")}
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the Celery worker read while one writes; IMMEDIATE
    # transactions take the write lock up front, so two writers queue on the busy timeout
    # instead of failing half-way with "database is locked".
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("COURTOPS_SQLITE_TIMEOUT", 30, minimum=1),
    }
    _db.pop("CONN_HEALTH_CHECKS", None)
    _db["CONN_MAX_AGE"] = 0
_db["ATOMIC_REQUESTS"] = False
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = _db["ENGINE"] == "django.db.backends.postgresql"

# --- Celery -------------------------------------------------------------------------------
_broker = os.environ.get("CELERY_BROKER_URL", "").strip()
if _broker:
    _scheme = urlparse(_broker).scheme
    if _scheme not in {"redis", "rediss", "amqp", "filesystem", "memory"}:
        raise ImproperlyConfigured(
            f"CELERY_BROKER_URL has scheme {_scheme!r}; use redis://, rediss://, amqp:// or filesystem://."
        )
    CELERY_BROKER_URL = _broker
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {"visibility_timeout": 3600}
else:
    _queue = VAR_DIR / "celery" / "queue"
    _processed = VAR_DIR / "celery" / "processed"
    for _folder in (_queue, _processed):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "data_folder_processed": str(_processed),
        "store_processed": False,
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Shanghai"
# Every periodic schedule of the project, in one place.
CELERY_BEAT_SCHEDULE = {
    "seal-audit-chains": {
        "task": "core.audit_seal_all",
        "schedule": timedelta(seconds=env_int("COURTOPS_AUDIT_SEAL_SECONDS", 10, minimum=1)),
    },
    "checkpoint-audit-chains": {
        "task": "core.audit_checkpoint",
        "schedule": timedelta(minutes=env_int("COURTOPS_AUDIT_CHECKPOINT_MINUTES", 5, minimum=1)),
    },
    "refresh-case-time-limits": {
        "task": "cases.refresh_time_limits",
        "schedule": timedelta(hours=env_int("COURTOPS_CASE_LIMIT_REFRESH_HOURS", 6, minimum=1)),
    },
    # A dead import (no heartbeat for COURTOPS_IMPORT_DEAD_AFTER_SECONDS) is resumed within
    # that time plus one sweep period.
    "sweep-imports": {"task": "cases.import_jobs_sweep", "schedule": timedelta(seconds=15)},
    "purge-import-uploads": {"task": "cases.import_jobs_purge", "schedule": timedelta(hours=1)},
    # waits on parties whose period has run end by themselves (workflow engine)
    "sweep-waits": {"task": "nodes.waits_sweep", "schedule": timedelta(minutes=1)},
}
# Task modules outside an app's own tasks.py (autodiscovery finds only those).
CELERY_IMPORTS = ["courtops.core.cases.tasks"]

# Each checkpoint of the audit chains is also appended to this file (one JSON line each), kept
# on storage the database cannot reach; `audit verify` checks the chains against it too.
COURTOPS_AUDIT_ANCHOR_FILE = env_str("COURTOPS_AUDIT_ANCHOR_FILE", "")

# --- auth, sessions, second factor --------------------------------------------------------
AUTH_USER_MODEL = "core.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_MIN_LENGTH = env_int("COURTOPS_PASSWORD_MIN_LENGTH", 12, minimum=8)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "courtops.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # MLPS 2.0 (等保) asks for mixed character classes; ASVS advises against it, so it is a knob.
    {
        "NAME": "courtops.core.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": env_int("COURTOPS_PASSWORD_MIN_CLASSES", 3, minimum=1)},
    },
    {"NAME": "courtops.core.passwords.CourtWordValidator"},
]
PASSWORD_MAX_AGE_DAYS = env_int("COURTOPS_PASSWORD_MAX_AGE_DAYS", 0, minimum=0)  # 0 = never

# The client address behind reverse proxies, for the audit trail and the lockout key alike
# (courtops/core/client_ip.py): how many proxies in front of gunicorn append to which header.
_behind_proxy = env_bool("COURTOPS_BEHIND_PROXY", False)
COURTOPS_TRUSTED_PROXIES = env_int("COURTOPS_TRUSTED_PROXIES", 1 if _behind_proxy else 0, minimum=0)
COURTOPS_CLIENT_IP_HEADER = "HTTP_" + env_str(
    "COURTOPS_CLIENT_IP_HEADER", "X-Forwarded-For"
).upper().replace("-", "_")

# django-axes: lock (username, IP) pairs so a stranger cannot lock a colleague out from elsewhere.
AXES_CLIENT_IP_CALLABLE = "courtops.core.client_ip.client_ip"
AXES_ENABLED = env_bool("COURTOPS_AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("COURTOPS_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("COURTOPS_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "courtops.core.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("COURTOPS_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True  # sliding inactivity timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env_int("COURTOPS_SESSION_MAX_HOURS", 10, minimum=1) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Roles that must use a TOTP second factor (comma-separated role values).
OTP_REQUIRED_ROLES = env_list("COURTOPS_OTP_REQUIRED_ROLES", [])
OTP_TOTP_ISSUER = "CourtOps"

# --- security headers (production values when not DEBUG) ----------------------------------
# Content-Security-Policy on every response (django-csp): scripts, styles, images and fonts
# from this server only — no inline script or style anywhere (templates load static files;
# htmx is told not to inject its indicator <style>), no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Browser features the application never uses are switched off for it.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
_https = env_bool("COURTOPS_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = env_bool("COURTOPS_SSL_REDIRECT", _https)
SECURE_HSTS_SECONDS = env_int("COURTOPS_HSTS_SECONDS", 31536000 if _https else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _behind_proxy else None

# --- i18n ---------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("COURTOPS_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True  # serves from the source folders too, so tests need no collectstatic
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
COURTOPS_MAX_UPLOAD_BYTES = env_int("COURTOPS_MAX_UPLOAD_MB", 20, minimum=1) * 1024 * 1024
# Uploaded workbooks are checked BEFORE parsing (courtops.core.excel.open_workbook): what the
# archive expands to, how densely a part is compressed (a zip bomb is hundreds of times), and
# the rows and cells a sheet declares. 200,000 ledger rows × 13 columns fit the defaults.
COURTOPS_XLSX_MAX_UNCOMPRESSED_BYTES = (
    env_int("COURTOPS_XLSX_MAX_UNCOMPRESSED_MB", 150, minimum=1) * 1024 * 1024
)
COURTOPS_XLSX_MAX_RATIO = env_int("COURTOPS_XLSX_MAX_RATIO", 100, minimum=10)
COURTOPS_XLSX_MAX_ROWS = env_int("COURTOPS_XLSX_MAX_ROWS", 200_000, minimum=100)
COURTOPS_XLSX_MAX_CELLS = env_int("COURTOPS_XLSX_MAX_CELLS", 3_000_000, minimum=1000)
# Uploaded workbooks hold personal data; their content is deleted this many days after the
# import finished (the job's outcome and masked errors stay).
COURTOPS_IMPORT_RETENTION_DAYS = env_int("COURTOPS_IMPORT_RETENTION_DAYS", 7, minimum=0)
# A running import writes a heartbeat every few seconds; one silent this long lost its worker.
COURTOPS_IMPORT_HEARTBEAT_SECONDS = env_int("COURTOPS_IMPORT_HEARTBEAT_SECONDS", 10, minimum=1)
COURTOPS_IMPORT_DEAD_AFTER_SECONDS = env_int("COURTOPS_IMPORT_DEAD_AFTER_SECONDS", 45, minimum=5)
# Longest URL (path + query) the app answers; longer gets the app's own 414 page. gunicorn's
# limit_request_line (bin/run-demo, docker-compose.yml) is set above it, so its raw English
# "URI Too Long" page is only reached by request lines beyond 8,190 bytes.
CSRF_FAILURE_VIEW = "courtops.core.errors.csrf_failure"
COURTOPS_MAX_URL_LENGTH = env_int("COURTOPS_MAX_URL_LENGTH", 4096, minimum=256)

# --- API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "courtops.core.api.authentication.ServiceTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["courtops.core.api.permissions.IsActivePerson"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "courtops.core.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "courtops.core.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
COURTOPS_API_MAX_PAGE_SIZE = env_int("COURTOPS_API_MAX_PAGE_SIZE", 200, minimum=1)
SPECTACULAR_SETTINGS = {
    # The schema and its docs describe every endpoint: logged-in people only.
    "SERVE_PERMISSIONS": ["courtops.core.api.permissions.IsActivePerson"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "courtops.core.api.schema.add_error_responses",
    ],
    "TITLE": "CourtOps API",
    "DESCRIPTION": "审判辅助事务外包管理系统 API",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Field names shared by several apps ("status", "procedure", "role", "source") need
    # distinct enum names in the schema.
    "ENUM_NAME_OVERRIDES": {
        "CaseProcedureEnum": "courtops.core.cases.choices.Procedure",
        "CaseStatusEnum": "courtops.core.cases.choices.CaseStatus",
        "CaseSourceEnum": "courtops.core.cases.choices.CaseSource",
        "PartyRoleEnum": "courtops.core.cases.choices.PartyRole",
        "WorkOrderStatusEnum": "nodes.engine.choices.WorkOrderStatus",
        "AttemptOutcomeEnum": "nodes.engine.choices.AttemptOutcome",
    },
}

# --- logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("COURTOPS_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
