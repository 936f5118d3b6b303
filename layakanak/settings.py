"""Django settings for Layak Anak, read from the environment.

Every variable is documented in docs/configuration.md. Defaults are safe for trying the
platform on one machine: SQLite under var/, files under var/media, DEBUG off.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from layakanak.lib.env import ConfigurationError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("LAYAKANAK_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("LAYAKANAK_DEMO", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEMO_MODE:
    # The demo keeps a random key of its own under var/ so that sessions survive restarts.
    _demo_key_file = VAR_DIR / "demo-secret-key"
    if not _demo_key_file.exists():
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        _demo_key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _demo_key_file.read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigurationError(
            "SECRET_KEY must be set when DEBUG is off (see docs/configuration.md)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("SITE_NAME", "Layak Anak")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "layakanak.core",
    "layakanak.throttling",
    "layakanak.accounts",
    "layakanak.audit",
    "layakanak.regions",
    "layakanak.instruments",
    "layakanak.evaluation",
    "layakanak.verification",
    "layakanak.services",
    "layakanak.results",
    "layakanak.portal",
    # Demonstration and seed data (the `demo` commands); the top layer, imported by no app.
    "layakanak.demo",
]

MIDDLEWARE = [
    "layakanak.core.middleware.RequestLogMiddleware",
    # HEAD is answered wherever GET is (link checkers, monitors); see the middleware.
    "layakanak.core.middleware.HeadAsGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages of anonymous visitors served from the page cache before sessions, auth,
    # two-factor, CSRF and axes run (layakanak/portal/page_cache.py).
    "layakanak.portal.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "layakanak.accounts.middleware.IdleSessionMiddleware",
    "layakanak.core.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "layakanak.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it turns a lockout noticed during the login view into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "layakanak.urls"
WSGI_APPLICATION = "layakanak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "layakanak.core.context_processors.site",
                "layakanak.accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
# SQLite under var/ is the embedded default; DATABASE_URL=postgres://... for PostgreSQL.
# PostgreSQL connections are kept open between requests (DB_CONN_MAX_AGE) and checked before a
# request reuses them, so that a database restart costs no failed request.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES: dict[str, Any] = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "layakanak.sqlite3",
            "OPTIONS": {
                # WAL lets readers continue while one writer commits.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Internationalisation: Bahasa Indonesia first, English second ------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "layakanak_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Largest evidence (data dukung) file accepted, in bytes; uploads arrive in chunks of at most
# EVIDENCE_CHUNK_MAX_BYTES and are streamed to storage, never held whole in memory.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
EVIDENCE_CHUNK_MAX_BYTES = env_int("EVIDENCE_CHUNK_MAX_BYTES", 2 * 1024 * 1024)
# Uploaded files: the local folder MEDIA_ROOT, or an S3-compatible bucket (MinIO, a cloud's S3).
# Every download goes through a permission-checked view, so the bucket stays private.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "local":
    DEFAULT_STORAGE: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", ""),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("S3_PREFIX", ""),
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,  # never a public URL (files are streamed by the views)
            "file_overwrite": False,  # a name in use gets a new one, as on a local disk
        },
    }
    if not DEFAULT_STORAGE["OPTIONS"]["bucket_name"]:
        raise ConfigurationError("MEDIA_STORAGE=s3 needs S3_BUCKET.")
else:
    raise ConfigurationError(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}.")
STORAGES: dict[str, dict[str, Any]] = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        # Hashed, pre-compressed files served with a one-year immutable cache header.
        "BACKEND": env_str(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = env_int("STATIC_MAX_AGE", 3600)

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Browser features no page uses are switched off; geolocation only for this site's own pages
# ("Use my location" in the child services).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(self), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), interest-cohort=()"
)

# --- Content Security Policy (django-csp 4) ---------------------------------------------------
# Scripts only from our own files: no inline scripts, no eval. Styles only from our own files
# too: templates use no style attributes; Leaflet positions map tiles through the CSSOM
# (element.style), which style-src does not restrict, so it needs no 'unsafe-inline'.
# data: images are Leaflet's and Swagger UI's small inline icons.
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Accounts, login and two-factor ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt while the address and account are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    # Django's argon2, with at most PASSWORD_HASH_CONCURRENCY checks at once per process.
    "layakanak.accounts.hashers.BoundedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_HASH_CONCURRENCY = env_int("PASSWORD_HASH_CONCURRENCY", 1)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions end after this many seconds without a request: IdleSessionMiddleware pushes the
# expiry forward at most once a minute instead of saving the session on every request.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 1800)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Invitation and password-reset links: one use, valid this long.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_LINK_HOURS", 72) * 3600
# Absolute links in e-mails (invitations, password reset) start with this address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# A production server behind HTTPS (DEBUG off) refuses to start without Secure cookies and HSTS:
# over HTTPS a cookie without Secure can still leak over a plain-HTTP request, and without HSTS a
# first visit can be downgraded. `layakanak check --deploy` checks the same (core/checks.py).
if not DEBUG and (SITE_URL.startswith("https://") or BEHIND_HTTPS_PROXY or SECURE_SSL_REDIRECT):
    _missing = [
        name
        for name, ok in (
            ("SECURE_COOKIES=true", SESSION_COOKIE_SECURE),
            ("HSTS_SECONDS (at least 31536000)", SECURE_HSTS_SECONDS >= 31536000),
        )
        if not ok
    ]
    if _missing:
        raise ConfigurationError(
            "The site is served over HTTPS (DEBUG off), so set "
            + " and ".join(_missing)
            + " (see docs/configuration.md and docs/security.md)."
        )
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)

# django-axes: lock an account from one address after LOGIN_FAILURE_LIMIT failures, for
# LOGIN_LOCKOUT_MINUTES. Locking by account and address together keeps one office's shared
# address from locking out its colleagues, and a stranger from locking out an account.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit trail
AXES_CLIENT_IP_CALLABLE = "layakanak.accounts.http.client_ip"
AXES_LOCKOUT_CALLABLE = "layakanak.accounts.views_auth.lockout_response"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = SITE_NAME

# --- E-mail: invitations and password links (console output unless EMAIL_HOST is set) --------
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Layak Anak <noreply@localhost>")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST and not DEMO_MODE
    else "django.core.mail.backends.console.EmailBackend",
)

# --- Logging: one JSON line per request on stdout ---------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "layakanak.core.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "layakanak": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "django": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}

# --- Background tasks (django-tasks) ------------------------------------------------------------
# "database": tasks wait in the database until `layakanak worker` runs them (production, demo);
# "immediate": they run inside the request that asks for them (tests, a quick try).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ConfigurationError(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS: dict[str, Any] = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# Processes that render certificate PDFs in parallel during a batch (1 = in the worker itself).
CERTIFICATE_PROCESSES = env_int("CERTIFICATE_PROCESSES", 2)

# --- Page cache: rendered public pages of anonymous visitors (layakanak/portal/page_cache.py) --
# PAGE_CACHE: "file" (default: a folder shared by the processes of this machine), "memory" (one
# process only), "off", or a redis:// URL (needs the redis package; several machines).
PAGE_CACHE = env_str("PAGE_CACHE", "file")
PAGE_CACHE_ENABLED = PAGE_CACHE != "off"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)  # lifetime of a kept page
PAGE_CACHE_CHECK_SECONDS = env_int("PAGE_CACHE_CHECK_SECONDS", 60)  # re-read the data stamp
PAGE_CACHE_MEMORY_MB = env_int("PAGE_CACHE_MEMORY_MB", 64)  # copy kept in each process
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 60)  # Cache-Control max-age of those pages
_PAGE_CACHES: dict[str, dict[str, Any]] = {
    "file": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 20000)},
    },
    "memory": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "layakanak-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 20000)},
    },
    "off": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
if PAGE_CACHE.startswith(("redis://", "rediss://", "unix://")):
    _PAGE_CACHES[PAGE_CACHE] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": PAGE_CACHE,
    }
if PAGE_CACHE not in _PAGE_CACHES:
    raise ConfigurationError(
        f"PAGE_CACHE must be file, memory, off or a redis:// URL, not {PAGE_CACHE!r}"
    )
CACHES: dict[str, dict[str, Any]] = {
    # Process-local: throttling counters, derived region data (as Django's default).
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": _PAGE_CACHES[PAGE_CACHE],
}

# --- Regions ----------------------------------------------------------------------------------
# Cache lifetime of region boundary GeoJSON served by the API (seconds).
BOUNDARY_MAX_AGE = env_int("BOUNDARY_MAX_AGE", 7 * 24 * 3600)

# --- Child services (layakanak.services) -------------------------------------------------------
# Fernet key(s) that encrypt reports' free text and contact details at rest; comma-separated, the
# first encrypts, all decrypt (rotation). Empty: derived from SECRET_KEY in DEBUG or demo mode,
# otherwise refused with a clear message as soon as a report is written or read.
SERVICES_ENCRYPTION_KEY = env_str("SERVICES_ENCRYPTION_KEY")
# Closed reports and handled appointment requests are deleted this many days after closure.
SERVICES_RETENTION_DAYS = env_int("SERVICES_RETENTION_DAYS", 365)
