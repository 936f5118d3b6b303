"""Open data of a published cycle: CSV, XLSX, JSON and a Frictionless data package.

Every file is built from the publication (an immutable snapshot) on request: the bytes depend
only on the publication and FORMAT_VERSION, so they are cached with an ETag derived from the
publication's content hash and never go stale. `layakanak export_open_data` and the static
export write the same bytes to disk. Region codes and names are the reference data of
Kepmendagri 300.2.2-2138/2025 (attribution in the package).

Files of cycle <slug> (all under /data/<slug>/):
- hasil-kla-<slug>.csv / .xlsx / .json: one row per kab/kota with its predicate and score;
- hasil-kla-<slug>-excel.csv: the same for Excel with Indonesian settings (`opendata_excel`);
- rekap-predikat-<slug>.csv: the number of kab/kota per predicate (national totals);
- provinsi-layak-anak-<slug>.csv: the Provinsi Layak Anak;
- metadata-indikator-<slug>.csv: the indicator metadata (Satu Data Indonesia fields);
- datapackage.json: the Frictionless data package describing the CSV files;
- hasil-kla-<slug>.zip: all of the above with a README.
Aggregate-only cycles (national totals only) have no per-region files.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.urls import reverse

from layakanak.core.locale import side
from layakanak.lib.spreadsheet import SafeCsvDictWriter
from layakanak.portal.metadata import (
    ATTRIBUTION_REGIONS,
    LICENCE,
    PRODUCER,
    MetadataField,
    indicator_metadata,
)
from layakanak.portal.opendata_excel import excel_results_csv
from layakanak.portal.results_data import CycleResults, cycle_results
from layakanak.results.models import Publication

# Bump when the content or layout of any file changes: it is part of every ETag.
FORMAT_VERSION = "2"  # 2: the Excel variant of the results CSV (also in the ZIP)
REGION_CODE_PATTERN = r"^\d{2}\.\d{2}$"
PROVINCE_CODE_PATTERN = r"^\d{2}$"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class DataFile:
    name: str
    kind: str  # results_csv, results_xlsx, results_json, totals_csv, provila_csv, ...
    content_type: str
    label_id: str
    label_en: str

    # Pairs, not catalogue messages: the open data of a publication is written in both
    # languages at once and frozen with it.
    def label(self, language: str) -> str:
        return side(self.label_id, self.label_en, language)


def files_of(publication: Publication) -> list[DataFile]:
    """The open-data files of a publication, in the order they are listed."""
    slug = publication.cycle_slug
    files = []
    if not publication.aggregate_only:
        files += [
            DataFile(
                f"hasil-kla-{slug}.csv",
                "results_csv",
                "text/csv; charset=utf-8",
                "Hasil per kabupaten/kota (CSV)",
                "Results per regency/city (CSV)",
            ),
            DataFile(
                f"hasil-kla-{slug}-excel.csv",
                "results_excel_csv",
                "text/csv; charset=utf-8",
                "Hasil per kabupaten/kota (CSV untuk Excel berpengaturan Indonesia: titik koma, "
                "koma desimal)",
                "Results per regency/city (CSV for Excel with Indonesian settings: semicolons, "
                "decimal comma)",
            ),
            DataFile(
                f"hasil-kla-{slug}.xlsx",
                "results_xlsx",
                XLSX,
                "Hasil per kabupaten/kota (Excel)",
                "Results per regency/city (Excel)",
            ),
            DataFile(
                f"hasil-kla-{slug}.json",
                "results_json",
                "application/json",
                "Hasil per kabupaten/kota (JSON)",
                "Results per regency/city (JSON)",
            ),
        ]
    files += [
        DataFile(
            f"rekap-predikat-{slug}.csv",
            "totals_csv",
            "text/csv; charset=utf-8",
            "Jumlah kabupaten/kota per predikat (CSV)",
            "Regencies/cities per predicate (CSV)",
        ),
        DataFile(
            f"provinsi-layak-anak-{slug}.csv",
            "provila_csv",
            "text/csv; charset=utf-8",
            "Provinsi Layak Anak (CSV)",
            "Child-Friendly Provinces (CSV)",
        ),
        DataFile(
            f"metadata-indikator-{slug}.csv",
            "metadata_csv",
            "text/csv; charset=utf-8",
            "Metadata indikator (CSV)",
            "Indicator metadata (CSV)",
        ),
        DataFile(
            "datapackage.json",
            "datapackage",
            "application/json",
            "Paket data Frictionless (datapackage.json)",
            "Frictionless data package (datapackage.json)",
        ),
        DataFile(
            f"hasil-kla-{slug}.zip",
            "zip",
            "application/zip",
            "Semua berkas (ZIP)",
            "All files (ZIP)",
        ),
    ]
    return files


def file_url(publication: Publication, name: str) -> str:
    return reverse("public_results:data-file", args=[publication.cycle_slug, name])


def downloads(publication: Publication) -> list[dict[str, str]]:
    """Links of the publication's files for a page."""
    return [
        {
            "name": f.name,
            "url": file_url(publication, f.name),
            "label_id": f.label_id,
            "label_en": f.label_en,
        }
        for f in files_of(publication)
    ]


