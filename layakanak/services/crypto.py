"""Encryption at rest of the personal fields of the child-services module (Fernet).

The key comes from SERVICES_ENCRYPTION_KEY (comma-separated keys: the first encrypts, every one
decrypts, for rotation). In DEBUG or demo mode a stable key is derived from SECRET_KEY; anywhere
else a missing key refuses to write or read a report, with a message naming the variable.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _keys() -> list[bytes]:
    configured = [k.strip() for k in settings.SERVICES_ENCRYPTION_KEY.split(",") if k.strip()]
    if configured:
        return [k.encode("ascii") for k in configured]
    if settings.DEBUG or settings.DEMO_MODE:
        digest = hashlib.sha256(b"layakanak.services:" + settings.SECRET_KEY.encode()).digest()
        return [base64.urlsafe_b64encode(digest)]
    raise ImproperlyConfigured(
        "SERVICES_ENCRYPTION_KEY must be set to a Fernet key before the child-services module "
        "can keep reports (generate one with: python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'). See docs/configuration.md."
    )


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in _keys()])
    except ValueError as error:
        raise ImproperlyConfigured(
            "SERVICES_ENCRYPTION_KEY is not a valid Fernet key (32 url-safe base64 bytes)."
        ) from error


def encrypt(text: str) -> str:
    """The Fernet token of `text`; an empty text stays empty (nothing to protect)."""
    if not text:
        return ""
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A stored report cannot be decrypted with SERVICES_ENCRYPTION_KEY "
            "(was the key changed without keeping the old one?)."
        ) from error


def tracking_hash(code: str) -> str:
    """What is stored of a tracking code: its SHA-256 (the code has 80 random bits)."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode("ascii", "ignore")).hexdigest()
