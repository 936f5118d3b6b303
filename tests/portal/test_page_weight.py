"""What a phone downloads for the home page, measured the way production serves it: static files
collected with hashed names and pre-compressed (whitenoise), the page gzipped, a publication of
all 514 kab/kota. The map geometry is a separate, cached download."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from tests.conftest import load_subset
from tests.portal.conftest import publish_national_history

pytestmark = pytest.mark.django_db

BUDGET = 150_000  # bytes: HTML + CSS + JS (+ the map's results JSON), without the geometry
ACCEPT = "br, gzip"
ONE_YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's static files as `collectstatic` leaves them for production (hashed names,
    .gz and .br next to each file); Django's admin and the API docs' files are left out."""
    root = tmp_path_factory.mktemp("static")
    with production_static(root):
        call_command(
            "collectstatic",
            interactive=False,
            verbosity=0,
            ignore_patterns=["admin", "ninja", "rest_framework"],
        )
    return root


def production_static(root: Path) -> Any:
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return override_settings(STATIC_ROOT=root, STORAGES=storages)


@pytest.fixture
def served(static_root: Path, national_regions: Path, kla2023: object) -> Iterator[Client]:
    load_subset(national_regions)
    publish_national_history()
    with production_static(static_root):
        yield Client()  # its handler (and whitenoise) start inside the override


def assets(html: str) -> list[str]:
    """The stylesheets and scripts of a page, with those its map script loads (Leaflet)."""
    return (
        re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        + re.findall(r'<script src="([^"]+)"', html)
        + re.findall(r'data-leaflet-(?:css|js)="([^"]+)"', html)
    )


def test_the_home_page_without_the_map_geometry_stays_under_150_kb(served: Client) -> None:
    page = served.get("/", HTTP_ACCEPT_ENCODING=ACCEPT)
    assert page["Content-Encoding"] == "gzip"
    html = page.content
    text = gzip.decompress(html).decode()
    assert text.count('<tr data-province="') == 514
    sizes = {"/": len(html)}
    for url in assets(text):
        response = served.get(url, HTTP_ACCEPT_ENCODING=ACCEPT)
        assert response.status_code == 200, url
        assert response["Content-Encoding"] in ("br", "gzip"), url
        assert "immutable" in response["Cache-Control"], url
        sizes[url] = int(response["Content-Length"])
    results = re.search(r'data-results="([^"]+)"', text)
    assert results is not None
    api = served.get(results.group(1).replace("&amp;", "&"), HTTP_ACCEPT_ENCODING=ACCEPT)
    assert api["Content-Encoding"] == "gzip"
    sizes["results API"] = len(api.content)
    total = sum(sizes.values())
    assert any(url.endswith(".js") for url in sizes) and any(url.endswith(".css") for url in sizes)
    print(f"home page weight: {total} bytes", sizes)  # shown with -s
    assert total < BUDGET, sizes


def test_the_map_geometry_is_served_precompressed_with_a_long_cache(served: Client) -> None:
    html = served.get("/").content.decode()
    url = re.search(r'data-topojson="([^"]+)"', html)
    assert url is not None
    # The whole country gets the lightened geometry (portal/national_geometry.py) ...
    assert re.fullmatch(r"/static/geo/indonesia_national\.[0-9a-f]{12}\.topojson", url.group(1))
    response = served.get(url.group(1), HTTP_ACCEPT_ENCODING=ACCEPT)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert int(response["Content-Length"]) < 120_000  # ~400 KB uncompressed
    # ... a province the full one.
    province = re.search(r'data-topojson="([^"]+)"', served.get("/?provinsi=64").content.decode())
    assert province is not None
    assert re.fullmatch(r"/static/geo/indonesia_admin\.[0-9a-f]{12}\.topojson", province.group(1))
    response = served.get(province.group(1), HTTP_ACCEPT_ENCODING=ACCEPT)
    assert int(response["Content-Length"]) < 300_000  # ~1 MB uncompressed
    cache = response["Cache-Control"]
    assert "immutable" in cache
    assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= ONE_YEAR  # type: ignore[union-attr]
    gzipped = served.get(url.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"


# First-party code of the home page, uncompressed: the page itself and the portal's own scripts
# (Leaflet, vendored, is counted in the budget above). Lighthouse measured the home page's main
# thread (docs/performance.md); these bytes are what that work grows with.
HTML_BUDGET = 230_000  # 514 table rows
FIRST_PARTY_JS_BUDGET = 24_000


def test_the_home_page_html_and_its_own_scripts_stay_under_their_budgets(served: Client) -> None:
    html = served.get("/").content.decode()
    assert len(html.encode()) < HTML_BUDGET
    scripts = [url for url in assets(html) if url.endswith(".js") and "/vendor/" not in url]
    assert any("portal-map" in url for url in scripts)
    sizes = {url: len(b"".join(served.get(url).streaming_content)) for url in scripts}  # type: ignore[attr-defined]
    assert sum(sizes.values()) < FIRST_PARTY_JS_BUDGET, sizes
    # Leaflet is fetched by the map script after the first paint, not by the page.
    assert '<script src="/static/vendor/leaflet/' not in html
    assert '<link rel="stylesheet" href="/static/vendor/leaflet/' not in html


def test_every_page_s_favicon_request_is_answered(served: Client) -> None:
    response = served.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age=" in response["Cache-Control"]
