"""System checks for `layakanak check --deploy`: a production configuration must protect its
sessions. Django's own deploy checks only warn about these; here they are errors, so the command
fails (and so does a deployment script that runs it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

ONE_YEAR = 31536000


@register(Tags.security, deploy=True)
def check_production_security(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    if settings.DEBUG:
        errors.append(Error("DEBUG is on.", hint="Unset DEBUG in production.", id="layakanak.E001"))
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        errors.append(
            Error(
                "Session and CSRF cookies are sent over plain HTTP too.",
                hint="Set SECURE_COOKIES=true (docs/configuration.md).",
                id="layakanak.E002",
            )
        )
    if settings.SECURE_HSTS_SECONDS < ONE_YEAR:
        errors.append(
            Error(
                "Strict-Transport-Security is off or shorter than a year.",
                hint=f"Set HSTS_SECONDS={ONE_YEAR} (docs/configuration.md).",
                id="layakanak.E003",
            )
        )
    return errors
