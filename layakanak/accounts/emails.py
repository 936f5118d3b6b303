"""Invitation and password-reset e-mails with Django's expiring one-time links.

The link carries a token from `default_token_generator`: it expires after
PASSWORD_RESET_TIMEOUT and stops working once the password has been set (the token hashes the
current password). SMTP comes from the EMAIL_* settings; the demo prints e-mails on the console.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from layakanak.accounts.models import User


def password_link(user: User) -> str:
    path = reverse(
        "accounts:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def _send(user: User, subject: str, template: str) -> None:
    context = {
        "user": user,
        "link": password_link(user),
        "site_name": settings.SITE_NAME,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    body = render_to_string(template, context)
    send_mail(subject, body, None, [user.email])


def send_invitation(user: User) -> None:
    _send(
        user,
        _("Your %(site)s account") % {"site": settings.SITE_NAME},
        "accounts/email/invitation.txt",
    )


def send_password_reset(user: User) -> None:
    _send(
        user,
        _("Set a new %(site)s password") % {"site": settings.SITE_NAME},
        "accounts/email/password_reset.txt",
    )
