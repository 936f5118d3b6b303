from __future__ import annotations

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from ninja.errors import HttpError

from layakanak import __version__
from layakanak.api.instruments import router as instruments_router
from layakanak.api.openapi import DocumentedNinjaAPI
from layakanak.api.params import RepeatsAsListsParser
from layakanak.api.reference import ReferenceDocs
from layakanak.api.regions import router as regions_router
from layakanak.api.results import router as results_router
from layakanak.api.services import router as services_router

api = DocumentedNinjaAPI(
    title="Layak Anak API",
    version="1",
    description=(
        "Public read API of the Kabupaten/Kota Layak Anak platform: regions by Kemendagri code, "
        'instruments, cycles and published results. Codes are strings ("64.71").'
        f" Server version {__version__}."
    ),
    urls_namespace="api-1.0.0",
    parser=RepeatsAsListsParser(),
    # /api/v1/docs: the accessible reference page rendered on the server, instead of ninja's
    # Swagger UI (layakanak/api/reference.py); the address and URL name stay the same.
    docs=ReferenceDocs(),
)
api.add_router("", regions_router)
api.add_router("", instruments_router)
api.add_router("", results_router)  # published results (issue 8)
api.add_router("", services_router)  # child services (issue 9)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


# A request Django refuses to read (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a query string of
# more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters) is the client's mistake: answer it in JSON
# like every other refusal of the API, not with the site's HTML error page.
@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(
        request, {"detail": "The request body is larger than the platform accepts."}, status=413
    )


@api.exception_handler(SuspiciousOperation)
@api.exception_handler(BadRequest)
def bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": f"Bad request: {exc}"}, status=400)
