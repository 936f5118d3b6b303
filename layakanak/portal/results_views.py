"""Public results pages: the published cycles and one cycle's results (issue 7).

They read published snapshots only (layakanak/portal/results_data.py on top of
layakanak/results/queries.py). The filter form works without JavaScript (a GET form); htmx swaps
just the list when JavaScript is on. In the static export (static_export.is_static_export) the
page carries every row and results-table.js filters and sorts in the browser instead.

The pages are compressed for clients that accept it (the national table is ~400 KB of HTML,
about a tenth of that gzipped) and kept by the page cache (portal/page_cache.py) for anonymous
visitors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.gzip import gzip_page

from layakanak.core.locale import pair_language
from layakanak.portal import opendata
from layakanak.portal.results_data import (
    NO_PREDICATE,
    CycleResults,
    Filters,
    ResultRow,
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


@gzip_page
def results_index(request: HttpRequest) -> HttpResponse:
    cycles = [summary(publication) for publication in queries.current_publications()]
    return render(request, "portal/results_index.html", {"cycles": cycles})


@gzip_page
def cycle_page(request: HttpRequest, cycle: str) -> HttpResponse:
    data = cycle_results(cycle)
    if data is None:
        raise Http404(
            _("The results of cycle “%(cycle)s” have not been published.") % {"cycle": cycle}
        )
    return _render(request, data)


@gzip_page
def version_page(request: HttpRequest, cycle: str, version: int) -> HttpResponse:
    data = cycle_results(cycle, version)
    if data is None:
        raise Http404(
            _("Version %(version)s of the results of cycle “%(cycle)s” does not exist.")
            % {"version": version, "cycle": cycle}
        )
    return _render(request, data)


def _sort_links(request: HttpRequest, filters: Filters) -> list[dict[str, str]]:
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


_ICONS = {
    queries.UP: "M8 1.5 14.5 9H10.5v5.5h-5V9H1.5z",
    queries.DOWN: "M8 14.5 1.5 7H5.5V1.5h5V7h4z",
    queries.NEW: "m8 1 2.1 4.5 4.9.6-3.6 3.4.9 4.9L8 12 3.7 14.4l.9-4.9L1 6.1l4.9-.6z",
    queries.RETAINED: "M2 4.5h12v2.5H2zm0 4.5h12v2.5H2z",
}


@dataclass(frozen=True)
class DisplayRow:
    """A table row with every text already in the page's language: the list has up to 514 rows,
    and Django template lookups per cell would dominate the page's time."""

    row: ResultRow
    url: str
    band_label: str
    score: str
    movement_label: str
    movement_icon: str
    previous_label: str
    off_band_label: str = ""  # the band of the score, when the decision is another one


def _display_rows(rows: list[ResultRow], language: str) -> list[DisplayRow]:
    labels = {
        queries.UP: pgettext("movement", "Up"),
        queries.DOWN: pgettext("movement", "Down"),
        queries.NEW: pgettext("movement", "New"),
        queries.RETAINED: pgettext("movement", "Retained"),
    }
    profile = reverse("regions:detail", args=["00"])[: -len("00/")]
    return [
        DisplayRow(
            row=row,
            url=f"{profile}{row.code}/",
            band_label=row.band.name(language),
            score=number_format(row.score, decimal_pos=2, force_grouping=True)
            if row.score is not None
            else "–",
            movement_label=labels.get(row.movement, ""),
            movement_icon=_ICONS.get(row.movement, ""),
            previous_label=_("from %(name)s") % {"name": row.previous_band.name(language)}
            if row.previous_band is not None and row.movement in (queries.UP, queries.DOWN)
            else "",
            off_band_label=row.off_band.name(language) if row.off_band is not None else "",
        )
        for row in rows
    ]


def _render(request: HttpRequest, data: CycleResults) -> HttpResponse:
    static = is_static_export(request)
    filters = Filters() if static else read_filters(request.GET, data)
    language = pair_language()
    rows = _display_rows(apply_filters(data.rows, filters), language)
    context = {
        "data": data,
        "publication": data.publication,
        "rows": rows,
        "filters": filters,
        "headers": _sort_links(request, filters),
        "language": language,
        "no_predicate": NO_PREDICATE,
        "labels": {
            "region": _("Region"),
            "province": _("Province"),
            "predicate": _("Predicate"),
            "score": _("Score"),
            "change": _("Change since %(cycle)s") % {"cycle": data.compared_with.cycle_slug}
            if data.compared_with
            else "",
        },
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
