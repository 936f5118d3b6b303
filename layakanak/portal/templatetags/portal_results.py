"""Template helpers of the public results pages."""

from __future__ import annotations

from typing import Any

from django import template

from layakanak.core.locale import pair_language

register = template.Library()


@register.filter
def band_name(band: Any) -> str:
    """A band's name in the active language (a results_data.Band or a legend dict)."""
    if band is None:
        return ""
    if isinstance(band, dict):
        return str(band.get(f"name_{pair_language()}") or band.get("name_id") or "")
    return str(band.name(pair_language()))


@register.filter
def in_language(item: Any, attribute: str) -> str:
    """`item.<attribute>(language)` or `item["<attribute>_<language>"]` for the active language."""
    language = pair_language()
    if isinstance(item, dict):
        return str(item.get(f"{attribute}_{language}") or item.get(f"{attribute}_id") or "")
    return str(getattr(item, attribute)(language))


@register.filter
def any_off_band(rows: Any) -> bool:
    """Whether a row of the table (a result row, or a display row holding one in `row`) was
    decided otherwise than the band of its score: the table then gets the note on the sign."""
    return any(getattr(getattr(r, "row", r), "off_band", None) is not None for r in rows or ())
