from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError

from layakanak import __version__
from layakanak.api.instruments import router as instruments_router
from layakanak.api.regions import router as regions_router
from layakanak.api.results import router as results_router
from layakanak.api.services import router as services_router

api = NinjaAPI(
    title="Layak Anak API",
    version="1",
    description=(
        "Public read API of the Kabupaten/Kota Layak Anak platform: regions by Kemendagri code, "
        'instruments, cycles and published results. Codes are strings ("64.71").'
        f" Server version {__version__}."
    ),
    urls_namespace="api-1.0.0",
)
api.add_router("", regions_router)
api.add_router("", instruments_router)
api.add_router("", results_router)  # published results (issue 8)
api.add_router("", services_router)  # child services (issue 9)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
