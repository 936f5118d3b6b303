"""Template helpers of the public portal: predicate names, legend swatches and patterns,
movements and changes written out in words."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from layakanak.portal import charts
from layakanak.results import queries as results
from layakanak.results.snapshot import PROVILA

register = template.Library()


@register.simple_tag
def predicate_patterns(bands: Iterable[dict[str, Any]]) -> SafeString:
    """Once per page: the SVG patterns that charts, swatches and the map refer to."""
    return charts.pattern_defs(bands)


@register.simple_tag
def swatch(band: dict[str, Any] | None) -> SafeString:
    return charts.swatch(band or {"code": charts.ABSENT})


@register.filter
def band_name(band: dict[str, Any] | None) -> str:
    if not band:
        return ""
    return charts.band_name(band)


@register.filter
def ink(band: dict[str, Any]) -> str:
    """CSS class for text on the band colour: dark or light."""
    return "on-dark" if charts.ink_on(str(band.get("colour") or "#bdbdbd")) != charts.INK else ""


MOVEMENTS = {
    results.NEW: ("★", gettext_lazy("New predicate")),
    results.UP: ("▲", gettext_lazy("Up")),
    results.RETAINED: ("●", gettext_lazy("Retained")),
    results.DOWN: ("▼", gettext_lazy("Down")),
}


@register.filter
def movement_label(movement: str) -> str:
    return str(MOVEMENTS.get(movement, ("", movement))[1])


@register.filter
def movement_symbol(movement: str) -> str:
    return MOVEMENTS.get(movement, ("", ""))[0]


@register.filter
def signed(value: int | None) -> str:
    """+3, −2 or ±0 (a real minus sign), in the active language's grouping."""
    if value is None:
        return "–"
    text = number_format(abs(value), force_grouping=True)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return "±0"


@register.filter
def band_min(band: dict[str, Any] | None) -> str:
    """The lowest total score of a band, as a number in the active language."""
    if not band:
        return ""
    return str(number_format(Decimal(str(band.get("min", "0"))), force_grouping=True))


@register.filter
def certificate_label(certificate: Any) -> str:
    """What a certificate recognises: a predicate, or Provinsi Layak Anak."""
    if certificate.predicate == PROVILA:
        return str(gettext_lazy("Provinsi Layak Anak"))
    band = certificate.publication.band(certificate.predicate)
    return charts.band_name(band) if band else str(certificate.predicate)
