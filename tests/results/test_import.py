"""Importing the results of cycles that ran before the platform."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from layakanak.results import queries
from layakanak.results.models import ProvinceAward, Publication, RegionResult, Source

pytestmark = pytest.mark.django_db

GOOD = """cycle,region_code,predicate,score,source
2022,64.71,utama,"850,40",Kepmen PPPA 2022
2022,64.72,madya,,Kepmen PPPA 2022
2023,64.71,utama,880.10,Kepmen PPPA 2023
2023,64.74,pratama,,
2023,65,provila,,Kepmen PPPA 2023
"""


def write(tmp_path: Path, text: str, name: str = "hasil.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_creates_one_historical_publication_per_cycle(
    kla2023: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("import_results", str(write(tmp_path, GOOD)))
    assert "2022 v1: 2 regions" in capsys.readouterr().out
    p2022, p2023 = Publication.objects.order_by("year")
    assert p2022.source == p2023.source == Source.HISTORY
    assert p2022.totals == {"madya": 1, "utama": 1, "provila": 0}
    assert p2023.totals == {"pratama": 1, "utama": 1, "provila": 1}
    row = RegionResult.objects.get(publication=p2022, region__code="64.71")
    assert str(row.score) == "850.400" and row.source_note == "Kepmen PPPA 2022"
    assert RegionResult.objects.get(publication=p2022, region__code="64.72").score is None
    assert [a.region.code for a in ProvinceAward.objects.filter(publication=p2023)] == ["65"]
    history = queries.region_history(row.region_id)
    assert [(h.publication.cycle_slug, h.movement) for h in history] == [
        ("2022", "new"),
        ("2023", "retained"),
    ]


def test_every_bad_row_is_reported_and_nothing_is_written(kla2023: object, tmp_path: Path) -> None:
    bad = """cycle,region_code,predicate,score
2022,64.71,utama,850
2022,99.99,madya,
2022,64.71,madya,
2022,64.72,istimewa,
2022,64,utama,
2022,64.74,pratama,1200
2022,64.01,provila,
"""
    with pytest.raises(CommandError) as error:
        call_command("import_results", str(write(tmp_path, bad)))
    message = str(error.value)
    assert "6 error(s); nothing was imported" in message
    assert ":3: Unknown region code '99.99'" in message
    assert ":4: Region 64.71 is already listed for cycle 2022 (line 2)" in message
    assert ":5: Unknown predicate 'istimewa'" in message
    assert ":6: '64' is not a regency/city" in message
    assert ":7: Score '1200' is not a number from 0 to 1000" in message
    assert ":8: 'provila' is for province codes only" in message
    assert not Publication.objects.exists()


def test_missing_columns_and_unreadable_files(kla2023: object, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Required columns are missing: predicate"):
        call_command("import_results", str(write(tmp_path, "cycle,region_code\n2022,64.71\n")))
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "cycle,region_code,predicate\n2022,64.71,utama\nTanah Grogot é".encode("latin-1")
    )
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_results", str(latin))
    with pytest.raises(CommandError, match="no data rows"):
        call_command("import_results", str(write(tmp_path, "cycle,region_code,predicate\n")))


def test_reimport_needs_a_reason_and_supersedes(kla2023: object, tmp_path: Path) -> None:
    call_command("import_results", str(write(tmp_path, GOOD)))
    with pytest.raises(CommandError, match="needs a reason"):
        call_command("import_results", str(write(tmp_path, GOOD)))
    call_command("import_results", str(write(tmp_path, GOOD)), reason="Sumber resmi")
    assert Publication.objects.filter(superseded_at__isnull=True).count() == 2
    assert Publication.objects.filter(superseded_at__isnull=False).count() == 2


def test_a_cycle_published_on_the_platform_cannot_be_overwritten_by_history(
    kla2023: object, tmp_path: Path
) -> None:
    from layakanak.evaluation.actions.cycles import do_create_cycle
    from layakanak.instruments.models import InstrumentVersion
    from layakanak.results.actions.publication import do_publish_cycle
    from tests.results.conftest import decide_directly

    cycle = do_create_cycle(
        "2023",
        name_id="2023",
        name_en="2023",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={},
        actor="t",
    )
    decide_directly(cycle, {"64.71": ("utama", "850")})
    do_publish_cycle(cycle, actor="t")
    with pytest.raises(CommandError, match="Cycle 2023 was evaluated and published"):
        call_command("import_results", str(write(tmp_path, GOOD)), reason="x")


def test_band_names_as_published_are_accepted_in_either_language_and_any_case(
    kla2023: object, tmp_path: Path
) -> None:
    published = """cycle,region_code,predicate,score
2022,64.71,UTAMA,850
2022,64.72,Tidak berpredikat,
2022,64.74,  belum   BERPREDIKAT ,
2023,64.71,kla (paripurna),903
2023,64.72,No predicate,
2023,64.74,Nindya,
2023,65,Provinsi Layak Anak,
"""
    call_command("import_results", str(write(tmp_path, published)))
    p2022, p2023 = Publication.objects.order_by("year")
    stored = {r.region.code: r.predicate for r in RegionResult.objects.filter(publication=p2022)}
    # Not awarded: stored as no predicate, as a published platform result is.
    assert stored == {"64.71": "utama", "64.72": "", "64.74": ""}
    assert p2022.totals == {"utama": 1, "provila": 0}
    stored = {r.region.code: r.predicate for r in RegionResult.objects.filter(publication=p2023)}
    assert stored == {"64.71": "kla", "64.72": "", "64.74": "nindya"}
    assert [a.region.code for a in ProvinceAward.objects.filter(publication=p2023)] == ["65"]


def test_an_unknown_band_name_is_still_reported(kla2023: object, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=":2: Unknown predicate 'sangat utama'"):
        call_command(
            "import_results",
            str(write(tmp_path, "cycle,region_code,predicate\n2022,64.71,Sangat  Utama\n")),
        )
    assert not Publication.objects.exists()
