"""The public results pages: /hasil/ and /hasil/<cycle>/ read published snapshots only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from layakanak.evaluation.models import Cycle
from layakanak.results.actions.history import do_import_national_totals
from layakanak.results.actions.publication import do_publish_cycle
from layakanak.results.models import Publication
from layakanak.results.snapshot import legend_of_latest_instrument
from layakanak.verification.models import Decision
from tests.portal.results_fixtures import DECREE, OUTCOMES_2026
from tests.results.conftest import decide_directly

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies["layakanak_lang"] = "en"
    return client


def rows(html: str) -> list[str]:
    """Region codes of the results table, in the order shown."""
    return re.findall(r'<tr data-code="([0-9.]+)"', html)


def test_anonymous_visitor_sees_counts_per_predicate_with_colours_labels_and_change(
    client: Client,
    published: Publication,
) -> None:
    html = english(client).get("/hasil/2026/").content.decode()
    assert "<h1>KLA evaluation 2026</h1>" in html
    assert DECREE in html and "23 July 2026" in html
    # 8 of 9 participants hold a predicate; in 2023, 5 did.
    assert "<strong>8</strong> of 9 participating regencies and cities hold a predicate" in html
    counts = re.findall(
        r'<li class="band-count[^"]*">.*?fill="(#[0-9a-f]{6})".*?<span class="band-name">([^<]+)'
        r'</span></span>\s*<span class="band-count-number">(\d+)</span>.*?'
        r'<span class="band-count-change muted">([^<]*)</span>',
        html,
        re.S,
    )
    # The top band is listed even when no region reached it; 2023 had 6 participants.
    assert counts == [
        ("#440154", "KLA (Paripurna)", "0", "same as in 2023"),
        ("#3b528b", "Utama", "2", "1 more than in 2023"),
        ("#21918c", "Nindya", "2", "1 more than in 2023"),
        ("#5ec962", "Madya", "1", "same as in 2023"),
        ("#fde725", "Pratama", "3", "1 more than in 2023"),
        ("#bdbdbd", "No predicate", "1", "same as in 2023"),
    ]


def test_every_region_shows_its_movement_in_words_and_an_icon(
    client: Client,
    published: Publication,
) -> None:
    html = english(client).get("/hasil/2026/").content.decode()
    movement = dict(
        re.findall(
            r'data-code="([0-9.]+)".*?<span class="movement movement-(\w+)"><svg aria-hidden',
            html,
            re.S,
        )
    )
    assert movement == {
        "64.71": "up",
        "64.72": "down",
        "65.01": "up",
        "65.02": "new",
        "65.03": "new",
        "65.04": "new",
        "65.71": "retained",
        "31.71": "retained",
        "31.72": "new",
    }
    assert '</svg> Up</span> <span class="movement-from">from Madya</span>' in html
    assert '</svg> Down</span> <span class="movement-from">from Pratama</span>' in html
    # Every region links to its profile.
    assert '<a href="/wilayah/64.71/">Kota Balikpapan</a>' in html


def test_movement_words_are_indonesian_by_default(client: Client, published: Publication) -> None:
    html = client.get("/hasil/2026/").content.decode()
    assert "</svg> Naik</span>" in html and "</svg> Turun</span>" in html
    assert "</svg> Baru</span>" in html and "</svg> Tetap</span>" in html


def test_provinsi_layak_anak_are_listed(client: Client, published: Publication) -> None:
    html = english(client).get("/hasil/2026/").content.decode()
    section = html.split('id="provila-title"')[1].split("</section>")[0]
    # Every kab/kota of Kalimantan Utara in the fixture subset holds a predicate.
    assert '<a href="/wilayah/65/">Kalimantan Utara</a>' in section
    assert "Kalimantan Timur" not in section


def test_filters_work_without_javascript(client: Client, published: Publication) -> None:
    assert rows(client.get("/hasil/2026/?provinsi=65").content.decode()) == [
        "65.71",
        "65.04",
        "65.01",
        "65.02",
        "65.03",
    ]
    assert set(rows(client.get("/hasil/2026/?predikat=pratama").content.decode())) == {
        "65.02",
        "65.03",
        "31.72",
    }
    assert rows(client.get("/hasil/2026/?predikat=none").content.decode()) == ["64.72"]
    assert rows(client.get("/hasil/2026/?provinsi=65&predikat=utama").content.decode()) == ["65.71"]
    html = client.get("/hasil/2026/?q=balik").content.decode()
    assert rows(html) == ["64.71"]
    assert 'value="balik"' in html
    assert rows(client.get("/hasil/2026/?q=65.0").content.decode()) == [
        "65.04",
        "65.01",
        "65.02",
        "65.03",
    ]


def test_no_match_says_so_and_unknown_filters_are_ignored(
    client: Client,
    published: Publication,
) -> None:
    html = english(client).get("/hasil/2026/?q=atlantis").content.decode()
    assert rows(html) == [] and "No region matches these filters." in html
    assert (
        len(rows(client.get("/hasil/2026/?provinsi=99&predikat=emas&urut=x").content.decode())) == 9
    )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "-predicate",
            ["64.71", "65.71", "31.71", "65.04", "65.01", "31.72", "65.02", "65.03", "64.72"],
        ),
        (
            "score",
            ["64.72", "65.03", "65.02", "31.72", "65.01", "65.04", "31.71", "65.71", "64.71"],
        ),
        (
            "-score",
            ["64.71", "65.71", "31.71", "65.04", "65.01", "31.72", "65.02", "65.03", "64.72"],
        ),
        ("name", ["64.71", "65.01", "31.71", "31.72", "65.02", "65.03", "64.72", "65.04", "65.71"]),
        (
            "-name",
            ["65.71", "65.04", "64.72", "65.03", "65.02", "31.72", "31.71", "65.01", "64.71"],
        ),
        (
            "province",
            ["31.71", "31.72", "64.71", "64.72", "65.01", "65.02", "65.03", "65.04", "65.71"],
        ),
    ],
)
def test_sorting_by_name_province_predicate_and_score(
    client: Client,
    published: Publication,
    sort: str,
    expected: list[str],
) -> None:
    assert rows(client.get(f"/hasil/2026/?urut={sort}").content.decode()) == expected


def test_column_headers_sort_and_say_how(client: Client, published: Publication) -> None:
    html = english(client).get("/hasil/2026/?provinsi=65&urut=-score").content.decode()
    assert '<th scope="col" aria-sort="descending" class="num">' in html
    # The score header now leads to ascending order and keeps the province filter.
    assert 'href="/hasil/2026/?provinsi=65&amp;urut=score" data-sort="score"' in html
    assert 'href="/hasil/2026/?provinsi=65&amp;urut=name" data-sort="name"' in html


def test_htmx_gets_only_the_list_with_the_new_count(client: Client, published: Publication) -> None:
    response = english(client).get("/hasil/2026/?provinsi=64", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results-list"')
    assert "<html" not in html and rows(html) == ["64.71", "64.72"]
    assert 'hx-swap-oob="true">2 of 9 regencies and cities shown.' in html


def test_the_page_loads_htmx_and_its_form_is_a_plain_get_form(
    client: Client,
    published: Publication,
) -> None:
    html = client.get("/hasil/2026/").content.decode()
    assert '<form class="results-filter" method="get" action="/hasil/2026/"' in html
    assert 'hx-get="/hasil/2026/"' in html and "vendor/htmx/htmx.min.js" in html
    assert "<script>" not in html and "style=" not in html


def test_downloads_are_linked(client: Client, published: Publication) -> None:
    html = client.get("/hasil/2026/").content.decode()
    for name in (
        "hasil-kla-2026.csv",
        "hasil-kla-2026.xlsx",
        "hasil-kla-2026.json",
        "datapackage.json",
    ):
        assert f'href="/data/2026/{name}"' in html


def test_an_unpublished_decision_never_appears(
    client: Client,
    cycle: Cycle,
    history_2023: Publication,
) -> None:
    decide_directly(cycle, OUTCOMES_2026)
    # Decided, not published: no page, no listing, no data.
    assert client.get("/hasil/2026/").status_code == 404
    assert "2026" not in client.get("/hasil/").content.decode()
    assert client.get("/data/2026/hasil-kla-2026.csv").status_code == 404
    do_publish_cycle(cycle, actor="test", decree_number=DECREE)
    # A decision changed after publication stays unpublished until a correction is published.
    Decision.objects.filter(submission__region__code="64.71").update(
        decided_band="kla", final_total="955.00"
    )
    html = english(client).get("/hasil/2026/").content.decode()
    row = html.split('data-code="64.71"')[1].split("</tr>")[0]
    assert "Utama" in row and "871" in row and "KLA (Paripurna)" not in row and "955" not in row
    csv = client.get("/data/2026/hasil-kla-2026.csv").content.decode()
    assert "64.71,Kota Balikpapan,kota,64,Kalimantan Timur,utama" in csv and "955" not in csv


def test_a_correction_shows_its_reason_and_the_old_version_is_marked_superseded(
    client: Client,
    published: Publication,
    cycle: Cycle,
) -> None:
    Decision.objects.filter(submission__region__code="64.72").update(decided_band="pratama")
    do_publish_cycle(
        cycle, actor="test", decree_number=DECREE, reason="Samarinda: berkas terlambat diperiksa"
    )
    english(client)
    html = client.get("/hasil/2026/").content.decode()
    assert "Correction: version 2 corrects version 1." in html
    assert "Samarinda: berkas terlambat diperiksa" in html
    assert 'href="/hasil/2026/v1/"' in html
    old = client.get("/hasil/2026/v1/").content.decode()
    assert "This version has been superseded." in old and "Version 2 replaced it on" in old
    assert 'href="/hasil/2026/">See the current results</a>' in old
    assert "Kota Samarinda" in old and "hasil-kla-2026.csv" not in old
    assert client.get("/hasil/2026/v3/").status_code == 404


def test_listing_of_published_cycles_newest_first(
    client: Client,
    published: Publication,
    kla2023: object,
) -> None:
    do_import_national_totals(
        "2019",
        {"utama": 3, "nindya": 23, "madya": 86, "pratama": 135, "provila": 4},
        bands=legend_of_latest_instrument(),
        participants=None,
        source_note="KemenPPPA press release 2019",
        actor="test",
    )
    html = english(client).get("/hasil/").content.decode()
    assert (
        html.index("KLA evaluation 2026")
        < html.index("KLA evaluation 2023")
        < html.index("KLA evaluation 2019")
    )
    assert "8 of 9 regencies and cities with a predicate" in html
    assert "247 regencies and cities with a predicate · 4 Child-Friendly Provinces" in html
    page = client.get("/hasil/2019/").content.decode()
    assert "Only national totals were published for this cycle" in page
    assert '<span class="band-count-number">135</span>' in page


def test_unknown_cycle_is_a_404(client: Client, published: Publication) -> None:
    assert client.get("/hasil/1999/").status_code == 404
    assert client.get("/hasil/1999/v1/").status_code == 404


def test_query_count_does_not_grow_with_the_regions(
    client: Client,
    published: Publication,
    django_assert_num_queries: Any,
) -> None:
    # Versions, previous cycle, its rows, the rows, province names, Provinsi Layak Anak.
    with django_assert_num_queries(6):
        assert client.get("/hasil/2026/?provinsi=65&urut=score").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/hasil/").status_code == 200
