"""Abuse limits shared by every process: attempt counters and single-use tokens.

`allow_attempt(bucket, subject, limit=, window=)` counts one attempt of a subject in a fixed
window and says whether it is still within the limit. `use_once(token, valid_for=)` accepts a
token the first time only. Subjects and tokens are stored only as keyed hashes (HMAC with
SECRET_KEY): no address, e-mail or token is kept in clear.

These rows are bookkeeping, like sessions: they are not audit events and are not written through
an action. Expired rows are deleted as new windows start, so no scheduled job is needed.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from layakanak.throttling.models import AttemptCounter, UsedToken


def keyed_hash(text: str) -> str:
    """A hash of `text` that cannot be reversed without SECRET_KEY (for addresses, e-mails)."""
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def _window_start(now: datetime.datetime, window: int) -> datetime.datetime:
    seconds = int(now.timestamp())
    return datetime.datetime.fromtimestamp(seconds - seconds % window, tz=datetime.UTC)


def allow_attempt(
    bucket: str,
    subject: str,
    *,
    limit: int,
    window: int,
    now: datetime.datetime | None = None,
) -> bool:
    """Count one attempt of `subject` in `bucket`; False once more than `limit` attempts were
    made in the current window of `window` seconds (the refused attempts count too)."""
    now = now or timezone.now()
    key = f"{bucket}:{keyed_hash(subject)[:40]}"
    start = _window_start(now, window)
    rows = AttemptCounter.objects.filter(key=key, window_start=start)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    AttemptCounter.objects.create(
                        key=key,
                        window_start=start,
                        count=1,
                        expires_at=start + datetime.timedelta(seconds=window),
                    )
            except IntegrityError:  # another process started the window at the same moment
                rows.update(count=F("count") + 1)
            else:
                AttemptCounter.objects.filter(expires_at__lt=now).delete()
                return limit >= 1
        count = rows.values_list("count", flat=True).get()
    return count <= limit


def use_once(token: str, *, valid_for: int, now: datetime.datetime | None = None) -> bool:
    """True the first time `token` is used, False every later time (within `valid_for` seconds,
    after which the token is refused as stale by its own signature anyway)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            UsedToken.objects.create(
                digest=keyed_hash(token), expires_at=now + datetime.timedelta(seconds=valid_for)
            )
    except IntegrityError:
        return False
    UsedToken.objects.filter(expires_at__lt=now).delete()
    return True
