"""Language selection: Bahasa Indonesia unless the visitor chose English.

The browser's Accept-Language is deliberately ignored: a government platform shows Indonesian
first. A visitor switches with the header buttons (a cookie), and a shareable link can carry
`?lang=en`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for(request: HttpRequest) -> str:
    from_query = request.GET.get("lang", "")
    if from_query in SUPPORTED:
        return from_query
    from_cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if from_cookie in SUPPORTED:
        return from_cookie
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        vary = response.headers.get("Vary", "")
        if "Cookie" not in vary:
            response.headers["Vary"] = f"{vary}, Cookie" if vary else "Cookie"
        translation.deactivate()
        return response
