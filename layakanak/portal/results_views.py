"""Public results pages: the published cycles and one cycle's results (issue 7).

They read published snapshots only (layakanak/portal/results_data.py on top of
layakanak/results/queries.py). The filter form works without JavaScript (a GET form); htmx swaps
just the list when JavaScript is on. In the static export (static_export.is_static_export) the
page carries every row and results-table.js filters and sorts in the browser instead.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layakanak.portal import opendata
from layakanak.portal.results_data import (
    NO_PREDICATE,
    CycleResults,
    Filters,
    apply_filters,
    cycle_results,
    read_filters,
    summary,
)
from layakanak.portal.static_export import is_static_export
from layakanak.results import queries

SORT_OPTIONS = (
    ("-predicate", gettext_lazy("Highest predicate first")),
    ("predicate", gettext_lazy("Lowest predicate first")),
    ("-score", gettext_lazy("Highest score first")),
    ("score", gettext_lazy("Lowest score first")),
    ("name", gettext_lazy("Name, A to Z")),
    ("-name", gettext_lazy("Name, Z to A")),
    ("province", gettext_lazy("Province, A to Z")),
    ("-province", gettext_lazy("Province, Z to A")),
)


def results_index(request: HttpRequest) -> HttpResponse:
    cycles = [summary(publication) for publication in queries.current_publications()]
    return render(request, "portal/results_index.html", {"cycles": cycles})


def cycle_page(request: HttpRequest, cycle: str) -> HttpResponse:
    data = cycle_results(cycle)
    if data is None:
        raise Http404(
            _("The results of cycle “%(cycle)s” have not been published.") % {"cycle": cycle}
        )
    return _render(request, data)


def version_page(request: HttpRequest, cycle: str, version: int) -> HttpResponse:
    data = cycle_results(cycle, version)
    if data is None:
        raise Http404(
            _("Version %(version)s of the results of cycle “%(cycle)s” does not exist.")
            % {"version": version, "cycle": cycle}
        )
    return _render(request, data)


def _sort_links(request: HttpRequest, filters: Filters) -> list[dict[str, object]]:
    """Column headers: the sort each header link leads to and the current aria-sort."""
    headers = []
    for key in ("name", "province", "predicate", "score"):
        current = filters.sort_key == key
        # Names and provinces start A to Z; predicates and scores start from the highest.
        ascending_first = key in ("name", "province")
        if current:
            target = key if filters.descending else f"-{key}"
        else:
            target = key if ascending_first else f"-{key}"
        params = {
            k: v
            for k, v in (
                ("provinsi", filters.province),
                ("predikat", filters.predicate),
                ("q", filters.q),
                ("urut", target),
            )
            if v
        }
        headers.append(
            {
                "key": key,
                "url": f"{request.path}?{urlencode(params)}",
                "aria_sort": ("descending" if filters.descending else "ascending")
                if current
                else "",
                "next": "descending" if target.startswith("-") else "ascending",
            }
        )
    return headers


def _render(request: HttpRequest, data: CycleResults) -> HttpResponse:
    static = is_static_export(request)
    filters = Filters() if static else read_filters(request.GET, data)
    rows = apply_filters(data.rows, filters)
    language = "en" if get_language() == "en" else "id"
    context = {
        "data": data,
        "publication": data.publication,
        "rows": rows,
        "filters": filters,
        "headers": _sort_links(request, filters),
        "language": language,
        "no_predicate": NO_PREDICATE,
        "sort_options": SORT_OPTIONS,
        "data_url": reverse("public_results:data"),
        "static_export": static,
        "downloads": opendata.downloads(data.publication) if data.publication.is_current else [],
        "superseded_by": next(
            (p for p in data.versions if p.pk == data.publication.superseded_by_id), None
        ),
        "previous_version": next(
            (p for p in data.versions if p.version == data.publication.version - 1), None
        ),
    }
    if request.headers.get("HX-Request") == "true" and not static:
        return render(request, "portal/results_list.html", {**context, "htmx_count": True})
    return render(request, "portal/results_cycle.html", context)
