from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, **params: object):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return response, len(queries)


def test_regions_filtered_by_level_and_parent(client: Client, regions: None) -> None:
    response, n_queries = _get(client, "/api/v1/regions", level="district", parent="64.71")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    assert [r["code"] for r in body["results"]] == [f"64.71.0{i}" for i in range(1, 7)]
    assert all(r["parent_code"] == "64.71" for r in body["results"])
    assert n_queries == 3  # count, page, parent codes


def test_regions_search_by_name(client: Client, regions: None) -> None:
    body = client.get("/api/v1/regions", {"q": "balikpapan", "level": "regency"}).json()
    assert [r["code"] for r in body["results"]] == ["64.71"]
    assert body["results"][0]["type"] == "kota"


def test_regions_pagination_links(client: Client, regions: None) -> None:
    response, n_queries = _get(client, "/api/v1/regions", level="regency", page_size=5, page=2)
    body = response.json()
    assert body["page"] == 2
    assert len(body["results"]) == 5
    assert body["previous"].endswith("page=1&page_size=5") or "page=1" in body["previous"]
    assert "page=3" in body["next"]
    assert n_queries == 3
    first_codes = {
        r["code"]
        for r in client.get("/api/v1/regions", {"level": "regency", "page_size": 5}).json()[
            "results"
        ]
    }
    assert first_codes.isdisjoint({r["code"] for r in body["results"]})


def test_query_count_does_not_grow_with_page_size(client: Client, regions: None) -> None:
    _, small = _get(client, "/api/v1/regions", level="village", page_size=2)
    _, large = _get(client, "/api/v1/regions", level="village", page_size=500)
    assert small == large == 3


def test_page_size_above_the_limit_is_refused(client: Client, regions: None) -> None:
    response = client.get("/api/v1/regions", {"page_size": 10000})
    assert response.status_code == 422


def test_unknown_level_is_refused(client: Client, regions: None) -> None:
    assert client.get("/api/v1/regions", {"level": "planet"}).status_code == 422


def test_region_detail(client: Client, regions: None) -> None:
    body = client.get("/api/v1/regions/64.71").json()
    assert body["name"] == "Kota Balikpapan"
    assert body["ancestors"] == [{"code": "64", "name": "Kalimantan Timur", "level": "province"}]
    assert body["children_count"] == 6
    assert body["has_boundary"] is True
    assert body["url"].endswith("/wilayah/64.71/")


def test_unknown_region_is_a_json_404(client: Client, regions: None) -> None:
    response = client.get("/api/v1/regions/64.99")
    assert response.status_code == 404
    assert "64.99" in response.json()["detail"]


def test_boundary_is_geojson_with_long_lived_cache_and_etag(client: Client, regions: None) -> None:
    response = client.get("/api/v1/regions/64.71/boundary")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=604800" in response["Cache-Control"]
    feature = response.json()
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    west, south, east, north = feature["bbox"]
    assert 116.7 < west < east < 117.2 and -1.4 < south < north < -1.0  # Balikpapan
    again = client.get("/api/v1/regions/64.71/boundary", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_boundary_of_a_kecamatan_explains_there_is_none(client: Client, regions: None) -> None:
    response = client.get("/api/v1/regions/64.71.01/boundary")
    assert response.status_code == 404
    assert "boundaries exist for provinces and kab/kota" in response.json()["detail"]


def test_openapi_document_lists_the_region_endpoints(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/regions", "/api/v1/regions/{code}", "/api/v1/regions/{code}/boundary"} <= set(
        document["paths"]
    )
    assert client.get("/api/v1/docs").status_code == 200
