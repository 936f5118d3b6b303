"""/data/: the open data of every published cycle, and its files (built on request from the
immutable publication, cached by ETag; see layakanak/portal/opendata.py)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from layakanak.core.locale import pair_language
from layakanak.portal.opendata import OpenData, etag, files_of, results_schema
from layakanak.results import queries
from layakanak.results.models import Publication

# Browsers and proxies may keep a file this long before asking again (then a 304 by ETag).
MAX_AGE = 3600


def data_index(request: HttpRequest) -> HttpResponse:
    language = pair_language()
    cycles: list[dict[str, Any]] = []
    for publication in queries.current_publications():
        cycles.append({"publication": publication, "files": files_of(publication)})
    latest = next((c for c in cycles if not c["publication"].aggregate_only), None)
    metadata: list[Any] = []
    fields: list[dict[str, Any]] = []
    if latest is not None:
        data = OpenData(latest["publication"])
        metadata = data.metadata
        assert data.data is not None
        fields = results_schema(data.data)["fields"]
    return render(
        request,
        "portal/data_index.html",
        {
            "cycles": cycles,
            "metadata": metadata,
            "fields": fields,
            "language": language,
            "latest": latest,
        },
    )


def _publication(cycle: str, name: str) -> Publication:
    publication = queries.current_publication(cycle)
    if publication is None or name not in {f.name for f in files_of(publication)}:
        raise Http404(_("There is no such open-data file."))
    return publication


def _etag(request: HttpRequest, cycle: str, name: str) -> str | None:
    publication = queries.current_publication(cycle)
    return etag(publication, name) if publication is not None else None


@condition(etag_func=_etag)
def data_file(request: HttpRequest, cycle: str, name: str) -> HttpResponse:
    publication = _publication(cycle, name)
    data = OpenData(publication)
    data_file = data.file(name)
    assert data_file is not None
    response = HttpResponse(data.content(name), content_type=data_file.content_type)
    if not name.endswith(".json"):
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Last-Modified"] = http_date(publication.published_at.timestamp())
    response["Access-Control-Allow-Origin"] = "*"  # open data: other sites may fetch it
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
