"""Response helpers of the child-services pages, public (in the portal) and staff alike."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers


def private(response: HttpResponse) -> HttpResponse:
    """Never kept by a cache, nor by a shared one: the page holds a child's report, a tracking
    code or a form with a CSRF token."""
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response


def csv_download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
