from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from layakanak.core.health import check_health


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, checks = check_health()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = (
        str(exception.args[0]) if exception.args and isinstance(exception.args[0], str) else ""
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message or "Not found"}, status=404)
    return render(request, "404.html", {"message": message}, status=404)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django refuses before any view (too many parameters, a malformed body): JSON
    with a message under /api/, the platform's page elsewhere."""
    if request.path.startswith("/api/"):
        detail = "The request could not be read"
        if exception.args and isinstance(exception.args[0], str):
            detail = f"{detail}: {exception.args[0]}"
        return JsonResponse({"detail": detail}, status=400)
    return render(request, "400.html", status=400)
