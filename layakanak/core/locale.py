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
from django.utils.functional import lazy

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


def pair_language() -> str:
    """Which side of a bilingual pair to show: "en" when English is active, else "id".

    Text written in the code goes through the catalogue (gettext). Pairs remain only for text
    that is data: instrument names and bands, the stage table's names, what a published snapshot
    froze, and the answer errors of the scoring engine (pure, it cannot read the catalogue).
    This is the one place that picks a side; templates use the `t` and `pick` filters."""
    return "en" if translation.get_language() == "en" else "id"


def side(text_id: str, text_en: str, language: str | None = None) -> str:
    """The `language` side of a bilingual pair (English for "en", else Indonesian); the active
    language's side without `language`."""
    return text_en if (language or pair_language()) == "en" else text_id


# A bilingual pair as one lazy text, its side chosen when it is shown: a parameter of a refusal
# (a stage's name) or an engine's answer error shown on a page.
bilingual = lazy(side, str)
