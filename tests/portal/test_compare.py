"""Comparing two to four kab/kota side by side; the picker works without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.portal.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["layakanak_lang"] = "en"
    return client


def columns(html: str) -> list[str]:
    head = html[html.index("<thead>") : html.index("</thead>")]
    return re.findall(r'<th scope="col"><a href="/wilayah/([\d.]+)/"', head)


def test_two_regions_side_by_side(english: Client, world: World) -> None:
    html = english.get("/bandingkan/", {"w": ["64.71", "64.72"]}).content.decode()
    assert columns(html) == ["64.71", "64.72"]
    body = html[html.index('id="comparison-title"') :]
    assert "Latest predicate" in body and "Nindya" in body and "Madya" in body
    assert "745.40" in body and "655.25" in body
    assert "55.60 points to Utama" in body  # Balikpapan: 801 − 745.40
    assert "Predicate per award year" in body and ">2025<" in body and ">2026<" in body
    assert "Scores by component (latest scored cycle)" in body
    assert 'value="http://testserver/bandingkan/?w=64.71&amp;w=64.72"' in body


def test_the_picker_finds_regions_and_adds_them_by_link(english: Client, world: World) -> None:
    html = english.get("/bandingkan/", {"w": "64.71", "q": "samarinda"}).content.decode()
    assert 'href="/bandingkan/?w=64.71&amp;w=64.72"' in html  # "Add Kota Samarinda"
    assert "Add Kota Samarinda" in html
    assert 'href="/bandingkan/"' in html  # removing the only region
    assert '<input type="hidden" name="w" value="64.71">' in html


def test_at_most_four_regions_and_only_kab_kota(english: Client, world: World) -> None:
    codes = ["64.71", "64.72", "64", "99.99", "31.71", "65.71", "65.01", "64.71"]
    html = english.get("/bandingkan/", {"w": codes, "q": "kota"}).content.decode()
    assert columns(html) == ["64.71", "64.72", "31.71", "65.71"]
    assert "At most 4 regions can be compared" in html
    assert 'id="compare-q"' not in html


def test_a_region_without_results_is_compared_too(english: Client, world: World) -> None:
    html = english.get("/bandingkan/", {"w": ["64.11", "64.71"]}).content.decode()
    assert columns(html) == ["64.11", "64.71"]
    assert "No published result" in html
    assert "955" not in html  # 64.11 was decided in 2027, never published


def test_the_empty_comparison_invites_a_choice(english: Client, regions: None) -> None:
    html = english.get("/bandingkan/").content.decode()
    assert "No region chosen yet." in html
    assert 'id="comparison-title"' not in html
