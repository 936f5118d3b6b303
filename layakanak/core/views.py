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
