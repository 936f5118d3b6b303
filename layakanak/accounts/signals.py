"""Login successes and failures go to the audit trail.

The one place where signals write: Django's login machinery (including the technical admin's
login form) reports both outcomes only through these two signals.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from layakanak.accounts.actions import do_record_login, do_record_login_failure
from layakanak.accounts.http import client_ip
from layakanak.accounts.models import User


@receiver(user_logged_in, dispatch_uid="layakanak_audit_login")
def record_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    do_record_login(user, ip_address=client_ip(request) if request is not None else None)


@receiver(user_login_failed, dispatch_uid="layakanak_audit_login_failure")
def record_login_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    do_record_login_failure(email, ip_address=client_ip(request) if request is not None else None)
