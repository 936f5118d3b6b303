"""The static export of one published cycle (docs/static-export.md): its start pages and scope
for the generic renderer in layakanak/portal/static_export.py."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from layakanak.portal.opendata import file_url, files_of
from layakanak.portal.static_export import PUBLIC_PREFIXES, ExportReport, Scope, export_site
from layakanak.results.models import ProvinceAward, Publication, RegionResult


def cycle_region_codes(publication: Publication) -> list[str]:
    """The kab/kota of the cycle and their provinces (the region pages to export)."""
    rows = RegionResult.objects.filter(publication=publication).values_list(
        "region__code", "province_code"
    )
    codes = {code for code, _province in rows} | {province for _code, province in rows}
    codes |= set(
        ProvinceAward.objects.filter(publication=publication).values_list("region__code", flat=True)
    )
    return sorted(codes)


def cycle_start_urls(publication: Publication, region_codes: Sequence[str]) -> list[str]:
    urls = [
        "/",
        reverse("public_results:index"),
        reverse("public_results:cycle", args=[publication.cycle_slug]),
        reverse("public_results:data"),
        *(file_url(publication, f.name) for f in files_of(publication)),
        *(reverse("regions:detail", args=[code]) for code in region_codes),
    ]
    return list(dict.fromkeys(urls))


def export_cycle(
    publication: Publication,
    folder: Path,
    *,
    site_url: str = "",
    languages: Sequence[str] | None = None,
    extra_prefixes: Sequence[str] = (),
) -> ExportReport:
    codes = cycle_region_codes(publication)
    scope = Scope(prefixes=(*PUBLIC_PREFIXES, *extra_prefixes), region_codes=frozenset(codes))
    return export_site(
        folder,
        cycle_start_urls(publication, codes),
        scope=scope,
        site_url=site_url or settings.SITE_URL,
        languages=languages,
        manifest={
            "cycle": publication.cycle_slug,
            "version": publication.version,
            "content_sha256": publication.sha256,
            "regions": len(codes),
        },
    )
