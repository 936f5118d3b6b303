"""Public portal pages: the national map (home), the comparison of regions, the national
statistics and the page on the data's sources. The region and province profiles are
`layakanak.portal.views_regions.detail`.

Every figure comes from `layakanak.portal.queries`, `.profiles` and `.compare`, which read
published snapshots only. The
pages are compressed (a 514-row table is ~100 KB of HTML and ~12 KB gzipped): the portal must
load on a phone with a weak signal."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.gzip import gzip_page
from django.views.generic import TemplateView

from layakanak.core.locale import pair_language
from layakanak.portal import charts, national_history, profiles, queries
from layakanak.portal import compare as comparison
from layakanak.regions import queries as region_queries
from layakanak.regions.models import Region, RegionLevel
from layakanak.results import queries as results


def _province_choices() -> list[tuple[str, str]]:
    return list(region_queries.provinces().values_list("code", "name"))


@gzip_page
def home(request: HttpRequest) -> HttpResponse:
    publications = queries.region_publications()
    publication = queries.choose_publication(publications, request.GET.get("siklus", ""))
    provinces = _province_choices()
    province = request.GET.get("provinsi", "")
    if province not in dict(provinces):
        province = ""
    context: dict[str, object] = {
        "publications": publications,
        "publication": publication,
        "provinces": provinces,
        "province": province,
        "province_name": dict(provinces).get(province, ""),
    }
    if publication is None:
        context["counts"] = region_queries.level_counts()
        context["has_statistics"] = results.current_publications().exists()
        return render(request, "portal/home.html", context)
    previous = results.previous_publication(publication)
    rows = queries.result_rows(publication, province=province)
    regencies = Region.objects.filter(level=RegionLevel.REGENCY, retired_on__isnull=True)
    if province:
        regencies = regencies.filter(parent__code=province)
    counts = queries.band_counts(publication, previous, province=province)
    api_params: dict[str, str | int] = {"page_size": 1000}
    if province:
        api_params["province"] = province
    context.update(
        {
            "previous": previous,
            "rows": rows,
            "band_counts": counts,
            "absent": max(regencies.count() - len(rows), 0),
            "legend": queries.legend(publication),
            "results_api": reverse(
                "api-1.0.0:cycle_results", kwargs={"cycle": publication.cycle_slug}
            )
            + "?"
            + urlencode(api_params),
            "map_legend": {
                str(band["code"]): charts.band_name(band) for band in queries.legend(publication)
            },
        }
    )
    return render(request, "portal/home.html", context)


@gzip_page
def statistics(request: HttpRequest) -> HttpResponse:
    bands, rows = queries.national_totals()
    context = {
        "bands": bands,
        "rows": rows,
        "chart": charts.national_chart(bands, rows),
        "notes": [
            (row, national_history.source_note(row.publication, pair_language()))
            for row in rows
            if row.publication.aggregate_only
        ],
        "split_unknown": [str(row.publication.year) for row in rows if not row.split_known],
    }
    return render(request, "portal/statistics.html", context)


@gzip_page
def compare(request: HttpRequest) -> HttpResponse:
    regions = comparison.compared_regions(request.GET.getlist("w"))
    codes = [r.code for r in regions]
    term = request.GET.get("q", "").strip()[:100]
    full = len(regions) >= comparison.MAX_COMPARED
    matches = comparison.search_regencies(term, exclude=codes) if term and not full else []
    found = [profiles.regency_profile(region, with_services=False) for region in regions]

    def link(new_codes: list[str]) -> str:
        return reverse("portal-compare") + (
            "?" + urlencode([("w", c) for c in new_codes]) if new_codes else ""
        )

    context = {
        "profiles": found,
        "codes": codes,
        "term": term,
        "full": full,
        "matches": [(m, link([*codes, m.code])) for m in matches],
        "remove_links": {c: link([x for x in codes if x != c]) for c in codes},
        "comparison": comparison.comparison_table(found),
        "share_url": request.build_absolute_uri(link(codes)),
        "max_compared": comparison.MAX_COMPARED,
    }
    return render(request, "portal/compare.html", context)


class AboutDataView(TemplateView):
    """/tentang-data/: where the figures come from and how they may be reused."""

    template_name = "core/about_data.html"
