"""Settings come from environment variables.

With none set, the project runs on the embedded default: SQLite under var/, no
broker (tasks run in-process), DEBUG on. `DJANGO_ENV=production` turns on the
production shape, which must pass `manage.py check --deploy`.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"

# Public (it is in this file): only ever used on a developer's machine.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789"


def production_secret_key(value: str, name: str) -> str:
    """A production key from the environment, refused at start-up when `check --deploy` would call it weak."""
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure-") or value == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            f"{name} must be set to 50+ random characters in production "
            "(python -c 'import secrets; print(secrets.token_urlsafe(60))')."
        )
    return value


if PRODUCTION:
    # Secrets come from the environment only: nothing in the repo or the image holds one.
    SECRET_KEY = production_secret_key(os.environ.get("DJANGO_SECRET_KEY", ""), "DJANGO_SECRET_KEY")
    # Rotation: the new key signs; the old ones, listed here until sessions and tokens age out, still verify.
    SECRET_KEY_FALLBACKS = [
        production_secret_key(key, "DJANGO_SECRET_KEY_FALLBACKS") for key in env_list("DJANGO_SECRET_KEY_FALLBACKS")
    ]
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "filings",
    "teams",
    "comments",
    "simple_history",
    "workflow",
    "alerts",
    "precedents",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "web",
]
if not PRODUCTION:
    # The fake EDGAR, the synthetic generator and the demo: for developers, tests and `make demo` only.
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if PRODUCTION:
    # gunicorn serves static files through WhiteNoise; runserver serves them itself in development.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            # A worker and the web process share the file; wait for the lock rather than fail.
            # WAL lets the web process read while a worker writes; NORMAL sync is safe under WAL and
            # avoids an fsync per statement. IMMEDIATE takes the write lock up front instead of failing midway.
            "OPTIONS": {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"  # EDGAR dates and acceptance times are Eastern.
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    # Token first: a refused anonymous call is then a 401 with `WWW-Authenticate: Token`, not a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["config.api_access.PublicDataPermission"],
    "DEFAULT_FILTER_BACKENDS": ["config.api_filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api_pagination.KeysetCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["config.api_access.PerUserThrottle", "config.api_access.PerAddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_THROTTLE_USER", "2000/hour"),
        "anon": os.environ.get("API_THROTTLE_ANON", "200/hour"),
    },
    # X-Forwarded-For hops to trust for a caller's address (throttles, sign-in limits): 1 behind one proxy.
    "NUM_PROXIES": int(os.environ.get("DJANGO_NUM_PROXIES", "0")),
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "config.api.api_exception_handler",
}
# Public EDGAR data (companies, filings, documents, public letters and what they say) readable without
# signing in. Private letters and workflow data never are.
API_ALLOW_ANONYMOUS_PUBLIC_READ = env_bool("API_ALLOW_ANONYMOUS_PUBLIC_READ", False)
API_EXPORT_MAX_ROWS = int(os.environ.get("API_EXPORT_MAX_ROWS", "50000"))
SPECTACULAR_SETTINGS = {
    "TITLE": "SEC comment letters API",
    "DESCRIPTION": (
        "Companies, filings and documents mirrored from EDGAR; comment letters with their staff comments, "
        "company responses and referenced filings; ingestion runs. Lists page by cursor and export as CSV or XLSX."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files come from drf-spectacular-sidecar and are served by us: no CDN is needed.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",  # tags by resource: letters, filings, …
    # Two models have a choice field named "source"; name each set of choices.
    "ENUM_NAME_OVERRIDES": {
        "FilingSourceEnum": "filings.models.Filing.Source",
        "IngestionRunSourceEnum": "filings.models.IngestionRun.Source",
        # Drafts, response letters and reviews each have a "status" with its own choices.
        "DraftStatusEnum": "workflow.models.Draft.Status",
        "ResponseLetterStatusEnum": "workflow.models.ResponseLetter.Status",
        "ReviewStatusEnum": "comments.models.Review.Status",
        # Alerts' choice sets share field names ("kind", "status") with the letters'; the letters' kinds
        # keep the name they had before.
        "KindEnum": "comments.models.Letter.Kind",
        "AlertChannelKindEnum": "alerts.models.Channel.Kind",
        "AlertEventKindEnum": "alerts.models.EventKind",
        "AlertDeliveryStatusEnum": "alerts.models.Delivery.Status",
        "AlertDeliveryAttemptOutcomeEnum": "alerts.models.DeliveryAttempt.Outcome",
    },
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # In-process (eager) tasks would log a line per letter; a worker logs through its own settings.
        "celery.app.trace": {"level": "WARNING"},
        # faiss says which CPU build it tried at every import, in six lines.
        "faiss.loader": {"level": "WARNING"},
    },
}

# --- EDGAR -------------------------------------------------------------------
EDGAR_ARCHIVES_URL = os.environ.get("EDGAR_ARCHIVES_URL", "https://www.sec.gov").rstrip("/")
EDGAR_DATA_URL = os.environ.get("EDGAR_DATA_URL", "https://data.sec.gov").rstrip("/")
# SEC fair access: "Company Name email@domain". The client refuses to run without it.
EDGAR_USER_AGENT = os.environ.get("EDGAR_USER_AGENT", "")
# One budget shared by every process; SEC allows 10/s per user across all machines.
EDGAR_RATE_LIMIT = float(os.environ.get("EDGAR_RATE_LIMIT", "10"))
EDGAR_TIMEOUT = float(os.environ.get("EDGAR_TIMEOUT", "30"))
EDGAR_MAX_RETRIES = int(os.environ.get("EDGAR_MAX_RETRIES", "6"))
EDGAR_BACKOFF_BASE = float(os.environ.get("EDGAR_BACKOFF_BASE", "1.0"))
# SEC blocks a client for about 10 minutes after its rate-threshold page.
EDGAR_RATE_BLOCK_SECONDS = float(os.environ.get("EDGAR_RATE_BLOCK_SECONDS", "600"))
EDGAR_CACHE_DIR = Path(os.environ.get("EDGAR_CACHE_DIR", VAR_DIR / "edgar-cache"))
EDGAR_MAX_DOCUMENT_BYTES = int(os.environ.get("EDGAR_MAX_DOCUMENT_BYTES", str(50 * 1024 * 1024)))
# Companies whose correspondence the watchlist sync follows.
EDGAR_WATCHLIST = [int(c) for c in env_list("EDGAR_WATCHLIST")]
EDGAR_POLL_INTERVAL_SECONDS = int(os.environ.get("EDGAR_POLL_INTERVAL_SECONDS", "3600"))
# The hard time limit of one filing's fetch task. A claim on a filing older than this belongs to a
# worker that was killed, so it is also the age at which another worker may retake the claim.
EDGAR_FETCH_TASK_TIME_LIMIT = int(os.environ.get("EDGAR_FETCH_TASK_TIME_LIMIT", "900"))
# A 429's Retry-After is slept through up to this; longer, the filing is released and retried later.
EDGAR_RETRY_AFTER_MAX_SECONDS = float(os.environ.get("EDGAR_RETRY_AFTER_MAX_SECONDS", "60"))
# The beat sweep: reclaims what dead processes held, picks up orphaned filings and retries transient
# failures, first after EDGAR_FETCH_RETRY_BASE_SECONDS, doubling each time, until EDGAR_FETCH_MAX_ATTEMPTS.
EDGAR_SWEEP_INTERVAL_SECONDS = int(os.environ.get("EDGAR_SWEEP_INTERVAL_SECONDS", "300"))
EDGAR_FETCH_RETRY_BASE_SECONDS = float(os.environ.get("EDGAR_FETCH_RETRY_BASE_SECONDS", "300"))
EDGAR_FETCH_MAX_ATTEMPTS = int(os.environ.get("EDGAR_FETCH_MAX_ATTEMPTS", "6"))
# How long an unfinished filing must lie untouched before the sweep takes it (queued work is not doubled).
EDGAR_SWEEP_GRACE_SECONDS = float(os.environ.get("EDGAR_SWEEP_GRACE_SECONDS", "120"))
# An identity's rate budget (Redis or a file lock) not used for this long may be taken over by another kind.
EDGAR_RATE_BUDGET_IDLE_SECONDS = float(os.environ.get("EDGAR_RATE_BUDGET_IDLE_SECONDS", "900"))

# --- Celery ------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
# Without a broker, tasks run in-process: the embedded default needs no server.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# For tasks that set no limit of their own; the filings tasks follow EDGAR_FETCH_TASK_TIME_LIMIT.
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "3600"))
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "3300"))
CELERY_TIMEZONE = TIME_ZONE
# Redis hands an unacknowledged message (its worker was killed) to another worker after this long. It
# must outlast the longest task time limit, or a task still running would be delivered twice; the beat
# sweep recovers dead workers' filings well before it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(
        os.environ.get("CELERY_VISIBILITY_TIMEOUT", str(max(CELERY_TASK_TIME_LIMIT, EDGAR_FETCH_TASK_TIME_LIMIT) + 300))
    )
}
# A restart (SIGTERM with REMAP_SIGTERM=SIGQUIT in the worker's environment) lets running tasks finish
# for this long, then stops the rest and hands their messages back to the queue at once.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = float(os.environ.get("CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", "60"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Web ---------------------------------------------------------------------
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
# Every sign-in (the pages, the admin, the API's token endpoint) goes through the throttled backend.
AUTHENTICATION_BACKENDS = ["web.sign_in.ThrottledModelBackend"]
# Failed sign-ins allowed per username and address, and per address alone, within the window.
LOGIN_FAILURES_PER_USER_AND_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_USER_AND_ADDRESS", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "50"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# Sign-in limits and API throttles count in the cache: shared by every process only through Redis.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
# No inline script or style on the pages; the admin and Swagger UI set styles inline, and get that only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
CONTENT_SECURITY_POLICY_INLINE_STYLE_PATHS = ("/admin/", "/api/")
MIDDLEWARE.append("web.middleware.ContentSecurityPolicyMiddleware")

# --- Workflow ----------------------------------------------------------------
# Admin edits of drafts, assignments and response letters are recorded with the signed-in user.
MIDDLEWARE.append("simple_history.middleware.HistoryRequestMiddleware")
# A staff letter asks for an answer within this many business days of its date.
RESPONSE_DUE_BUSINESS_DAYS = int(os.environ.get("RESPONSE_DUE_BUSINESS_DAYS", "10"))
# An unanswered comment is "due soon" this many business days (or fewer) before its due date.
RESPONSE_DUE_SOON_BUSINESS_DAYS = int(os.environ.get("RESPONSE_DUE_SOON_BUSINESS_DAYS", "3"))

# --- Alerts ------------------------------------------------------------------
# Alert emails go through Django's mail backend: SMTP in production, the console in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
ALERTS_FROM_EMAIL = os.environ.get("ALERTS_FROM_EMAIL", "alerts@localhost")
# One connection attempt or request to a receiver may take this long; a claim outlasts it many times over.
ALERTS_EMAIL_TIMEOUT_SECONDS = float(os.environ.get("ALERTS_EMAIL_TIMEOUT_SECONDS", "10"))
ALERTS_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("ALERTS_WEBHOOK_TIMEOUT_SECONDS", "10"))
# Webhooks to loopback or private addresses (the metadata service, the database) are refused in
# production, and plain http with them: an organisation's admin chooses the URL.
ALERTS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("ALERTS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", not PRODUCTION)
ALERTS_WEBHOOK_ALLOW_HTTP = env_bool("ALERTS_WEBHOOK_ALLOW_HTTP", not PRODUCTION)
# The beat sweep: finds comments due soon and overdue, gives back claims of dead workers, and retries
# failed deliveries, first after ALERTS_RETRY_BASE_SECONDS, doubling up to ALERTS_RETRY_MAX_SECONDS,
# until ALERTS_MAX_ATTEMPTS.
ALERTS_SWEEP_INTERVAL_SECONDS = int(os.environ.get("ALERTS_SWEEP_INTERVAL_SECONDS", "60"))
ALERTS_RETRY_BASE_SECONDS = float(os.environ.get("ALERTS_RETRY_BASE_SECONDS", "60"))
ALERTS_RETRY_MAX_SECONDS = float(os.environ.get("ALERTS_RETRY_MAX_SECONDS", str(6 * 3600)))
ALERTS_MAX_ATTEMPTS = int(os.environ.get("ALERTS_MAX_ATTEMPTS", "10"))
# A delivery claimed this long ago and not finished belongs to a worker that died: the sweep gives it back.
ALERTS_CLAIM_TIMEOUT_SECONDS = float(os.environ.get("ALERTS_CLAIM_TIMEOUT_SECONDS", "300"))
# A delivery queued this long ago and still not claimed lost its message: the sweep queues it again.
ALERTS_QUEUE_GRACE_SECONDS = float(os.environ.get("ALERTS_QUEUE_GRACE_SECONDS", "120"))
# After this many failures in a row a channel is failing: one delivery probes it per interval, the rest wait.
ALERTS_CHANNEL_FAILING_AFTER = int(os.environ.get("ALERTS_CHANNEL_FAILING_AFTER", "5"))
ALERTS_FAILING_CHANNEL_RETRY_SECONDS = float(os.environ.get("ALERTS_FAILING_CHANNEL_RETRY_SECONDS", "1800"))
# A letter dated longer ago than this is history (a backfill), not news: it raises no alert.
ALERTS_NEW_LETTER_MAX_AGE_DAYS = int(os.environ.get("ALERTS_NEW_LETTER_MAX_AGE_DAYS", "30"))
# The sweep looks again at letters parsed this recently, in case a worker died before it raised their alerts.
ALERTS_LETTER_CATCH_UP_HOURS = int(os.environ.get("ALERTS_LETTER_CATCH_UP_HOURS", "24"))

# --- Precedent search (precedents/, bench/RESULTS-precedents.md) -------------
# A model version is fitted on at most this many public staff comments (spread evenly over them): about
# 20 s at 100,000; more adds little vocabulary.
PRECEDENTS_FIT_MAX_COMMENTS = int(os.environ.get("PRECEDENTS_FIT_MAX_COMMENTS", "100000"))
PRECEDENTS_DIMENSIONS = int(os.environ.get("PRECEDENTS_DIMENSIONS", "256"))
# Comments embedded and written per step of a re-index (its progress is recorded after each).
PRECEDENTS_INDEX_BATCH = int(os.environ.get("PRECEDENTS_INDEX_BATCH", "1000"))
