"""`load_regions` refuses malformed files with the file, line and problem, writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from layakanak.regions.models import Region

pytestmark = pytest.mark.django_db


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load_error(directory: Path) -> str:
    before = Region.objects.count()
    with pytest.raises(CommandError) as excinfo:
        call_command("load_regions", "--dir", str(directory))
    assert Region.objects.count() == before, "a refused load must write nothing"
    return str(excinfo.value)


def test_wrong_header_is_refused(shipped_data_copy: Path) -> None:
    _rewrite(
        shipped_data_copy / "regencies.csv", "code,province_code,name", "kode,province_code,name"
    )
    message = _load_error(shipped_data_copy)
    assert "regencies.csv, line 1: expected the header" in message


def test_duplicate_code_names_both_lines(shipped_data_copy: Path) -> None:
    path = shipped_data_copy / "districts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, lines[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _load_error(shipped_data_copy)
    assert (
        f"districts.csv, line 4: duplicate code {lines[1].split(',')[0]} (first on line 2)"
        in message
    )


def test_child_without_parent_is_refused(shipped_data_copy: Path) -> None:
    with (shipped_data_copy / "villages.csv").open("a", encoding="utf-8") as out:
        out.write("64.71.09.1001,64.71.09,Desa Tanpa Induk,kelurahan\n")
    message = _load_error(shipped_data_copy)
    assert "villages.csv, line" in message
    assert "parent 64.71.09 of 64.71.09.1001 does not exist" in message


def test_code_in_wrong_format_is_refused(shipped_data_copy: Path) -> None:
    _rewrite(shipped_data_copy / "regencies.csv", "64.71,64,", "64.710,64,")
    message = _load_error(shipped_data_copy)
    assert "regencies.csv, line" in message
    assert "'64.710' is not a regency code" in message


def test_bad_encoding_names_the_line(shipped_data_copy: Path) -> None:
    path = shipped_data_copy / "districts.csv"
    raw = path.read_bytes().split(b"\n")
    raw[2] = raw[2] + b"\xff\xfe"
    path.write_bytes(b"\n".join(raw))
    message = _load_error(shipped_data_copy)
    assert "districts.csv, line 3: not valid UTF-8" in message


def test_kota_code_with_kabupaten_type_is_refused(shipped_data_copy: Path) -> None:
    _rewrite(shipped_data_copy / "regencies.csv", "Balikpapan,kota", "Balikpapan,kabupaten")
    message = _load_error(shipped_data_copy)
    assert "type 'kabupaten' is not valid for 64.71" in message


def test_wrong_number_of_fields_is_refused(shipped_data_copy: Path) -> None:
    _rewrite(
        shipped_data_copy / "provinces.csv", "64,Kalimantan Timur", "64,Kalimantan Timur,extra"
    )
    message = _load_error(shipped_data_copy)
    assert "provinces.csv, line 2: expected 2 fields, found 3" in message


def test_boundary_of_unknown_region_is_refused(shipped_data_copy: Path) -> None:
    _rewrite(shipped_data_copy / "regencies.geojson", '"code": "64.71"', '"code": "64.98"')
    message = _load_error(shipped_data_copy)
    assert "regencies.geojson, feature" in message
    assert "unknown region code '64.98'" in message


def test_missing_file_is_refused(shipped_data_copy: Path) -> None:
    (shipped_data_copy / "villages.csv").unlink()
    assert "villages.csv: file not found" in _load_error(shipped_data_copy)
