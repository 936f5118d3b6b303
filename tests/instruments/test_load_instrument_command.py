from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from layakanak.audit.models import AuditEvent
from layakanak.instruments.files import SHIPPED_DIR
from layakanak.instruments.models import (
    Component,
    EvidenceRequirement,
    Indicator,
    InstrumentVersion,
    PredicateBand,
    Question,
)
from layakanak.instruments.queries import instrument_of
from layakanak.instruments.schema import dump_document

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("load_instrument", *args, stdout=out)
    return out.getvalue()


def test_shipped_instruments_load_with_their_whole_tree() -> None:
    output = _run("--shipped")
    assert "created    kla-2022" in output and "created    kla-2023" in output
    kla2023 = InstrumentVersion.objects.get(slug="kla-2023")
    assert kla2023.status == "active" and kla2023.reconstruction
    components = dict(Component.objects.filter(version=kla2023).values_list("code", "max_points"))
    assert {code: int(points) for code, points in components.items()} == {
        "KL": 164,
        "K1": 115,
        "K2": 156,
        "K3": 150,
        "K4": 110,
        "K5": 205,
        "KD": 100,
    }
    numbered = Indicator.objects.filter(version=kla2023).exclude(number__startswith="KD")
    assert sorted(int(n) for n in numbered.values_list("number", flat=True)) == list(range(1, 25))
    assert Question.objects.filter(version=kla2023).count() == len(instrument_of(kla2023).questions)
    assert EvidenceRequirement.objects.filter(question__version=kla2023).exists()
    assert list(PredicateBand.objects.filter(version=kla2023).values_list("code", flat=True)) == [
        "belum",
        "pratama",
        "madya",
        "nindya",
        "utama",
        "kla",
    ]
    kla2022 = InstrumentVersion.objects.get(slug="kla-2022")
    assert Component.objects.get(version=kla2022, code="KL").max_points == 150
    assert AuditEvent.objects.filter(action="instrument.created").count() == 2


def test_loading_again_changes_nothing(shipped_instruments: None) -> None:
    events = AuditEvent.objects.count()
    output = _run("--shipped")
    assert "unchanged  kla-2022" in output and "unchanged  kla-2023" in output
    assert AuditEvent.objects.count() == events


def test_dry_run_validates_without_writing() -> None:
    output = _run("--dry-run", str(SHIPPED_DIR / "kla-2023.yaml"))
    assert output.startswith("valid  kla-2023")
    assert not InstrumentVersion.objects.exists()


def _broken_copy(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    document = yaml.safe_load((SHIPPED_DIR / "kla-2023.yaml").read_text(encoding="utf-8"))
    mutate(document)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_an_invalid_file_names_its_problem_and_loads_nothing(tmp_path: Path) -> None:
    def add_points(document: dict) -> None:  # type: ignore[type-arg]
        document["components"][0]["indicators"][0]["questions"][0]["options"][0]["points"] = "500"

    path = _broken_copy(tmp_path, add_points)
    with pytest.raises(CommandError) as excinfo:
        _run(str(path), str(SHIPPED_DIR / "kla-2022.yaml"))
    message = str(excinfo.value)
    assert "nothing was loaded" in message
    assert "broken.yaml:" in message
    assert not InstrumentVersion.objects.exists(), "the valid file is not loaded either"


def test_an_unknown_file_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "instrument.csv"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match=r"must be \.yaml or \.xlsx"):
        _run(str(path))


def test_an_active_version_is_not_silently_replaced(
    shipped_instruments: None, tmp_path: Path
) -> None:
    def rename(document: dict) -> None:  # type: ignore[type-arg]
        document["name"]["en"] = "KLA Evaluation Instrument 2023 (amended)"

    path = _broken_copy(tmp_path, rename)
    with pytest.raises(CommandError, match="new slug"):
        _run(str(path))
    assert (
        InstrumentVersion.objects.get(slug="kla-2023").name_en == "KLA Evaluation Instrument 2023"
    )
    output = _run("--replace", str(path))
    assert "updated    kla-2023" in output
    version = InstrumentVersion.objects.get(slug="kla-2023")
    assert version.name_en.endswith("(amended)")
    assert Question.objects.filter(version=version).count() == len(instrument_of(version).questions)
    assert AuditEvent.objects.filter(action="instrument.updated", object_id="kla-2023").exists()


def test_export_writes_yaml_and_excel_that_load_back_identically(
    shipped_instruments: None, tmp_path: Path
) -> None:
    call_command("export_instrument", "kla-2023", "--out-dir", str(tmp_path), stdout=StringIO())
    original = dump_document(instrument_of(InstrumentVersion.objects.get(slug="kla-2023")))
    from layakanak.instruments.files import read_instrument_file

    assert dump_document(read_instrument_file(tmp_path / "kla-2023.yaml")) == original
    assert dump_document(read_instrument_file(tmp_path / "kla-2023.xlsx")) == original
    output = _run(str(tmp_path / "kla-2023.xlsx"))
    assert "unchanged  kla-2023" in output


def test_export_of_an_unknown_version_is_refused() -> None:
    with pytest.raises(CommandError, match="No instrument version 'kla-1999'"):
        call_command("export_instrument", "kla-1999")
