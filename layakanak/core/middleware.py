"""Structured request logging, and the headers every response carries.

Each request gets an id (taken from X-Request-ID when a proxy sets one) that is returned in the
response and written with method, path, status and duration. Query strings are not logged: they
can carry search terms typed by the public. This middleware is the outermost, so the
Permissions-Policy header (settings.PERMISSIONS_POLICY) reaches pages served from the page cache
too.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

logger = logging.getLogger("layakanak.request")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.META["REQUEST_ID"] = request_id
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request_id
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not request.path.startswith("/static/"):
            user = getattr(request, "user", None)
            logger.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
        return response


class HeadAsGetMiddleware:
    """Answer HEAD wherever GET is answered, with GET's status and headers and no content.

    RFC 9110 section 9.3.2. Views restricted to GET (`require_GET`, django-ninja's `@api.get`)
    would answer 405, so that link checkers run over the static export (which links each
    certificate to the live `/verifikasi/<code>/`) report live pages as broken. HEAD becomes GET
    before the URL is resolved; the content is dropped on the way out, its Content-Length kept.
    Placed right inside the request log, which records the method the client sent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = request.META["REQUEST_METHOD"] = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = request.META["REQUEST_METHOD"] = "HEAD"
        return without_content(response)


def without_content(response: HttpResponseBase) -> HttpResponseBase:
    """`response` as a HEAD answer: the same headers (Content-Length included), no content."""
    if isinstance(response, StreamingHttpResponse):
        # A file stays registered for closing when the server closes the response.
        response.streaming_content = iter(())
        return response
    if isinstance(response, HttpResponse):
        if "Content-Length" not in response:
            response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response
