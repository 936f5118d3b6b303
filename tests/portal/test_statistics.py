"""National statistics: counts per predicate per cycle since 2018, from region-level
publications where they exist and from the shipped national totals elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from layakanak.portal import queries
from layakanak.portal.national_history import SHIPPED, parse_national_totals
from layakanak.results.models import Publication
from tests.portal.conftest import World

pytestmark = pytest.mark.django_db

BANDS = {"pratama", "madya", "nindya", "utama", "kla"}


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["layakanak_lang"] = "en"
    return client


def test_the_shipped_file_holds_the_published_national_totals() -> None:
    rows = {row.cycle: row for row in parse_national_totals(SHIPPED.read_text("utf-8"), BANDS)}
    assert list(rows) == ["2018", "2019", "2021", "2022", "2023", "2025"]
    assert rows["2018"].totals == {
        "kla": 0,
        "utama": 2,
        "nindya": 11,
        "madya": 51,
        "pratama": 113,
    }
    assert rows["2018"].participants == 386
    # 2021: only the Utama count (and the total) was published; the rest is unknown, not zero.
    assert rows["2021"].totals == {"kla": 0, "utama": 4, "provila": 6}
    assert rows["2021"].awarded == 275
    assert rows["2025"].totals["provila"] == 13 and rows["2025"].participants == 464
    assert all(row.source for row in rows.values())
    assert all(row.source_id for row in rows.values())  # the note in Bahasa Indonesia too


def test_a_total_that_does_not_add_up_is_refused(tmp_path: Path, kla2023: object) -> None:
    bad = tmp_path / "totals.csv"
    bad.write_text(
        "cycle,participants,awarded,utama,nindya,madya,pratama,kla,provila,source\n"
        "2018,386,178,2,11,51,113,0,unknown,typo\n"
        "2019,x,247,3,23,86,135,0,4,bad count\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("load_national_history", file=str(bad))
    assert "line 2: the predicates add up to 177, not to awarded 178" in str(error.value)
    assert "line 3: counts must be whole numbers or 'unknown'" in str(error.value)
    assert not Publication.objects.exists()


def test_loading_records_aggregate_only_cycles_once(kla2023: object) -> None:
    call_command("load_national_history", verbosity=0)
    assert Publication.objects.filter(aggregate_only=True).count() == 6
    call_command("load_national_history", verbosity=0)  # nothing changes the second time
    assert Publication.objects.count() == 6
    p2021 = Publication.objects.get(cycle_slug="2021")
    assert "not published" in p2021.reason


def test_cycles_with_region_results_are_left_alone_and_preferred(
    english: Client, world: World
) -> None:
    call_command("load_national_history", verbosity=0)
    # 2025 has region results (imported in the fixture): no aggregate publication is added.
    assert not Publication.objects.filter(cycle_slug="2025", aggregate_only=True).exists()
    bands, rows = queries.national_totals()
    assert [b["code"] for b in bands] == ["pratama", "madya", "nindya", "utama", "kla"]
    by_year = {row.publication.year: row for row in rows}
    assert list(by_year) == [2018, 2019, 2021, 2022, 2023, 2025, 2026]
    assert by_year[2025].from_regions and by_year[2025].awarded == 4
    assert by_year[2026].awarded == 8 and by_year[2026].provila == 1
    assert by_year[2021].awarded is None and not by_year[2021].split_known
    assert [c.count for c in by_year[2021].counts] == [None, None, None, 4, 0]
    html = english.get("/statistik/").content.decode()
    assert '<svg class="chart chart-national"' in html
    row_2021 = re.search(r"<th scope=\"row\">2021</th>(.*?)</tr>", html, re.S)
    assert row_2021 is not None
    assert row_2021.group(1).count(">unknown<") == 4  # nindya, madya, pratama, awarded
    assert "2021: the split by predicate was not published" in html
    assert "the split of Nindya, Madya and Pratama was not published" in html


def test_statistics_without_anything_published(english: Client, regions: None) -> None:
    html = english.get("/statistik/").content.decode()
    assert "No results have been published yet." in html


def test_the_source_notes_are_in_the_page_s_language(client: Client, kla2023: object) -> None:
    call_command("load_national_history", verbosity=0)
    html = client.get("/statistik/").content.decode()
    assert "rincian Nindya, Madya dan Pratama tidak dipublikasikan" in html
    assert "was not published" not in html and " kab/kota awarded" not in html
    html = client.get("/statistik/?lang=en").content.decode()
    assert "the split of Nindya, Madya and Pratama was not published" in html
    assert "tidak dipublikasikan" not in html


def test_a_note_loaded_from_another_file_is_shown_as_recorded(
    client: Client, tmp_path: Path, kla2023: object
) -> None:
    own = tmp_path / "totals.csv"
    own.write_text(
        "cycle,participants,awarded,utama,nindya,madya,pratama,kla,provila,source\n"
        "2018,386,177,2,11,51,113,0,unknown,Catatan sendiri 2018\n",
        encoding="utf-8",
    )
    call_command("load_national_history", file=str(own), verbosity=0)
    assert "Catatan sendiri 2018" in client.get("/statistik/").content.decode()
