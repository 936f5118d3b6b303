"""Small request helpers shared by the account views, the login throttle and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind the reverse proxy (BEHIND_HTTPS_PROXY) it is the last
    X-Forwarded-For entry, the one our own proxy added; anything before it is client-supplied."""
    if getattr(settings, "BEHIND_HTTPS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return str(last)
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` parameter when it points inside this site, otherwise `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
