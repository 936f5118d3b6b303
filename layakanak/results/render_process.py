"""Entry points of the processes that render certificates in parallel (`actions/certificates.py`).

Kept apart from the Django modules: a fresh ("spawn") process imports this module before
Django is set up, so it may import nothing that needs the app registry at import time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layakanak.results.certificates import CertificateContent


def start() -> None:
    """Set up Django (settings, templates, translations); the database is never used here."""
    import django

    django.setup()


def render(contents: Sequence[CertificateContent]) -> list[bytes]:
    from layakanak.results.certificates import render_certificates

    return render_certificates(contents)
