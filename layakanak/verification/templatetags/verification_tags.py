"""`{% revision_notice submission %}`: the operator workspace's notice of an open send-back."""

from __future__ import annotations

from typing import Any

from django import template

from layakanak.verification.queries import open_revision

register = template.Library()


@register.inclusion_tag("verification/_operator_notice.html")
def revision_notice(submission: Any) -> dict[str, Any]:
    return {"submission": submission, "revision": open_revision(submission)}
