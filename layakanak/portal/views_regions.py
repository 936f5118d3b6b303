"""Public region pages: the search `/wilayah/` and the region profile `/wilayah/<code>/`.

The profile of a kab/kota or a province shows its published results (`portal.profiles`, from
published snapshots only) and its child-friendly playgrounds (`services.queries.rbra_layer`).
The `regions` app keeps the models, the loader and the queries these pages read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.gzip import gzip_page

from layakanak.portal import charts, profiles
from layakanak.regions import queries
from layakanak.regions.models import RegionLevel, RegionType
from layakanak.services.queries import rbra_layer

PAGE_SIZE = 50

_CHILD_LABELS = {
    RegionLevel.PROVINCE: (gettext_lazy("Regencies and cities"), RegionType.KABUPATEN),
    RegionLevel.REGENCY: (gettext_lazy("Districts (kecamatan)"), RegionType.KECAMATAN),
    RegionLevel.DISTRICT: (gettext_lazy("Villages (desa/kelurahan)"), RegionType.DESA),
}


def index(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("level", "")
    if level not in RegionLevel.values:
        level = ""
    context: dict[str, object] = {"q": q, "level": level, "levels": RegionLevel.choices}
    if q or level:
        results = queries.search(q, level=level or None)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["querystring_base"] = urlencode({"q": q, "level": level}) + "&"
    else:
        context["provinces"] = queries.provinces().annotate(n_children=Count("children"))
    return render(request, "regions/index.html", context)


@gzip_page
def detail(request: HttpRequest, code: str) -> HttpResponse:
    region = queries.get_region(code)
    if region is None:
        raise Http404(
            _("There is no region with the code “%(code)s”. Codes look like 64 or 64.71.")
            % {"code": code}
        )
    ancestors = queries.ancestors(region)
    map_region = queries.nearest_with_boundary([region, *reversed(ancestors)])
    label, default_type = _CHILD_LABELS.get(RegionLevel(region.level), (None, None))
    context = {
        "region": region,
        "ancestors": ancestors,
        "children": list(queries.children(region)) if label else [],
        "child_label": label,
        "child_default_type": default_type,
        "map_region": map_region,
        "successors": [s.successor for s in region.successions.select_related("successor")],
        "rbra": rbra_layer(region),  # child-friendly playgrounds: services/_rbra_layer.html
    }
    # Published results (issue 8): the profile of a kab/kota or a province.
    if region.level == RegionLevel.REGENCY:
        profile = profiles.regency_profile(region)
        context["profile"] = profile
        context["history_chart"] = charts.history_chart(profile.history, profile.bands)
        context["component_chart"] = charts.component_chart(profile.components)
    elif region.level == RegionLevel.PROVINCE:
        province = profiles.province_profile(region)
        context["province_profile"] = province
        context["distribution_chart"] = charts.distribution_chart(
            list(reversed(province.distribution)), _("Kab/kota per predicate")
        )
    return render(request, "regions/detail.html", context)
