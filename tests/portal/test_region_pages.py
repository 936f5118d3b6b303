from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["layakanak_lang"] = "en"
    return client


def test_region_index_lists_the_provinces(client: Client, regions: None) -> None:
    response = client.get("/wilayah/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kalimantan Timur" in html
    assert "3 provinsi" in html
    assert 'lang="id"' in html


def test_region_index_in_english(english: Client, regions: None) -> None:
    html = english.get("/wilayah/").content.decode()
    assert "3 provinces" in html
    assert 'lang="en"' in html


def test_search_finds_kota_balikpapan_first(client: Client, regions: None) -> None:
    html = client.get("/wilayah/", {"q": "Balikpapan"}).content.decode()
    assert html.index("Kota Balikpapan") < html.index("Balikpapan Timur")
    assert 'href="/wilayah/64.71/"' in html


def test_search_by_code_prefix(client: Client, regions: None) -> None:
    html = client.get("/wilayah/", {"q": "64.71.0"}).content.decode()
    assert "Balikpapan Selatan" in html


def test_search_without_match_explains_what_to_do(client: Client, regions: None) -> None:
    html = client.get("/wilayah/", {"q": "Atlantis"}).content.decode()
    assert "Tidak ada wilayah yang cocok" in html


def test_kota_balikpapan_page_shows_parents_children_and_map(client: Client, regions: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/wilayah/64.71/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Kota Balikpapan</h1>" in html
    assert "Kalimantan Timur" in html
    for kecamatan in (
        "Balikpapan Timur",
        "Balikpapan Barat",
        "Balikpapan Utara",
        "Balikpapan Tengah",
        "Balikpapan Selatan",
        "Balikpapan Kota",
    ):
        assert kecamatan in html
    assert 'data-boundary-url="/api/v1/regions/64.71/boundary"' in html
    # Region, map, kecamatan and successions (4), the RBRA layer (3), published results (2 when
    # nothing is published: publications, certificates) and child services (4); the profile with
    # results is pinned in tests/portal/test_profile.py.
    assert len(queries) == 13, [q["sql"] for q in queries.captured_queries]


def test_village_page_shows_its_whole_chain_and_the_regency_map(
    client: Client, regions: None
) -> None:
    html = client.get("/wilayah/64.71.06.1001/").content.decode()
    assert "Prapatan" in html
    assert "Balikpapan Kota" in html and "Kota Balikpapan" in html and "Kalimantan Timur" in html
    assert 'data-boundary-url="/api/v1/regions/64.71/boundary"' in html


def test_unknown_code_gets_a_helpful_404(client: Client, regions: None) -> None:
    response = client.get("/wilayah/64.99/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "64.99" in html
    assert 'href="/wilayah/"' in html


def test_unknown_code_404_in_english(english: Client, regions: None) -> None:
    html = english.get("/wilayah/64.99/").content.decode()
    assert "There is no region with the code" in html


def test_language_switch_sets_a_cookie_and_returns(client: Client, regions: None) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/wilayah/64.71/"})
    assert response.status_code == 302
    assert response["Location"] == "/wilayah/64.71/"
    assert "Districts (kecamatan)" in client.get("/wilayah/64.71/").content.decode()


def test_lang_query_parameter_makes_shareable_english_links(client: Client, regions: None) -> None:
    html = client.get("/wilayah/64.71/", {"lang": "en"}).content.decode()
    assert "Districts (kecamatan)" in html


def test_every_page_has_the_base_layout(client: Client, regions: None) -> None:
    for url in ("/", "/wilayah/", "/wilayah/64.71/", "/tentang-data/"):
        html = client.get(url).content.decode()
        assert 'class="skip-link" href="#main"' in html, url
        assert '<main id="main"' in html, url
        assert 'name="language" value="en"' in html, url
        assert "Badan Informasi Geospasial" in html, url
