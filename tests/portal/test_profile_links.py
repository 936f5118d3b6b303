"""A region profile leads a visitor to the region's certificate check and to its rows in the
public results and the open data (issue 19), from published data only."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from layakanak.regions.models import Region
from layakanak.results.models import Certificate, ProvinceAward, Publication
from tests.portal.conftest import World

pytestmark = pytest.mark.django_db


def certificate(
    code: str, publication: Publication, region_code: str, predicate: str
) -> Certificate:
    return Certificate.objects.create(
        code=code,
        publication=publication,
        region=Region.objects.get(code=region_code),
        predicate=predicate,
        issued_at=timezone.now(),
    )


def facts(html: str) -> str:
    """The facts next to the predicate at the top of a kab/kota's results."""
    return html[html.index('class="profile-current"') : html.index('id="history-title"')]


def test_the_current_certificate_sits_next_to_the_predicate_and_links_to_its_check(
    client: Client, world: World
) -> None:
    certificate("KLA26BPPN0001", world.current, "64.71", "nindya")
    html = client.get("/wilayah/64.71/").content.decode()
    top = facts(html)
    assert "<dt>Piagam</dt>" in top and '<span class="code">KLA26BPPN0001</span>' in top
    assert '<a href="/verifikasi/KLA26BPPN0001/">Periksa keaslian piagam KLA26BPPN0001</a>' in top
    assert client.get("/verifikasi/KLA26BPPN0001/").status_code == 200


def test_a_replaced_certificate_is_not_shown_and_its_replacement_is(
    client: Client, world: World
) -> None:
    old = certificate("KLA26LAMA0001", world.current, "64.71", "nindya")
    new = certificate("KLA26BARU0002", world.current, "64.71", "nindya")
    Certificate.objects.filter(pk=old.pk).update(replaced_by=new, replaced_at=timezone.now())
    top = facts(client.get("/wilayah/64.71/").content.decode())
    assert "KLA26BARU0002" in top and "KLA26LAMA0001" not in top


def test_a_certificate_of_corrected_results_is_not_shown(client: Client, world: World) -> None:
    certificate("KLA26KORE0001", world.current, "64.71", "nindya")
    # A correction was published: the certificates of the earlier version are no longer current.
    Publication.objects.filter(pk=world.current.pk).update(superseded_at=timezone.now())
    html = client.get("/wilayah/64.71/").content.decode()
    assert "KLA26KORE0001" not in html


def test_a_certificate_of_an_earlier_cycle_is_listed_but_not_as_the_current_one(
    client: Client, world: World
) -> None:
    certificate("KLA25BPPN0001", world.history, "64.71", "madya")
    html = client.get("/wilayah/64.71/").content.decode()
    assert "<dt>Piagam</dt>" not in facts(html)
    listed = html[html.index('id="certificates-title"') :]
    assert 'href="/verifikasi/KLA25BPPN0001/"' in listed


def test_a_kab_kota_without_a_certificate_shows_none(client: Client, world: World) -> None:
    html = client.get("/wilayah/64.71/").content.decode()
    assert "<dt>Piagam</dt>" not in html and "/verifikasi/" not in facts(html)


def test_the_profile_links_its_rows_in_the_results_and_the_open_data(
    client: Client, world: World
) -> None:
    html = client.get("/wilayah/64.71/").content.decode()
    links = re.search(r'<p class="profile-data-links">(.*?)</p>', html, re.DOTALL)
    assert links is not None
    assert '<a href="/hasil/2026/?q=64.71">Kota Balikpapan dalam hasil Evaluasi KLA 2026</a>' in (
        links.group(1)
    )
    assert '<a href="/data/#cycle-2026">Data terbuka Evaluasi KLA 2026</a>' in links.group(1)
    # Both lead to pages that show the region and the cycle's files.
    assert "Kota Balikpapan" in client.get("/hasil/2026/?q=64.71").content.decode()
    assert 'id="cycle-2026"' in client.get("/data/").content.decode()


def test_a_kab_kota_without_a_published_result_has_no_data_links(
    client: Client, world: World
) -> None:
    html = client.get("/wilayah/64.11/").content.decode()
    assert "profile-data-links" not in html


def test_a_provinsi_layak_anak_shows_its_certificate_and_its_kab_kota_in_the_results(
    english: Client, world: World
) -> None:
    assert ProvinceAward.objects.filter(publication=world.current, region__code="65").exists()
    certificate("KLA26KALT0065", world.current, "65", "provila")
    html = english.get("/wilayah/65/").content.decode()
    assert 'href="/verifikasi/KLA26KALT0065/">Verify certificate KLA26KALT0065</a>' in html
    assert (
        '<a href="/hasil/2026/?provinsi=65">The kab/kota of Kalimantan Utara in the results of '
        "KLA evaluation 2026</a>" in html
    )


def test_a_province_that_is_not_a_provinsi_layak_anak_shows_no_certificate(
    english: Client, world: World
) -> None:
    html = english.get("/wilayah/64/").content.decode()
    assert not re.search(r'href="/verifikasi/\w', html)  # the header's check form only
    assert 'href="/hasil/2026/?provinsi=64"' in html


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["layakanak_lang"] = "en"
    return client
