"""The static export of one published cycle (docs/static-export.md): its start pages and scope
for the generic renderer in layakanak/portal/static_export.py, both derived from the pages the
portal's URL modules declare (layakanak/portal/public.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from layakanak.portal.opendata import files_of
from layakanak.portal.public import Start, export_prefixes, start_pages
from layakanak.portal.static_export import ExportReport, Scope, export_site
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
    """The URLs of the pages declared as start pages (`portal.public.Start`), in URL order."""
    slug = publication.cycle_slug
    arguments: dict[Start, list[tuple[str, ...]]] = {
        Start.PAGE: [()],
        Start.CYCLE: [(slug,)],
        Start.FILES: [(slug, f.name) for f in files_of(publication)],
        Start.REGIONS: [(code,) for code in region_codes],
    }
    urls = [
        reverse(page.view_name, args=args)
        for page in start_pages()
        if page.page and page.page.start
        for args in arguments[page.page.start]
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
    scope = Scope(prefixes=(*export_prefixes(), *extra_prefixes), region_codes=frozenset(codes))
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
