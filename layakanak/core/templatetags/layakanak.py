from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

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
    return number_format(value, decimal_pos=2, force_grouping=True)


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
