"""Indicator metadata of the published KLA results, with the elements that Satu Data Indonesia
portals ask for (Perpres 39/2019 on Satu Data Indonesia: metadata of an indicator): concept,
definition, formula, unit, interpretation, period, regional level, producer.

The values are bilingual data (like the instrument's texts), written into the open-data files in
both languages and shown on /data/ in the visitor's language. The interpretation is built from the
publication's frozen band legend, so a cycle keeps the bands it was decided with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from layakanak.core.locale import side
from layakanak.results.models import Publication, Source

if TYPE_CHECKING:
    from layakanak.portal.results_data import CycleResults

PRODUCER = {
    "id": "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak (KemenPPPA)",
    "en": "Ministry of Women's Empowerment and Child Protection (KemenPPPA)",
}
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION_REGIONS = {
    "id": (
        "Kode dan nama wilayah: Keputusan Menteri Dalam Negeri No. 300.2.2-2138 Tahun 2025, "
        "melalui repositori cahyadsn/wilayah (lisensi MIT, Copyright (c) 2017 Cahya DSN)."
    ),
    "en": (
        "Region codes and names: Decree of the Minister of Home Affairs No. 300.2.2-2138 of "
        "2025, via the repository cahyadsn/wilayah (MIT licence, Copyright (c) 2017 Cahya DSN)."
    ),
    "notice": (
        "MIT licence of cahyadsn/wilayah: Permission is hereby granted, free of charge, to any "
        "person obtaining a copy of this software and associated documentation files (the "
        '"Software"), to deal in the Software without restriction, including without '
        "limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, "
        "and/or sell copies of the Software, and to permit persons to whom the Software is "
        "furnished to do so, subject to the following conditions: The above copyright notice "
        "and this permission notice shall be included in all copies or substantial portions of "
        'the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.'
    ),
}


@dataclass(frozen=True)
class MetadataField:
    key: str
    label_id: str
    label_en: str
    value_id: str
    value_en: str

    # Pairs, not catalogue messages: the metadata is published in both languages at once (the
    # open-data files and the data page) and frozen with the publication.
    def label(self, language: str) -> str:
        return side(self.label_id, self.label_en, language)

    def value(self, language: str) -> str:
        return side(self.value_id, self.value_en, language)


def _range(low: str, high: str, word: str) -> str:
    return f"{word} {low}–{high}" if low and high else ""


def indicator_metadata(publication: Publication, data: CycleResults) -> list[MetadataField]:
    slug = publication.cycle_slug
    bands_id = "; ".join(
        f"{b.name_id}: {_range(b.min, b.max, 'nilai')}" for b in reversed(data.bands)
    )
    bands_en = "; ".join(
        f"{b.name_en}: {_range(b.min, b.max, 'score')}" for b in reversed(data.bands)
    )
    decided = publication.decree_date.isoformat() if publication.decree_date else ""
    if publication.decree_number:
        source_id = f"Keputusan Menteri PPPA {publication.decree_number}"
        source_en = (
            "Decree of the Minister of Women's Empowerment and Child Protection "
            f"{publication.decree_number}"
        )
        if decided:
            source_id += f" tanggal {decided}"
            source_en += f" of {decided}"
    else:
        source_id = "Hasil evaluasi yang diterbitkan di platform Layak Anak"
        source_en = "Evaluation results published on the Layak Anak platform"
    if publication.source == Source.HISTORY:
        source_id = (source_id + "; " if source_id else "") + "hasil historis yang diimpor"
        source_en = (source_en + "; " if source_en else "") + "imported historical results"
    return [
        MetadataField(
            "name",
            "Nama indikator",
            "Indicator name",
            "Predikat Kabupaten/Kota Layak Anak (KLA)",
            "Child-Friendly Regency/City (KLA) predicate",
        ),
        MetadataField(
            "concept",
            "Konsep",
            "Concept",
            "Kabupaten/Kota Layak Anak (KLA) adalah kabupaten/kota dengan sistem pembangunan "
            "yang menjamin pemenuhan hak anak dan perlindungan khusus anak yang dilakukan secara "
            "terencana, menyeluruh, dan berkelanjutan (Peraturan Presiden Nomor 25 Tahun 2021).",
            "A Child-Friendly Regency/City (KLA) is a regency or city with a development system "
            "that guarantees the fulfilment of children's rights and the special protection of "
            "children in a planned, comprehensive and sustainable way (Presidential Regulation "
            "No. 25 of 2021).",
        ),
        MetadataField(
            "definition",
            "Definisi",
            "Definition",
            "Predikat KLA adalah peringkat yang ditetapkan dengan Keputusan Menteri Pemberdayaan "
            "Perempuan dan Perlindungan Anak bagi kabupaten/kota berdasarkan evaluasi "
            "penyelenggaraan KLA: evaluasi mandiri oleh Gugus Tugas KLA, verifikasi administrasi "
            "oleh provinsi, peninjauan ulang dan verifikasi lapangan oleh kementerian, dan "
            "verifikasi final.",
            "The KLA predicate is the rating fixed by decree of the Minister of Women's "
            "Empowerment and Child Protection for a regency or city after the KLA evaluation: "
            "self-assessment by the regional KLA task force, administrative verification by the "
            "province, central review and field verification by the ministry, and final "
            "verification.",
        ),
        MetadataField(
            "formula",
            "Rumus perhitungan",
            "Formula",
            "Nilai = jumlah nilai semua pertanyaan instrumen evaluasi (kelembagaan, lima klaster "
            "hak anak, penyelenggaraan KLA di kecamatan dan desa/kelurahan; maksimum 1000) "
            "setelah verifikasi final. Predikat = rentang nilai tempat nilai berada, ditetapkan "
            "oleh Menteri. Provinsi Layak Anak = provinsi yang seluruh kabupaten/kotanya "
            "berpredikat.",
            "Score = sum of the points of every question of the evaluation instrument "
            "(institutional strengthening, the five child-rights clusters, KLA in districts and "
            "villages; at most 1000) after final verification. Predicate = the band the score "
            "falls in, decided by the Minister. Child-Friendly Province = a province where every "
            "regency and city holds a predicate.",
        ),
        MetadataField(
            "unit",
            "Satuan",
            "Unit",
            "Nilai: poin (0–1000, desimal); predikat: kategori",
            "Score: points (0–1000, decimal); predicate: category",
        ),
        MetadataField(
            "interpretation",
            "Interpretasi",
            "Interpretation",
            f"{bands_id}. Makin tinggi predikat, makin lengkap pemenuhan hak anak dan "
            "perlindungan khusus anak di kabupaten/kota tersebut.",
            f"{bands_en}. The higher the predicate, the more completely the regency or city "
            "fulfils children's rights and special protection.",
        ),
        MetadataField(
            "period",
            "Periode dan frekuensi",
            "Period and frequency",
            f"Siklus evaluasi {slug} ({publication.name_id}), tahun penganugerahan "
            f"{publication.year}; setiap siklus evaluasi (umumnya tahunan).",
            f"Evaluation cycle {slug} ({publication.name_en}), award year {publication.year}; "
            "every evaluation cycle (usually yearly).",
        ),
        MetadataField(
            "regional_level",
            "Tingkat wilayah penyajian",
            "Regional level",
            "Kabupaten/kota (kode wilayah Kemendagri); provinsi untuk Provinsi Layak Anak; "
            "nasional untuk rekap per predikat.",
            "Regency/city (Kemendagri region codes); province for Child-Friendly Provinces; "
            "national for the totals per predicate.",
        ),
        MetadataField("producer", "Produsen data", "Data producer", PRODUCER["id"], PRODUCER["en"]),
        MetadataField("source", "Sumber data", "Source", source_id, source_en),
        MetadataField(
            "reference_codes",
            "Kode referensi",
            "Reference codes",
            ATTRIBUTION_REGIONS["id"],
            ATTRIBUTION_REGIONS["en"],
        ),
        MetadataField(
            "license",
            "Lisensi",
            "Licence",
            f"{LICENCE['title']} ({LICENCE['path']}): boleh digunakan dan dibagikan ulang "
            f"dengan menyebut sumber: {PRODUCER['id']}, hasil evaluasi KLA {slug}.",
            f"{LICENCE['title']} ({LICENCE['path']}): free to use and share with attribution: "
            f"{PRODUCER['en']}, KLA evaluation results {slug}.",
        ),
    ]
