"""Public pages are declared once, next to their URL (layakanak/portal/public.py): the page
cache, the static export's scope and its start pages are derived from that declaration."""

from __future__ import annotations

import pytest
from django.test import override_settings

from layakanak.portal import public
from layakanak.portal.cycle_export import cycle_region_codes, cycle_start_urls
from layakanak.portal.public import Route
from layakanak.portal.static_export import Scope
from layakanak.results.models import Publication

_RESULTS = Route(frozenset({"provinsi", "predikat", "q", "urut"}), htmx=True)


def test_the_page_cache_keeps_the_results_pages_profiles_home_and_statistics() -> None:
    assert public.cache_routes() == {
        "home": Route(frozenset({"siklus", "provinsi"})),
        "portal-statistics": Route(),
        "public_results:index": Route(),
        "public_results:cycle": _RESULTS,
        "public_results:version": _RESULTS,
        "regions:detail": Route(),
    }


def test_the_export_scope_is_the_declared_public_url_space_and_the_map_api() -> None:
    assert public.export_prefixes() == (
        "/api/v1/cycles/",
        "/api/v1/regions/",
        "/bandingkan/",
        "/data/",
        "/hasil/",
        "/statistik/",
        "/tentang-data/",
        "/wilayah/",
    )
    assert Scope().prefixes == public.export_prefixes()


def test_child_services_and_the_certificate_check_are_public_but_not_exported() -> None:
    declared = {page.view_name: page.page for page in public.declared_pages()}
    for name in ("services:report", "services:playground-photo", "results:check"):
        page = declared[name]
        assert page is not None and not page.export and page.cache is None
    assert "services:inbox" not in declared and "results:staff" not in declared


def test_the_url_configuration_keeps_the_declaration_rules() -> None:
    assert public.declaration_problems() == []


@override_settings(ROOT_URLCONF="tests.portal.urls_undeclared")
def test_an_undeclared_url_in_the_exported_space_or_an_undeclared_portal_view_is_found() -> None:
    problems = public.declaration_problems()
    assert problems == [
        "a URL in the exported space is not declared for export: secret at /hasil/ "
        "(layakanak.results.views.publication_page)",
        "a view of the portal is not declared public: old-statistics at /statistik-lama/ "
        "(layakanak.portal.views.statistics)",
    ]


@pytest.mark.django_db
def test_every_export_starts_from_the_home_results_data_files_and_region_pages(
    published: Publication,
) -> None:
    codes = cycle_region_codes(published)
    files = [
        "hasil-kla-2026.csv",
        "hasil-kla-2026-excel.csv",
        "hasil-kla-2026.xlsx",
        "hasil-kla-2026.json",
        "rekap-predikat-2026.csv",
        "provinsi-layak-anak-2026.csv",
        "metadata-indikator-2026.csv",
        "datapackage.json",
        "hasil-kla-2026.zip",
    ]
    assert cycle_start_urls(published, codes) == [
        "/",
        "/favicon.ico",
        "/hasil/",
        "/hasil/2026/",
        "/data/",
        *(f"/data/2026/{name}" for name in files),
        *(f"/wilayah/{code}/" for code in codes),
    ]
