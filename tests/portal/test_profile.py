"""Region profiles: a kab/kota's predicate, history, components against the medians, the gap
to the next predicate, certificates and child services; a province's Provinsi Layak Anak
status, distribution and kab/kota."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from layakanak.portal import profiles
from layakanak.regions.models import Region
from layakanak.results.models import Certificate
from tests.portal.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["layakanak_lang"] = "en"
    return client


def text(html: str) -> str:
    """The visible text, whitespace collapsed (for sentences split over template lines)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_kota_balikpapan_shows_its_predicate_history_and_gap(english: Client, world: World) -> None:
    profiles._medians_of.cache_clear()  # medians are computed once per publication and process
    with CaptureQueriesContext(connection) as captured:
        response = english.get("/wilayah/64.71/")
    assert response.status_code == 200
    html = response.content.decode()
    words = text(html)
    assert "KLA predicate" in words
    assert "Nindya" in words and "745.40" in words
    # History: Madya 2025 (imported) → Nindya 2026, up.
    history = html[html.index('id="history-title"') : html.index('id="components-title"')]
    assert text(history).count("KLA evaluation 2025") == 1
    assert re.search(r"Madya.*650\.00.*New predicate", text(history))
    assert re.search(r"Nindya.*745\.40.*Up", text(history))
    assert '<svg class="chart chart-history"' in history
    # Gap: Utama from 801 points; 801 - 745.40 = 55.60.
    assert "Kota Balikpapan needs 55.60 more points to reach Utama (from 801 points)" in words
    assert "The components with the most points still to gain:" in words
    # The decision that was never published (KLA 955 in 2027) does not leak.
    assert "955" not in html and "KLA evaluation 2027" not in html
    # The map and the RBRA layer of the profile are still there.
    assert 'data-boundary-url="/api/v1/regions/64.71/boundary"' in html
    assert 'id="rbra-layer"' in html
    # Region, map, kecamatan, RBRA layer (7); results (5); child services (4).
    assert len(captured) == 16, [q["sql"] for q in captured.captured_queries]


def test_components_are_compared_with_the_province_and_national_medians(
    english: Client, world: World
) -> None:
    html = english.get("/wilayah/64.71/").content.decode()
    components = html[html.index('id="components-title"') :]
    assert "Kelembagaan" in components or "Institutional" in components
    assert "Province median" in components and "National median" in components
    assert '<svg class="chart chart-components"' in components
    region = Region.objects.get(code="64.71")
    profile = profiles.regency_profile(region)
    assert [row.code for row in profile.components] == ["KL", "K1", "K2", "K3", "K4", "K5", "KD"]
    assert sum(row.score for row in profile.components) == Decimal("745.40")
    # Kalimantan Timur's kab/kota in 2026: 64.71 (745.40), 64.72 (655.25), 64.74 (480.00); the
    # medians follow the same proportions as the totals (points are spread evenly).
    first = profile.components[0]
    assert first.province_median is not None and first.national_median is not None
    assert first.province_median < first.score
    assert len(profile.indicators) == 26


def test_a_kab_kota_without_any_published_result(english: Client, world: World) -> None:
    html = english.get("/wilayah/64.11/").content.decode()
    assert "No published result for this regency or city yet." in html
    assert 'id="history-title"' not in html


def test_a_score_already_in_the_next_band_is_explained(world: World) -> None:
    latest = profiles.HistoryRow(
        publication=world.current,
        band=world.current.band("madya") or {},
        score=Decimal("705.00"),
        movement="up",
    )
    gap = profiles.gap_to_next(latest, [])
    assert gap.next_band is not None and gap.next_band["code"] == "nindya"
    assert gap.points_needed == Decimal("-4.00")


def test_certificates_link_to_their_public_check_and_replaced_ones_are_hidden(
    english: Client, world: World
) -> None:
    region = Region.objects.get(code="64.71")
    now = timezone.now()
    old = Certificate.objects.create(
        code="KLA26-OLD0001",
        publication=world.current,
        region=region,
        predicate="nindya",
        issued_at=now,
    )
    new = Certificate.objects.create(
        code="KLA26-NEW0002",
        publication=world.current,
        region=region,
        predicate="nindya",
        issued_at=now,
    )
    Certificate.objects.filter(pk=old.pk).update(replaced_by=new, replaced_at=now)
    html = english.get("/wilayah/64.71/").content.decode()
    assert 'href="/verifikasi/KLA26-NEW0002/"' in html
    assert "KLA26-OLD0001" not in html


def test_child_services_present_in_the_region_are_counted_with_links(
    english: Client, world: World
) -> None:
    from layakanak.services.models import ChildForum, CounsellingService, Playground

    region = Region.objects.get(code="64.71")
    district = Region.objects.get(code="64.71.01")
    CounsellingService.objects.create(region=region, kind="puspaga", name="PUSPAGA Balikpapan")
    CounsellingService.objects.create(region=region, kind="uptd_ppa", name="Tutup", active=False)
    ChildForum.objects.create(regency=region, region=region, name="Forum Anak Balikpapan")
    Playground.objects.create(regency=region, district=district, name="RBRA Balikpapan Timur")
    html = english.get("/wilayah/64.71/").content.decode()
    services = text(html[html.index('id="services-title"') :])
    assert "1 counselling service" in services
    assert "1 Forum Anak" in services
    assert "1 child-friendly playground (RBRA)" in services
    assert 'href="/layanan/?wilayah=64.71"' in html


def test_kalimantan_utara_is_a_provinsi_layak_anak_with_its_distribution(
    english: Client, world: World
) -> None:
    with CaptureQueriesContext(connection) as captured:
        html = english.get("/wilayah/65/").content.decode()
    words = text(html)
    assert (
        "Kalimantan Utara is a Provinsi Layak Anak in KLA evaluation 2026: every one of its "
        "kab/kota holds a predicate." in words
    )
    assert '<svg class="chart chart-distribution"' in html
    table = html[html.index('id="results-table"') :]
    assert re.findall(r'href="/wilayah/(65\.\d+)/"', table)[:5] == [
        "65.01",
        "65.02",
        "65.03",
        "65.04",
        "65.71",
    ]
    # 14: with the piagam of the Provinsi Layak Anak, read only for an awarded province.
    assert len(captured) == 14, [q["sql"] for q in captured.captured_queries]


def test_kalimantan_timur_is_not_a_provinsi_layak_anak(english: Client, world: World) -> None:
    words = text(english.get("/wilayah/64/").content.decode())
    assert (
        "Kalimantan Timur is not a Provinsi Layak Anak in KLA evaluation 2026: 2 of its 10 "
        "kab/kota hold a predicate." in words
    )
    assert "Did not take part:" in words


def test_other_levels_keep_what_they_show(english: Client, world: World) -> None:
    html = english.get("/wilayah/64.71.01/").content.decode()
    assert "KLA predicate" not in html and "Provinsi Layak Anak" not in html
    assert "Villages (desa/kelurahan)" in html


def test_profile_link_preview_names_the_predicate(english: Client, world: World) -> None:
    html = english.get("/wilayah/64.71/").content.decode()
    assert re.search(
        r'<meta property="og:description" content="Kota Balikpapan: Nindya in KLA evaluation 2026',
        html,
    )
