from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def localnum(value: int | Decimal | None) -> str:
    """A number with the active language's grouping: 83.762 in Indonesian, 83,762 in English."""
    if value is None:
        return ""
    return number_format(value, force_grouping=True)
