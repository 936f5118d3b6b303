"""What the child-services actions share: their refusals, the audit snapshot of a row, the
e-mail that says something is waiting, and the public forms' one-time tokens."""

from __future__ import annotations

import datetime
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.utils.translation import gettext as _

from layakanak.evaluation.errors import EDIT_CONFLICT
from layakanak.lib import limits
from layakanak.lib.refusals import Refused
from layakanak.regions.models import Region
from layakanak.services import throttle

logger = logging.getLogger("layakanak.services.actions")


PUBLIC = "public"
# Crockford's base32 without look-alikes: 16 characters are 80 random bits.
_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


class ServiceRefused(Refused):
    """A write that was refused; `str()` is the message shown to the person, in the active
    language (a text already translated, or a template of the catalogue with its parameters)."""


class ServiceConflict(ServiceRefused):
    """A save from a stale form: someone saved the same row since the form was loaded. Nothing
    was written; `current_version` is what the form carries from now on, so that saving again,
    having been told, replaces the other change."""

    status = 409

    def __init__(self, what: object, current_version: int, changed_by: str) -> None:
        self.current_version = current_version
        self.changed_by = changed_by
        super().__init__(EDIT_CONFLICT, what=what, changed_by=changed_by)


def _check_text(value: str, limit: int, what: object) -> str:
    return limits.check_length(value, limit, what, ServiceRefused)


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _plain(value: Any) -> Any:
    if isinstance(value, Region):
        return value.code
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, str, list)):
        return value
    return str(value)


def _notify(to: str, region: Region, path: str) -> None:
    """An e-mail that says only that something waits in the inbox: no personal data."""
    if not to:
        return
    subject = _("[%(site)s] A new item is waiting in the child-services inbox") % {
        "site": settings.SITE_NAME
    }
    body = _(
        "A new item is waiting in the child-services inbox of %(region)s.\n\n"
        "Open it after logging in: %(link)s\n\n"
        "For the child's safety this e-mail contains no details."
    ) % {"region": region.name, "link": settings.SITE_URL.rstrip("/") + path}
    try:
        send_mail(subject, body, None, [to])
    except Exception:  # the inbox still holds the report; the mail is only a nudge
        logger.exception("service notification e-mail could not be sent")


def _use_form_token(token: str | None) -> None:
    """A public form's token is accepted once: the same form sent again (a replay, or a script
    re-posting one valid form) is refused. It is used inside the action's transaction, so a
    submission that fails leaves it usable."""
    if token is not None and not throttle.use_token(token):
        raise ServiceRefused(
            _("This form has already been sent. Reload the page to send a new one.")
        )
