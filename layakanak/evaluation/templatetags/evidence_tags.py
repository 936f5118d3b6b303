"""Template helpers of the evidence slot (`{% load evidence_tags %}`)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.conf import settings

from layakanak.lib import filetypes

register = template.Library()

_ACCEPT = {
    "pdf": ".pdf,application/pdf",
    "jpg": ".jpg,.jpeg,image/jpeg",
    "png": ".png,image/png",
    "xlsx": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@register.simple_tag
def evidence_max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


@register.filter
def evidence_types(kinds: Iterable[str]) -> str:
    """ "PDF, JPEG" for ("pdf", "jpg")."""
    return filetypes.accepted_labels(tuple(kinds))


@register.filter
def evidence_accept(kinds: Iterable[str]) -> str:
    """The `accept` attribute of the file input (a hint for the picker; the server decides)."""
    return ",".join(_ACCEPT.get(kind, "." + kind) for kind in kinds)
