"""Settings for the test suite: the project's settings with test-only speedups."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Tests see every change at once: the page cache is on only in tests/portal/test_page_cache.py.
os.environ.setdefault("PAGE_CACHE", "off")

from layakanak.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["loggers"]["layakanak"]["level"] = "WARNING"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns when missing)

# Browser tests use a threaded live server: with SQLite an in-memory test database is shared
# across threads and locks under concurrent requests, so the test database is a file (WAL).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test process, so that parallel runs never share it; Django removes it after.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"layakanak-test-{os.getpid()}.sqlite3")
    }

# Browser tests wait for the live server to finish every request before the database is flushed.
MIDDLEWARE = ["tests.inflight.InFlightMiddleware", *MIDDLEWARE]  # noqa: F405

# Background tasks run inside the request that enqueues them (no worker in the test suite).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
