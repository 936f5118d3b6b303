"""/api/v1/cycles, /api/v1/cycles/{cycle}/results and /api/v1/regions/{code}/results: published
results only, with filters, pagination, ETags and an OpenAPI document that schemathesis checks."""

from __future__ import annotations

import gzip
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.portal.conftest import World

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, **params: object):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return response, len(queries)


def test_cycles_lists_the_current_publications_newest_first(client: Client, world: World) -> None:
    response, n_queries = get(client, "/api/v1/cycles")
    assert response.status_code == 200
    body = response.json()
    assert [c["cycle"] for c in body] == ["2026", "2025"]
    latest = body[0]
    assert latest["source"] == "platform" and latest["aggregate_only"] is False
    assert latest["decree_number"] == "Kepmen PPPA No. 120 Tahun 2026"
    assert latest["totals"] == {"madya": 2, "nindya": 2, "pratama": 2, "utama": 2, "provila": 1}
    assert [b["code"] for b in latest["bands"]][:2] == ["belum", "pratama"]
    assert latest["results_url"].endswith("/api/v1/cycles/2026/results")
    # Cycle 2027 was decided, never published: no entry and no link names it (its slug is also
    # a year, which the publication times may contain on some days).
    assert "/cycles/2027" not in json.dumps(body) and '"2027"' not in json.dumps(body)
    assert n_queries == 1


def test_results_of_a_cycle_with_movement_and_profile_links(client: Client, world: World) -> None:
    response, n_queries = get(client, "/api/v1/cycles/2026/results")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 9 and body["next"] is None and body["previous"] is None
    rows = {r["code"]: r for r in body["results"]}
    assert rows["64.71"] == {
        "code": "64.71",
        "name": "Kota Balikpapan",
        "province_code": "64",
        "predicate": "nindya",
        "score": "745.400",
        "movement": "up",
        "url": "http://testserver/wilayah/64.71/",
    }
    assert rows["64.74"]["predicate"] is None and rows["64.74"]["movement"] == "retained"
    assert rows["65.01"]["movement"] == "new"
    assert "64.11" not in rows  # decided in 2027, never published
    # publication, previous publication, count, page; movements: previous publication, its rows,
    # the current rows.
    assert n_queries == 7


def test_results_filters_and_pagination(client: Client, world: World) -> None:
    body = client.get("/api/v1/cycles/2026/results", {"province": "65"}).json()
    assert [r["code"] for r in body["results"]] == ["65.01", "65.02", "65.03", "65.04", "65.71"]
    body = client.get("/api/v1/cycles/2026/results", {"predicate": "utama"}).json()
    assert [r["code"] for r in body["results"]] == ["31.71", "65.71"]
    body = client.get("/api/v1/cycles/2026/results", {"predicate": "none"}).json()
    assert [r["code"] for r in body["results"]] == ["64.74"]
    first = client.get("/api/v1/cycles/2026/results", {"page_size": 4}).json()
    second = client.get(first["next"]).json()
    assert first["count"] == second["count"] == 9
    assert [r["code"] for r in first["results"]] == ["31.71", "64.71", "64.72", "64.74"]
    assert second["results"][0]["code"] == "65.01"
    assert second["previous"] is not None and "page=1" in second["previous"]


def test_query_count_does_not_grow_with_the_page(client: Client, world: World) -> None:
    _, small = get(client, "/api/v1/cycles/2026/results", page_size=1)
    _, large = get(client, "/api/v1/cycles/2026/results", page_size=1000)
    assert small == large == 7


@pytest.mark.parametrize(
    "params", [{"province": "6"}, {"province": "ab"}, {"page_size": 1001}, {"page": 0}]
)
def test_bad_filters_are_refused(client: Client, world: World, params: dict[str, object]) -> None:
    assert client.get("/api/v1/cycles/2026/results", params).status_code == 422


def test_an_unknown_or_unpublished_cycle_is_not_found(client: Client, world: World) -> None:
    for slug in ("1999", "2027"):
        response = client.get(f"/api/v1/cycles/{slug}/results")
        assert response.status_code == 404
        assert "No published cycle" in response.json()["detail"]


def test_etag_gives_304_when_nothing_changed(client: Client, world: World) -> None:
    first = client.get("/api/v1/cycles/2026/results", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(first.content))["count"] == 9
    etag = first["ETag"]
    assert etag.startswith('W/"')  # weakened by compression; compared weakly
    with CaptureQueriesContext(connection) as queries:
        again = client.get(
            "/api/v1/cycles/2026/results", HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_ENCODING="gzip"
        )
    assert again.status_code == 304 and again.content == b""
    assert len(queries) == 2  # the publication and the previous one; no row is read
    other = client.get("/api/v1/cycles/2026/results", {"province": "65"}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200
    for url in ("/api/v1/cycles", "/api/v1/regions/64.71/results"):
        tag = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304


def test_published_results_may_be_read_by_scripts_of_other_sites(
    client: Client, world: World
) -> None:
    """Open data: the static export's map, served from object storage, reads them across
    origins."""
    for url in ("/api/v1/cycles", "/api/v1/cycles/2026/results", "/api/v1/regions/64.71/results"):
        response = client.get(url, HTTP_ORIGIN="https://arsip.example")
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert response["Cache-Control"].startswith("public"), url


def test_a_correction_changes_the_etag(client: Client, world: World) -> None:
    from layakanak.results.actions.publication import do_publish_cycle
    from layakanak.verification.models import Decision

    etag = client.get("/api/v1/cycles/2026/results")["ETag"]
    Decision.objects.filter(
        submission__cycle__slug="2026", submission__region__code="64.72"
    ).update(decided_band="nindya")
    do_publish_cycle(world.current.cycle, actor="test", reason="Koreksi predikat Samarinda")  # type: ignore[arg-type]
    response = client.get("/api/v1/cycles/2026/results", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["cycle"]["version"] == 2


def test_region_results_across_cycles(client: Client, world: World) -> None:
    response, n_queries = get(client, "/api/v1/regions/64.71/results")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Kota Balikpapan"
    assert [(r["cycle"], r["predicate"], r["movement"]) for r in body["results"]] == [
        ("2025", "madya", "new"),
        ("2026", "nindya", "up"),
    ]
    latest = body["results"][-1]
    assert latest["predicate_name_en"] == "Nindya" and latest["score"] == "745.400"
    assert latest["stage_scores"] == {"EM": "785.400", "VF": "745.400"}
    assert len(latest["component_scores"]) == 7 and len(latest["indicator_scores"]) == 26
    assert body["results"][0]["component_scores"] == {}  # imported history has none
    assert n_queries == 3
    province = client.get("/api/v1/regions/65/results").json()
    assert province["provinsi_layak_anak"] == ["2026"] and province["results"] == []
    assert client.get("/api/v1/regions/99.99/results").status_code == 404


def test_the_openapi_document_describes_the_results_endpoints(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/cycles",
        "/api/v1/cycles/{cycle}/results",
        "/api/v1/regions/{code}/results",
    ):
        operation = document["paths"][path]["get"]
        assert "ETag" in operation["description"]
        assert {"200", "304"} <= set(operation["responses"])
