"""Template helpers of the public results pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def _language() -> str:
    return "en" if get_language() == "en" else "id"


@register.filter
def band_name(band: Any) -> str:
    """A band's name in the active language (a results_data.Band or a legend dict)."""
    if band is None:
        return ""
    if isinstance(band, dict):
        return str(band.get(f"name_{_language()}") or band.get("name_id") or "")
    return str(band.name(_language()))


@register.filter
def in_language(item: Any, attribute: str) -> str:
    """`item.<attribute>(language)` or `item["<attribute>_<language>"]` for the active language."""
    language = _language()
    if isinstance(item, dict):
        return str(item.get(f"{attribute}_{language}") or item.get(f"{attribute}_id") or "")
    return str(getattr(item, attribute)(language))
