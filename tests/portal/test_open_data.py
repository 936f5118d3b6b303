"""Open data: CSV, XLSX, JSON and a Frictionless data package that `frictionless validate`
accepts, with the Satu Data Indonesia indicator metadata; /data/ and its cached files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from layakanak.results.actions.history import do_import_national_totals
from layakanak.results.models import Publication
from layakanak.results.snapshot import legend_of_latest_instrument

pytestmark = pytest.mark.django_db


def frictionless_validate(descriptor: Path) -> subprocess.CompletedProcess[str]:
    """The `frictionless validate` command, as a data portal would run it."""
    return subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(descriptor)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def export(tmp_path: Path, cycle: str = "2026") -> Path:
    out = tmp_path / "open-data"
    call_command("export_open_data", "--cycle", cycle, "--out", str(out), stdout=io.StringIO())
    return out


def test_exported_package_passes_frictionless_validate(
    published: Publication,
    tmp_path: Path,
) -> None:
    out = export(tmp_path)
    assert sorted(p.name for p in out.iterdir()) == [
        "README.md",
        "datapackage.json",
        "hasil-kla-2026-excel.csv",
        "hasil-kla-2026.csv",
        "hasil-kla-2026.json",
        "hasil-kla-2026.xlsx",
        "hasil-kla-2026.zip",
        "metadata-indikator-2026.csv",
        "provinsi-layak-anak-2026.csv",
        "rekap-predikat-2026.csv",
    ]
    done = frictionless_validate(out / "datapackage.json")
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["valid"] is True, done.stdout[-3000:]
    assert {task["name"] for task in report["tasks"]} == {
        "hasil",
        "rekap-predikat",
        "provinsi-layak-anak",
        "metadata-indikator",
    }
    assert next(t for t in report["tasks"] if t["name"] == "hasil")["stats"]["rows"] == 9


def test_validation_catches_a_region_code_that_lost_its_dot(
    published: Publication,
    tmp_path: Path,
) -> None:
    out = export(tmp_path)
    package = json.loads((out / "datapackage.json").read_text())
    for resource in package["resources"]:
        resource.pop("hash"), resource.pop("bytes")  # the file is edited on purpose below
    (out / "datapackage.json").write_text(json.dumps(package))
    data = out / "hasil-kla-2026.csv"
    data.write_text(data.read_text().replace("2026,2026,1,64.71,", "2026,2026,1,6471,"))
    done = frictionless_validate(out / "datapackage.json")
    assert done.returncode != 0
    assert "constraint-error" in done.stdout and "pattern" in done.stdout


def test_table_schema_describes_codes_predicates_and_scores(
    published: Publication,
    tmp_path: Path,
) -> None:
    package = json.loads((export(tmp_path) / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["profile"] == "tabular-data-package" and package["version"] == "1.0.0"
    assert "cahyadsn/wilayah" in json.dumps(package["sources"])
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["region_code"]["type"] == "string"
    assert fields["region_code"]["constraints"]["pattern"] == r"^\d{2}\.\d{2}$"
    assert fields["predicate"]["constraints"]["enum"] == [
        "pratama",
        "madya",
        "nindya",
        "utama",
        "kla",
    ]
    assert fields["score"]["type"] == "number"
    assert fields["movement"]["constraints"]["enum"] == ["new", "up", "retained", "down"]
    assert package["resources"][0]["schema"]["primaryKey"] == ["region_code"]


def test_csv_keeps_codes_as_text_and_scores_exact(published: Publication, tmp_path: Path) -> None:
    text = (export(tmp_path) / "hasil-kla-2026.csv").read_text(encoding="utf-8")
    rows = {row["region_code"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["65.03"]["score"] == "512.125" and rows["64.71"]["score"] == "871.30"
    assert (
        rows["64.72"]["predicate"] == ""
        and rows["64.72"]["predicate_name_id"] == "Belum berpredikat"
    )
    assert rows["64.71"]["movement"] == "up" and rows["65.02"]["movement"] == "new"
    assert rows["31.71"]["province_name"] == "Daerah Khusus Ibukota Jakarta"


def test_the_excel_variant_reads_right_in_excel_with_indonesian_settings(
    published: Publication, tmp_path: Path
) -> None:
    out = export(tmp_path)
    raw = (out / "hasil-kla-2026-excel.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # UTF-8 with a byte-order mark
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "Siklus;Tahun;Versi;Kode kabupaten/kota;Kabupaten/kota;Jenis;Kode provinsi;Provinsi;"
        "Predikat;Nilai;Perubahan terhadap siklus sebelumnya"
    )
    rows = {row[3]: row for row in csv.reader(io.StringIO(text), delimiter=";")}
    assert rows['="64.71"'][9] == "871,30" and rows['="65.03"'][9] == "512,125"
    assert rows['="64.71"'][6] == '="64"' and rows['="64.71"'][10] == "naik"
    assert rows['="64.72"'][8] == "Belum berpredikat"
    assert len(rows) == 1 + 9
    # The standard file is unchanged for machines: English names, dots, commas, no BOM.
    standard = (out / "hasil-kla-2026.csv").read_bytes()
    assert standard.startswith(b"cycle,year,version,region_code,")
    with zipfile.ZipFile(out / "hasil-kla-2026.zip") as archive:
        assert "hasil-kla-2026/hasil-kla-2026-excel.csv" in archive.namelist()


def test_the_excel_variant_is_offered_beside_the_standard_csv(
    client: Client, published: Publication
) -> None:
    html = client.get("/data/").content.decode()
    standard = html.index('href="/data/2026/hasil-kla-2026.csv"')
    assert standard < html.index('href="/data/2026/hasil-kla-2026-excel.csv"')
    response = client.get("/data/2026/hasil-kla-2026-excel.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_indicator_metadata_has_the_satu_data_indonesia_fields(
    published: Publication,
    tmp_path: Path,
) -> None:
    text = (export(tmp_path) / "metadata-indikator-2026.csv").read_text(encoding="utf-8")
    fields = {row["field"]: row for row in csv.DictReader(io.StringIO(text))}
    for key in (
        "concept",
        "definition",
        "formula",
        "unit",
        "interpretation",
        "period",
        "regional_level",
        "producer",
    ):
        assert fields[key]["value_id"] and fields[key]["value_en"], key
    # The interpretation comes from the publication's own bands.
    assert "Pratama: nilai 500–600" in fields["interpretation"]["value_id"]
    assert "Utama: score 801–900" in fields["interpretation"]["value_en"]
    assert "Kepmen PPPA No. 120 Tahun 2026" in fields["source"]["value_id"]
    assert "Perempuan dan Perlindungan Anak" in fields["producer"]["value_id"]


def test_json_and_excel_carry_the_same_results(published: Publication, tmp_path: Path) -> None:
    out = export(tmp_path)
    document = json.loads((out / "hasil-kla-2026.json").read_text(encoding="utf-8"))
    assert document["decree"] == {"number": "Kepmen PPPA No. 120 Tahun 2026", "date": "2026-07-23"}
    assert document["totals"]["utama"] == 2 and document["provinsi_layak_anak"] == [
        {"code": "65", "name": "Kalimantan Utara"}
    ]
    balikpapan = next(r for r in document["results"] if r["region_code"] == "64.71")
    assert balikpapan["score"] == "871.30" and balikpapan["predicate"] == "utama"
    book = load_workbook(out / "hasil-kla-2026.xlsx")
    assert book.sheetnames == ["hasil", "rekap-predikat", "provinsi-layak-anak", "metadata"]
    sheet = book["hasil"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[3] == "65.03")
    assert row[header.index("region_code")] == "65.03"  # text, not the number 65.03
    assert Decimal(str(row[header.index("score")])) == Decimal("512.125")
    with zipfile.ZipFile(out / "hasil-kla-2026.zip") as archive:
        assert "hasil-kla-2026/datapackage.json" in archive.namelist()
        assert "MIT" in archive.read("hasil-kla-2026/README.md").decode()


def test_files_are_served_with_etag_and_cache_headers(
    client: Client,
    published: Publication,
) -> None:
    response = client.get("/data/2026/hasil-kla-2026.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'attachment; filename="hasil-kla-2026.csv"'
    etag = response["ETag"]
    again = client.get("/data/2026/hasil-kla-2026.csv", headers={"If-None-Match": etag})
    assert again.status_code == 304
    package = client.get("/data/2026/datapackage.json")
    assert package["ETag"] != etag and package.json()["name"] == "hasil-kla-2026"
    assert client.get("/data/2026/nothing.csv").status_code == 404
    assert client.get("/data/1999/hasil-kla-1999.csv").status_code == 404


def test_open_data_page_lists_cycles_licence_attribution_and_metadata(
    client: Client,
    published: Publication,
) -> None:
    client.cookies["layakanak_lang"] = "en"
    html = client.get("/data/").content.decode()
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in html
    assert "cahyadsn/wilayah (MIT licence" in html
    assert 'href="/data/2026/datapackage.json"' in html and 'href="/data/2023/' in html
    assert "Interpretation" in html and "Utama: score 801–900" in html
    assert "<code>region_code</code>" in html


def test_aggregate_only_cycle_has_a_valid_package_of_totals(
    kla2023: object, tmp_path: Path
) -> None:
    do_import_national_totals(
        "2019",
        {"utama": 3, "nindya": 23, "madya": 86, "pratama": 135, "provila": 4},
        bands=legend_of_latest_instrument(),
        participants=None,
        source_note="KemenPPPA 2019",
        actor="test",
    )
    out = export(tmp_path, "2019")
    assert not (out / "hasil-kla-2019.csv").exists()
    done = frictionless_validate(out / "datapackage.json")
    assert done.returncode == 0, done.stdout[-2000:]
    totals = (out / "rekap-predikat-2019.csv").read_text()
    assert "2019,2019,pratama,Pratama,Pratama,500,600,135" in totals


def test_export_of_an_unpublished_cycle_is_refused(kla2023: object, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no published results"):
        export(tmp_path, "2030")
