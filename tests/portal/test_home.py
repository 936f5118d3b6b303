"""The home page: the national map of predicates, counts per predicate and the results table."""

from __future__ import annotations

import gzip
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.portal.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["layakanak_lang"] = "en"
    return client


def rows_of(html: str) -> list[str]:
    """Codes of the kab/kota listed in the results table, in order."""
    table = html[html.index('id="results-table"') :]
    return re.findall(
        r'<tr data-province="\d+"><th scope="row"><a href="/wilayah/([\d.]+)/"', table
    )


def summary(html: str) -> list[tuple[str, str, str]]:
    """(predicate, count, change) of each card of the counts per predicate."""
    block = html[html.index('class="predicate-counts"') : html.index('id="map-title"')]
    return [
        (name, count, change.strip())
        for name, count, change in re.findall(
            r"<span>([^<]+)</span></span>\s*<strong[^>]*>([^<]+)</strong>\s*"
            r"(?:<span class=\"predicate-change\">([^<]*)</span>)?",
            block,
        )
    ]


def test_without_any_publication_the_home_page_explains_and_offers_search(
    english: Client, regions: None
) -> None:
    response = english.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No results have been published yet" in html
    assert 'id="home-q"' in html  # the region search still works
    assert 'id="portal-map"' not in html
    assert "portal-map.js" not in html


def test_the_empty_state_is_in_indonesian_first(client: Client, regions: None) -> None:
    html = client.get("/").content.decode()
    assert "Belum ada hasil yang diterbitkan" in html


def test_home_shows_counts_changes_map_and_table_of_the_latest_cycle(
    english: Client, world: World
) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = english.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "KLA evaluation 2026" in html
    assert "Kepmen PPPA No. 120 Tahun 2026" in html
    # Counts per predicate with the change against 2025 (imported: 64.71 madya, 64.72 nindya,
    # 65.71 pratama, 31.71 utama).
    counts = summary(html)
    assert counts == [
        ("KLA (Paripurna)", "0", "±0 since 2025"),
        ("Utama", "2", "+1 since 2025"),
        ("Nindya", "2", "+1 since 2025"),
        ("Madya", "2", "+1 since 2025"),
        ("Pratama", "2", "+1 since 2025"),
        ("No predicate", "1", "+1 since 2025"),
        ("Did not take part", "12", ""),  # 21 kab/kota in the three fixture provinces
    ]
    # Every region of the publication is in the table, by code, linked to its profile.
    assert rows_of(html) == sorted(
        code
        for code in [
            "31.71",
            "64.71",
            "64.72",
            "64.74",
            "65.01",
            "65.02",
            "65.03",
            "65.04",
            "65.71",
        ]
    )
    assert 'data-results="/api/v1/cycles/2026/results?page_size=1000"' in html
    # The whole country is drawn from the lightened geometry (portal/national_geometry.py).
    assert re.search(r'data-topojson="/static/geo/indonesia_national[^"]*\.topojson"', html)
    assert len(queries) == 11, [q["sql"] for q in queries.captured_queries]


def test_unpublished_decisions_never_appear(english: Client, world: World) -> None:
    html = english.get("/").content.decode()
    assert "KLA evaluation 2027" not in html
    assert "/wilayah/64.11/" not in html  # decided in 2027 only
    assert "955" not in html
    assert english.get("/", {"siklus": "2027"}).content.decode().count("KLA evaluation 2027") == 0


def test_province_filter_lists_only_its_kab_kota_and_counts_them(
    english: Client, world: World
) -> None:
    html = english.get("/", {"provinsi": "65"}).content.decode()
    assert rows_of(html) == ["65.01", "65.02", "65.03", "65.04", "65.71"]
    assert "Kalimantan Utara" in html
    assert 'data-province="65"' in html
    assert "province=65" in html  # the map asks the API for the same province
    assert '<option value="65" selected>' in html


def test_an_unknown_province_shows_all_of_indonesia(english: Client, world: World) -> None:
    html = english.get("/", {"provinsi": "99"}).content.decode()
    assert len(rows_of(html)) == 9


def test_an_earlier_cycle_can_be_chosen_and_the_url_says_so(english: Client, world: World) -> None:
    html = english.get("/", {"siklus": "2025"}).content.decode()
    assert "KLA evaluation 2025" in html
    assert rows_of(html) == ["31.71", "64.71", "64.72", "65.71"]
    assert "There is no earlier published cycle to compare with." in html
    assert '<option value="2025" selected>' in html


def test_link_preview_tags_describe_the_cycle(english: Client, world: World) -> None:
    html = english.get("/").content.decode()
    title = "Child-friendly regencies and cities: KLA evaluation 2026"
    assert f'<meta property="og:title" content="{title}">' in html
    assert re.search(
        r'<meta property="og:description" content="Map and table of the predicates', html
    )


def test_home_is_sent_compressed(client: Client, world: World) -> None:
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"results-table" in gzip.decompress(response.content)


def test_the_home_page_with_results_offers_the_region_search_without_javascript(
    client: Client, world: World
) -> None:
    html = client.get("/").content.decode()
    form = re.search(r'<form class="search-form home-search" action="([^"]+)" method="get"', html)
    assert form is not None and form.group(1) == "/wilayah/"
    assert '<input id="home-q" name="q" type="search"' in html
    assert '<label for="home-q">Cari wilayah</label>' in html
    found = client.get("/wilayah/", {"q": "Balikpapan"}).content.decode()
    assert 'href="/wilayah/64.71/"' in found
