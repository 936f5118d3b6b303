from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from layakanak.core import display
from layakanak.core.locale import pair_language

register = template.Library()


@register.filter
def localnum(value: int | Decimal | None) -> str:
    """A number with the active language's grouping: 83.762 in Indonesian, 83,762 in English."""
    if value is None:
        return ""
    return number_format(value, force_grouping=True)


@register.filter
def t(text: object) -> str:
    """The active language's side of a bilingual text (`Text(id=..., en=...)` or a dict)."""
    if text is None:
        return ""
    language = pair_language()
    if isinstance(text, dict):
        return str(text.get(language) or text.get("id") or "")
    return str(getattr(text, language, "") or getattr(text, "id", ""))


@register.filter
def pick(obj: object, base: str) -> str:
    """`obj.<base>_id` or `obj.<base>_en` for the active language (model rows)."""
    language = pair_language()
    return str(getattr(obj, f"{base}_{language}", "") or getattr(obj, f"{base}_id", ""))


@register.filter
def points(value: Decimal | None) -> str:
    """A score with two decimals in the active language: 612,40 (id) or 612.40 (en)."""
    if value is None:
        return "–"
    return display.format_decimal(value)


@register.filter
def decimal_input(value: object, places: int = 2) -> str:
    """The value of a form field showing a stored decimal, in the active language without
    grouping: "14,00" (id), "14.00" (en); `|decimal_input:0` keeps only the digits it has."""
    return display.decimal_input(value, int(places))


# One way to show a time (core/display.py; static/js/format.js in the browser). Every staff
# template shows a datetime through these (tests/core/test_time_display.py scans them).


@register.filter
def region_time(moment: datetime.datetime | None, code: str) -> str:
    """`{{ moment|region_time:region.code }}`: "6 Des 2026 14.30 WITA" (the region's zone)."""
    return display.region_time(moment, str(code))


@register.filter
def region_date(moment: datetime.datetime | datetime.date | None, code: str) -> str:
    """`{{ moment|region_date:region.code }}`: "6 Des 2026" (the day in the region's zone)."""
    return display.region_date(moment, str(code))


@register.filter
def wib_time(moment: datetime.datetime | None, precision: str = "") -> str:
    """A time on a page about no region, in WIB: "6 Des 2026 14.30 WIB";
    `|wib_time:"seconds"` adds the seconds (the audit trail)."""
    return display.national_time(moment, seconds=precision == "seconds")


@register.filter
def wib_date(moment: datetime.datetime | datetime.date | None) -> str:
    return display.national_date(moment)


@register.simple_tag
def zone_attrs(code: str | None = None) -> SafeString:
    """`data-zone` and `data-zone-label` for static/js/format.js: the region's zone, or WIB."""
    attributes = display.zone_attributes(code).items()
    return format_html_join(" ", '{}="{}"', attributes)


@register.filter
def days_left(seconds: int) -> int:
    return max(int(seconds), 0) // 86400


@register.filter
def hours_left(seconds: int) -> int:
    return (max(int(seconds), 0) % 86400) // 3600


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key)


@register.filter
def sub(value: Decimal, other: Decimal) -> Decimal:
    return Decimal(value) - Decimal(other)


@register.filter
def unbroken(value: object) -> str:
    """The text with no-break spaces, so that a line never breaks inside it ("23 Juli 2026")."""
    return str(value).replace(" ", "\u00a0")