def etag(publication: Publication, name: str) -> str:
    key = f"{FORMAT_VERSION}:{publication.pk}:{publication.sha256}:{name}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


# Values ----------------------------------------------------------------------------------------


def decimal_text(value: Decimal | None) -> str:
    """An exact score as text with at least two decimals: 871.3 -> "871.30", 597.928 kept."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


RESULT_FIELDS = (
    "cycle",
    "year",
    "version",
    "region_code",
    "region_name",
    "region_type",
    "province_code",
    "province_name",
    "predicate",
    "predicate_name_id",
    "predicate_name_en",
    "score",
    "movement",
)


def result_records(data: CycleResults) -> list[dict[str, str]]:
    publication = data.publication
    return [
        {
            "cycle": publication.cycle_slug,
            "year": str(publication.year),
            "version": str(publication.version),
            "region_code": row.code,
            "region_name": row.name,
            "region_type": row.region_type,
            "province_code": row.province_code,
            "province_name": row.province_name,
            "predicate": row.predicate,
            "predicate_name_id": row.band.name_id,
            "predicate_name_en": row.band.name_en,
            "score": decimal_text(row.score),
            "movement": row.movement,
        }
        for row in data.rows
    ]


TOTAL_FIELDS = (
    "cycle",
    "year",
    "predicate",
    "predicate_name_id",
    "predicate_name_en",
    "score_min",
    "score_max",
    "regions",
)


def total_records(data: CycleResults) -> list[dict[str, str]]:
    publication = data.publication
    return [
        {
            "cycle": publication.cycle_slug,
            "year": str(publication.year),
            "predicate": count.band.code,
            "predicate_name_id": count.band.name_id,
            "predicate_name_en": count.band.name_en,
            "score_min": count.band.min,
            "score_max": count.band.max,
            "regions": str(count.count),
        }
        for count in data.counts
    ]


PROVILA_FIELDS = ("cycle", "year", "province_code", "province_name")


def provila_records(data: CycleResults) -> list[dict[str, str]]:
    publication = data.publication
    return [
        {
            "cycle": publication.cycle_slug,
            "year": str(publication.year),
            "province_code": code,
            "province_name": name,
        }
        for code, name in data.provila
    ]


METADATA_FIELDS = ("field", "label_id", "label_en", "value_id", "value_en")


def metadata_records(fields: list[MetadataField]) -> list[dict[str, str]]:
    return [
        {
            "field": f.key,
            "label_id": f.label_id,
            "label_en": f.label_en,
            "value_id": f.value_id,
            "value_en": f.value_en,
        }
        for f in fields
    ]


def _csv(fieldnames: tuple[str, ...], records: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = SafeCsvDictWriter(out, fieldnames=fieldnames, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode("utf-8")


# Table Schemas (https://specs.frictionlessdata.io/table-schema/) --------------------------------


def _field(name: str, type_: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "description": description, **extra}


def results_schema(data: CycleResults) -> dict[str, Any]:
    awarded = [b.code for b in data.bands if b.awarded]
    return {
        "fields": [
            _field("cycle", "string", "Siklus evaluasi / evaluation cycle"),
            _field("year", "integer", "Tahun penganugerahan / award year"),
            _field("version", "integer", "Versi publikasi / publication version"),
            _field(
                "region_code",
                "string",
                "Kode kabupaten/kota Kemendagri (teks, bukan angka) / Kemendagri regency/city "
                "code (text, not a number)",
                constraints={"required": True, "unique": True, "pattern": REGION_CODE_PATTERN},
            ),
            _field("region_name", "string", "Nama kabupaten/kota / regency/city name"),
            _field(
                "region_type",
                "string",
                "kabupaten atau kota / regency or city",
                constraints={"required": True, "enum": ["kabupaten", "kota"]},
            ),
            _field(
                "province_code",
                "string",
                "Kode provinsi Kemendagri / Kemendagri province code",
                constraints={"required": True, "pattern": PROVINCE_CODE_PATTERN},
            ),
            _field("province_name", "string", "Nama provinsi / province name"),
            _field(
                "predicate",
                "string",
                "Kode predikat; kosong = belum berpredikat / predicate code; empty = no predicate",
                constraints={"enum": awarded},
            ),
            _field("predicate_name_id", "string", "Nama predikat (Bahasa Indonesia)"),
            _field("predicate_name_en", "string", "Predicate name (English)"),
            _field(
                "score",
                "number",
                "Nilai akhir evaluasi (0-1000, desimal tepat) / final evaluation score "
                "(0-1000, exact decimal)",
                constraints={"minimum": 0, "maximum": 1000},
            ),
            _field(
                "movement",
                "string",
                "Perubahan predikat terhadap siklus sebelumnya: new (baru), up (naik), retained "
                "(tetap), down (turun); kosong bila belum ada siklus sebelumnya / change of "
                "predicate against the previous cycle",
                constraints={"enum": ["new", "up", "retained", "down"]},
            ),
        ],
        "primaryKey": ["region_code"],
        "missingValues": [""],
    }


def totals_schema(data: CycleResults) -> dict[str, Any]:
    return {
        "fields": [
            _field("cycle", "string", "Siklus evaluasi / evaluation cycle"),
            _field("year", "integer", "Tahun penganugerahan / award year"),
            _field(
                "predicate",
                "string",
                "Kode predikat / predicate code",
                constraints={"required": True, "enum": [b.code for b in data.bands]},
            ),
            _field("predicate_name_id", "string", "Nama predikat (Bahasa Indonesia)"),
            _field("predicate_name_en", "string", "Predicate name (English)"),
            _field("score_min", "number", "Nilai terendah rentang / lowest score of the band"),
            _field("score_max", "number", "Nilai tertinggi rentang / highest score of the band"),
            _field(
                "regions",
                "integer",
                "Jumlah kabupaten/kota / number of regencies and cities",
                constraints={"required": True, "minimum": 0},
            ),
        ],
        "primaryKey": ["predicate"],
        "missingValues": [""],
    }


def provila_schema() -> dict[str, Any]:
    return {
        "fields": [
            _field("cycle", "string", "Siklus evaluasi / evaluation cycle"),
            _field("year", "integer", "Tahun penganugerahan / award year"),
            _field(
                "province_code",
                "string",
                "Kode provinsi Kemendagri / Kemendagri province code",
                constraints={"required": True, "unique": True, "pattern": PROVINCE_CODE_PATTERN},
            ),
            _field("province_name", "string", "Nama provinsi / province name"),
        ],
        "primaryKey": ["province_code"],
        "missingValues": [""],
    }


def metadata_schema() -> dict[str, Any]:
    return {
        "fields": [
            _field(
                "field",
                "string",
                "Kunci unsur metadata / metadata element key",
                constraints={"required": True, "unique": True},
            ),
            _field("label_id", "string", "Nama unsur (Bahasa Indonesia)"),
            _field("label_en", "string", "Element name (English)"),
            _field("value_id", "string", "Isi (Bahasa Indonesia)"),
            _field("value_en", "string", "Content (English)"),
        ],
        "primaryKey": ["field"],
        "missingValues": [],
    }


# Building the files ---------------------------------------------------------------------------


class OpenData:
    """The open-data files of one publication, built lazily and kept for reuse."""

    def __init__(self, publication: Publication, data: CycleResults | None = None) -> None:
        self.publication = publication
        self.data = data or cycle_results(publication.cycle_slug, publication.version)
        assert self.data is not None
        self.metadata = indicator_metadata(publication, self.data)
        self._built: dict[str, bytes] = {}

    @property
    def slug(self) -> str:
        return self.publication.cycle_slug

    def names(self) -> list[str]:
        return [f.name for f in files_of(self.publication)]

    def file(self, name: str) -> DataFile | None:
        return next((f for f in files_of(self.publication) if f.name == name), None)

    def content(self, name: str) -> bytes:
        if name not in self._built:
            data_file = self.file(name)
            if data_file is None:
                raise KeyError(name)
            builder: Callable[[], bytes] = getattr(self, f"_build_{data_file.kind}")
            self._built[name] = builder()
        return self._built[name]

    def _build_results_csv(self) -> bytes:
        assert self.data is not None
        return _csv(RESULT_FIELDS, result_records(self.data))

    def _build_results_excel_csv(self) -> bytes:
        assert self.data is not None
        return excel_results_csv(result_records(self.data))

    def _build_totals_csv(self) -> bytes:
        assert self.data is not None
        return _csv(TOTAL_FIELDS, total_records(self.data))

    def _build_provila_csv(self) -> bytes:
        assert self.data is not None
        return _csv(PROVILA_FIELDS, provila_records(self.data))

    def _build_metadata_csv(self) -> bytes:
        return _csv(METADATA_FIELDS, metadata_records(self.metadata))

    def _build_results_json(self) -> bytes:
        assert self.data is not None
        publication = self.publication
        document = {
            "cycle": publication.cycle_slug,
            "year": publication.year,
            "version": publication.version,
            "name": {"id": publication.name_id, "en": publication.name_en},
            "decree": {
                "number": publication.decree_number,
                "date": _date(publication.decree_date),
            },
            "published_at": publication.published_at.isoformat(),
            "correction_reason": publication.reason if publication.version > 1 else "",
            "content_sha256": publication.sha256,
            "participants": self.data.participants,
            "bands": [
                {
                    "code": b.code,
                    "name": {"id": b.name_id, "en": b.name_en},
                    "min": b.min,
                    "max": b.max,
                    "awarded": b.awarded,
                    "colour": b.colour,
                }
                for b in self.data.bands
            ],
            "totals": {c.band.code: c.count for c in self.data.counts},
            "provinsi_layak_anak": [
                {"code": code, "name": name} for code, name in self.data.provila
            ],
            "results": [
                {
                    "region_code": r["region_code"],
                    "region_name": r["region_name"],
                    "region_type": r["region_type"],
                    "province_code": r["province_code"],
                    "province_name": r["province_name"],
                    "predicate": r["predicate"],
                    "score": r["score"] or None,
                    "movement": r["movement"],
                }
                for r in result_records(self.data)
            ],
            "license": LICENCE,
            "attribution": ATTRIBUTION_REGIONS,
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

    def _build_results_xlsx(self) -> bytes:
        from layakanak.portal.opendata_xlsx import results_workbook

        assert self.data is not None
        return results_workbook(
            self.publication,
            [RESULT_FIELDS, *[tuple(r.values()) for r in result_records(self.data)]],
            [TOTAL_FIELDS, *[tuple(r.values()) for r in total_records(self.data)]],
            [PROVILA_FIELDS, *[tuple(r.values()) for r in provila_records(self.data)]],
            self.metadata,
        )

    def _resource(
        self, name: str, path: str, title: str, description: str, schema: dict[str, Any]
    ) -> dict[str, Any]:
        content = self.content(path)
        return {
            "name": name,
            "path": path,
            "profile": "tabular-data-resource",
            "title": title,
            "description": description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(content),
            "hash": f"sha256:{hashlib.sha256(content).hexdigest()}",
            "schema": schema,
        }

    def _build_datapackage(self) -> bytes:
        assert self.data is not None
        publication, slug = self.publication, self.slug
        resources = []
        if not publication.aggregate_only:
            resources.append(
                self._resource(
                    "hasil",
                    f"hasil-kla-{slug}.csv",
                    f"Hasil evaluasi KLA {slug} per kabupaten/kota",
                    "Predikat dan nilai setiap kabupaten/kota peserta / predicate and score of "
                    "every participating regency and city",
                    results_schema(self.data),
                )
            )
        resources += [
            self._resource(
                "rekap-predikat",
                f"rekap-predikat-{slug}.csv",
                f"Jumlah kabupaten/kota per predikat, {slug}",
                "Rekap nasional / national totals",
                totals_schema(self.data),
            ),
            self._resource(
                "provinsi-layak-anak",
                f"provinsi-layak-anak-{slug}.csv",
                f"Provinsi Layak Anak {slug}",
                "Provinsi yang seluruh kabupaten/kotanya berpredikat / provinces where every "
                "regency and city holds a predicate",
                provila_schema(),
            ),
            self._resource(
                "metadata-indikator",
                f"metadata-indikator-{slug}.csv",
                "Metadata indikator (Satu Data Indonesia)",
                "Konsep, definisi, rumus, satuan, interpretasi, periode, tingkat wilayah, "
                "produsen / concept, definition, formula, unit, interpretation, period, "
                "regional level, producer",
                metadata_schema(),
            ),
        ]
        decree = publication.decree_number or "-"
        package = {
            "profile": "tabular-data-package",
            "name": f"hasil-kla-{slug}",
            "id": f"layakanak:hasil-kla:{slug}:v{publication.version}",
            "title": f"{publication.name_id}: hasil Kabupaten/Kota Layak Anak",
            "description": (
                f"Hasil evaluasi Kabupaten/Kota Layak Anak (KLA) siklus {slug} yang "
                f"ditetapkan dengan Keputusan Menteri PPPA {decree}. / Results of the "
                f"Child-Friendly Regency/City (KLA) evaluation, cycle {slug}."
            ),
            "version": f"{publication.version}.0.0",
            "created": publication.published_at.astimezone(datetime.UTC)
            .replace(microsecond=0)
            .isoformat()
            .replace("+00:00", "Z"),
            "keywords": ["KLA", "Kabupaten/Kota Layak Anak", "hak anak", "child rights", slug],
            "licenses": [LICENCE],
            "contributors": [{"title": PRODUCER["id"], "role": "publisher"}],
            "sources": [
                {"title": f"Keputusan Menteri PPPA {decree}"},
                {
                    "title": ATTRIBUTION_REGIONS["id"],
                    "path": "https://github.com/cahyadsn/wilayah",
                },
            ],
            "resources": resources,
        }
        return json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")

    def readme(self) -> bytes:
        fields = "\n".join(f"- {f.label_id} / {f.label_en}: {f.value_id}" for f in self.metadata)
        names = "\n".join(f"- {f.name}: {f.label_id}" for f in files_of(self.publication))
        text = (
            f"# {self.publication.name_id}\n\n{names}\n\n## Metadata\n\n{fields}\n\n"
            f"## Lisensi / licence\n\n{LICENCE['title']} ({LICENCE['path']}).\n\n"
            f"{ATTRIBUTION_REGIONS['id']}\n\n{ATTRIBUTION_REGIONS['en']}\n\n"
            f"{ATTRIBUTION_REGIONS['notice']}\n"
        )
        return text.encode("utf-8")

    def _build_zip(self) -> bytes:
        buffer = io.BytesIO()
        stamp = self.publication.published_at.astimezone(datetime.UTC).timetuple()[:6]
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in [*self.names(), "README.md"]:
                if name.endswith(".zip"):
                    continue
                info = zipfile.ZipInfo(f"hasil-kla-{self.slug}/{name}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                content = self.readme() if name == "README.md" else self.content(name)
                archive.writestr(info, content)
        return buffer.getvalue()

    def write(self, directory: Path) -> list[Path]:
        """Write every file (and README.md) into `directory`; returns the paths written."""
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for name in self.names():
            path = directory / name
            path.write_bytes(self.content(name))
            written.append(path)
        readme = directory / "README.md"
        readme.write_bytes(self.readme())
        written.append(readme)
        return written
