"""`{% text_limit "COMMENT" %}`: a text limit of `layakanak.lib.limits`, for a form's `maxlength`
written by hand in a template (forms built with Django's form fields get it from `max_length`).

The actions check the same constants, so the page and the server never disagree."""

from __future__ import annotations

from django import template

from layakanak.lib import limits

register = template.Library()


@register.simple_tag
def text_limit(name: str) -> int:
    value = getattr(limits, name)
    assert isinstance(value, int), f"{name} is not a limit of layakanak.lib.limits"
    return value
