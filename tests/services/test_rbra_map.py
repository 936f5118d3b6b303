"""The RBRA layer of the region profile, its public GeoJSON, and the region-from-location lookup
(point in polygon on the shipped boundaries; the coordinates are neither stored nor logged)."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from layakanak.audit.models import AuditEvent
from layakanak.regions.models import Region
from layakanak.services import actions, locate, throttle
from layakanak.services.models import Playground, PlaygroundPhoto
from layakanak.services.queries import PLAYGROUND_PUBLIC_PROPERTIES

pytestmark = pytest.mark.django_db

BALIKPAPAN = {"latitude": -1.2379, "longitude": 116.8529}
SAMARINDA = {"latitude": -0.5022, "longitude": 117.1536}
JAVA_SEA = {"latitude": -5.2, "longitude": 110.0}
MAKASSAR_STRAIT = {"latitude": -2.5, "longitude": 118.5}


def a_playground(district: str, name: str, lat: str | None, lng: str | None, **extra: Any):
    return actions.do_save_playground(
        None,
        Region.objects.get(code=district[:5]),
        {
            "district": Region.objects.get(code=district),
            "name": name,
            "address": "Jl. Taman",
            "latitude": lat,
            "longitude": lng,
            "requirements_met": [1, 2, 3, 4],
            "certification": "none",
            **extra,
        },
        actor="test",
    )


@pytest.fixture
def balikpapan_playgrounds(regions: None) -> list[Playground]:
    return [
        a_playground(
            "64.71.05",
            "RBRA Taman Bekapai",
            "-1.2700",
            "116.8300",
            certification="certified",
            requirements_met=list(range(1, 14)),
        ),
        a_playground("64.71.05", "RBRA Taman Kota", "-1.2650", "116.8400"),
        a_playground("64.71.03", "RBRA Batu Ampar", "-1.2100", "116.8700"),
        a_playground("64.71.01", "RBRA Tanpa Koordinat", None, None),
    ]


# --- GeoJSON ------------------------------------------------------------------------------------


def test_the_playgrounds_of_a_kab_kota_come_as_geojson_with_public_fields_only(
    client: Client, balikpapan_playgrounds: list[Playground], django_assert_max_num_queries: Any
):
    url = reverse("api-1.0.0:region_playgrounds", kwargs={"code": "64.71"})
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document["type"] == "FeatureCollection"
    assert document["region"] == {"code": "64.71", "name": "Kota Balikpapan", "level": "regency"}
    assert document["coverage"] == {
        "regency_code": "64.71",
        "districts_with_rbra": 3,
        "districts": 6,
    }
    features = {f["properties"]["name"]: f for f in document["features"]}
    assert len(features) == 4
    for feature in document["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert set(feature["properties"]) == set(PLAYGROUND_PUBLIC_PROPERTIES)
    bekapai = features["RBRA Taman Bekapai"]
    assert bekapai["geometry"] == {"type": "Point", "coordinates": [116.83, -1.27]}
    assert bekapai["properties"]["certification"] == "certified"
    assert bekapai["properties"]["requirements_met"] == 13
    assert bekapai["properties"]["district_code"] == "64.71.05"
    assert features["RBRA Tanpa Koordinat"]["geometry"] is None
    text = response.content.decode()
    for private in ("regency_id", "uploaded_by", "actor", "email", "@"):
        assert private not in text


def test_a_kecamatan_gets_only_its_own_playgrounds_and_the_coverage_of_its_kab_kota(
    client: Client, balikpapan_playgrounds: list[Playground]
):
    url = reverse("api-1.0.0:region_playgrounds", kwargs={"code": "64.71.05"})
    document = client.get(url).json()
    assert sorted(f["properties"]["name"] for f in document["features"]) == [
        "RBRA Taman Bekapai",
        "RBRA Taman Kota",
    ]
    assert document["coverage"]["districts_with_rbra"] == 3


def test_photos_appear_in_the_geojson_as_public_links(
    client: Client, balikpapan_playgrounds: list[Playground], settings: Any, tmp_path: Path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 128, 0)).save(out, "JPEG")
    photo = actions.do_add_playground_photo(
        balikpapan_playgrounds[0],
        io.BytesIO(out.getvalue()),
        len(out.getvalue()),
        caption="Ayunan",
        no_identifiable_child=True,
        actor="test",
    )
    document = client.get(reverse("api-1.0.0:region_playgrounds", kwargs={"code": "64.71"})).json()
    bekapai = next(f for f in document["features"] if f["id"] == balikpapan_playgrounds[0].pk)
    assert bekapai["properties"]["photos"] == [
        {
            "url": f"http://testserver/rbra/foto/{photo.public_id}/",
            "thumbnail_url": f"http://testserver/rbra/foto/{photo.public_id}/kecil/",
            "caption": "Ayunan",
        }
    ]


def test_an_unknown_region_has_no_playgrounds_endpoint(client: Client, regions: None):
    url = reverse("api-1.0.0:region_playgrounds", kwargs={"code": "64.99"})
    assert client.get(url).status_code == 404


# --- Point in polygon -----------------------------------------------------------------------------


def test_ring_contains_follows_the_even_odd_rule_with_holes():
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    assert locate.polygon_contains([square], 2, 2)
    assert not locate.polygon_contains([square], 12, 2)
    assert not locate.polygon_contains([square, hole], 5, 5)
    multi = {"type": "MultiPolygon", "coordinates": [[square], [[[20, 20], [30, 20], [25, 30]]]]}
    assert locate.geometry_contains(multi, 25, 22)
    assert not locate.geometry_contains(multi, 15, 15)


def locate_post(client: Client, point: dict[str, Any]) -> Any:
    return client.post(
        reverse("api-1.0.0:regency_at_point"), json.dumps(point), content_type="application/json"
    )


def test_a_point_in_balikpapan_is_in_kota_balikpapan(client: Client, regions: None):
    response = locate_post(client, BALIKPAPAN)
    assert response.status_code == 200
    assert response.json() == {
        "code": "64.71",
        "name": "Kota Balikpapan",
        "province_code": "64",
        "province_name": "Kalimantan Timur",
    }
    assert locate_post(client, SAMARINDA).json()["code"] == "64.72"


@pytest.mark.parametrize("point", [JAVA_SEA, MAKASSAR_STRAIT], ids=["java-sea", "makassar-strait"])
def test_a_point_in_the_sea_is_a_clear_not_found(client: Client, regions: None, point):
    response = locate_post(client, point)
    assert response.status_code == 404
    assert "No kab/kota contains this point" in response.json()["detail"]
    assert "Choose the city or regency from the list" in response.json()["detail"]


def test_coordinates_out_of_range_are_refused(client: Client, regions: None):
    assert locate_post(client, {"latitude": 123, "longitude": 116.8}).status_code == 422


def test_the_lookup_neither_stores_nor_logs_the_coordinates(
    client: Client, regions: None, caplog: pytest.LogCaptureFixture
):
    events = AuditEvent.objects.count()
    with caplog.at_level(logging.DEBUG):
        assert locate_post(client, BALIKPAPAN).status_code == 200
        assert locate_post(client, MAKASSAR_STRAIT).status_code == 404
    for value in ("1.2379", "116.8529", "118.5", "2.5"):
        assert value not in caplog.text
    assert AuditEvent.objects.count() == events
    # The coordinates travel in the body: the URL (and so any access log) never holds them.
    assert reverse("api-1.0.0:regency_at_point") == "/api/v1/regency-at-point"


def test_the_lookup_is_throttled_per_connection(
    client: Client, regions: None, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(throttle.LIMITS, "locate", (2, 600))
    assert locate_post(client, BALIKPAPAN).status_code == 200
    assert locate_post(client, BALIKPAPAN).status_code == 200
    assert locate_post(client, BALIKPAPAN).status_code == 429


def test_the_lookup_reads_only_the_candidate_geometries_and_caches_the_boxes(
    regions: None, django_assert_num_queries: Any
):
    with django_assert_num_queries(2):
        region = locate.regency_at(BALIKPAPAN["latitude"], BALIKPAPAN["longitude"])
    assert region is not None and region.code == "64.71"
    with django_assert_num_queries(1):
        region = locate.regency_at(SAMARINDA["latitude"], SAMARINDA["longitude"])
    assert region is not None and region.code == "64.72"
    with django_assert_num_queries(0):
        assert locate.regency_at(MAKASSAR_STRAIT["latitude"], MAKASSAR_STRAIT["longitude"]) is None


# --- Region profile and public pages -----------------------------------------------------------


def test_the_region_profile_of_a_kab_kota_shows_its_playgrounds_and_coverage(
    client: Client, balikpapan_playgrounds: list[Playground]
):
    page = client.get(reverse("regions:detail", args=["64.71"])).content.decode()
    assert 'id="rbra-layer"' in page
    assert 'data-url="/api/v1/regions/64.71/playgrounds"' in page
    assert "Kecamatan dengan sedikitnya satu RBRA: 3 dari 6" in page
    for playground in balikpapan_playgrounds:
        assert playground.name in page
    assert "tidak ada di peta (tanpa koordinat)" in page
    assert "js/services-rbra-layer.js" in page
    # The layer's script comes before the map's own, so that it can hook the map's creation.
    assert page.index("js/services-rbra-layer.js") < page.index("js/region-map.js")


def test_the_region_profile_of_a_kecamatan_shows_its_own_playgrounds(
    client: Client, balikpapan_playgrounds: list[Playground]
):
    page = client.get(reverse("regions:detail", args=["64.71.03"])).content.decode()
    assert "RBRA Batu Ampar" in page and "RBRA Taman Bekapai" not in page
    assert "Di Kota Balikpapan:" in page and "3 dari 6" in page
    assert 'data-url="/api/v1/regions/64.71.03/playgrounds"' in page


def test_provinces_and_villages_have_no_rbra_section(client: Client, regions: None):
    for code in ("64", "64.71.05.1001"):
        page = client.get(reverse("regions:detail", args=[code])).content.decode()
        assert 'id="rbra-layer"' not in page, code


def test_the_forms_offer_the_location_button_and_the_data_page_explains_it(
    client: Client, regions: None
):
    for name in ("services:report", "services:directory"):
        page = client.get(reverse(name)).content.decode()
        assert "Gunakan lokasi saya" in page and "js/services-locate.js" in page, name
        assert 'data-url="/api/v1/regency-at-point"' in page
    page = client.get(reverse("services:data-protection")).content.decode()
    assert 'id="lokasi"' in page and "tidak disimpan" in page


def test_the_demo_gives_balikpapan_playgrounds_drawn_photos_without_metadata(
    settings: Any, tmp_path: Path, regions: None
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_MODE = True
    call_command("demo_services", stdout=io.StringIO())
    call_command("demo_services", stdout=io.StringIO())  # idempotent
    photos = list(PlaygroundPhoto.objects.select_related("playground__regency"))
    assert photos and {p.playground.regency.code for p in photos} == {"64.71"}
    assert len(photos) == Playground.objects.filter(regency__code="64.71").count() + 1
    for photo in photos:
        stored = Image.open(settings.MEDIA_ROOT / photo.image.name)
        assert len(stored.getexif()) == 0 and stored.size == (1200, 800)


@pytest.mark.django_db(transaction=True)
def test_loading_regions_again_renews_the_cached_boxes(
    regions: None, region_subset_dir: Path
) -> None:
    from layakanak.regions.models import RegionBoundary
    from layakanak.regions.queries import boundaries_version
    from tests.conftest import load_subset

    assert locate.regency_at(BALIKPAPAN["latitude"], BALIKPAPAN["longitude"]) is not None
    before = boundaries_version()
    RegionBoundary.objects.all().delete()  # the reload writes every boundary again, as new rows
    load_subset(region_subset_dir)
    assert boundaries_version() != before
    region = locate.regency_at(BALIKPAPAN["latitude"], BALIKPAPAN["longitude"])
    assert region is not None and region.code == "64.71"
