"""The decree annex (Lampiran Keputusan Menteri): PDF and XLSX of a publication."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook

from layakanak.results.documents import annex_pdf, annex_xlsx, build_annex
from layakanak.results.models import Publication
from tests.pdf import pdf_text, squeezed
from tests.results.fixtures_certificates import DECREE_NUMBER

pytestmark = pytest.mark.django_db


def sections_of(text: str) -> dict[str, str]:
    """The annex text cut at its section headings ("A. KATEGORI UTAMA (2 ...)")."""
    parts = re.split(r"(?:^| )([A-H])\. (?=KATEGORI |PROVINSI LAYAK ANAK )", text)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_the_annex_pdf_lists_each_region_under_its_predicate_highest_first(
    published: Publication,
) -> None:
    text = pdf_text(annex_pdf(build_annex(published)))
    heading = text.split("PENERIMA PENGHARGAAN")[0]
    assert heading.startswith(
        "LAMPIRAN KEPUTUSAN MENTERI PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK REPUBLIK INDONESIA"
    )
    assert f"Nomor : {DECREE_NUMBER}" in heading and "Tanggal : 23 Juli 2026" in heading
    assert "EVALUASI KLA 2026" in text
    sections = sections_of(text)
    titles = [
        "KATEGORI UTAMA (2 kabupaten/kota)",
        "KATEGORI NINDYA (2 kabupaten/kota)",
        "KATEGORI MADYA (1 kabupaten/kota)",
        "KATEGORI PRATAMA (2 kabupaten/kota)",
        "PROVINSI LAYAK ANAK (1)",
    ]
    assert [sections[k].startswith(title) for k, title in zip("ABCDE", titles, strict=True)] == [
        True
    ] * 5
    utama, nindya, madya, pratama, provila = (sections[k] for k in "ABCDE")
    assert "Provinsi Kalimantan Timur 1. 64.71 Kota Balikpapan" in utama
    assert "Provinsi Kalimantan Utara 2. 65.71 Kota Tarakan" in utama
    assert "Kota Administrasi Jakarta Pusat" in nindya and "Kabupaten Tana Tidung" in nindya
    assert "Balikpapan" not in nindya
    assert "Kabupaten Bulungan" in madya
    assert "1. 65.02 Kabupaten Malinau" in pratama
    assert "2. 65.03 Kabupaten Nunukan" in pratama
    # Samarinda took part without a predicate: it is in no list.
    assert "Samarinda" not in text
    listed = provila.split("RINGKASAN")[0]
    assert "Provinsi Kalimantan Utara" in listed and "Kalimantan Timur" not in listed
    summary = text.split("RINGKASAN", 1)[1]
    for label, count in [
        ("KLA (Paripurna)", 0),
        ("Utama", 2),
        ("Nindya", 2),
        ("Madya", 1),
        ("Pratama", 2),
        ("Jumlah kabupaten/kota berpredikat", 7),
        ("Kabupaten/kota yang dievaluasi", 8),
        ("Provinsi Layak Anak", 1),
    ]:
        assert re.search(rf"(?<![\w/]){re.escape(label)} {count}(?!\d)", summary), label
    assert published.sha256 in squeezed(summary)


def test_the_annex_is_in_indonesian_whatever_the_language_of_the_request(
    published: Publication,
) -> None:
    with translation.override("en"):
        text = pdf_text(annex_pdf(build_annex(published)))
    assert "KATEGORI UTAMA" in text and "CATEGORY" not in text


def test_a_predicate_nobody_received_has_no_section_but_counts_zero(
    published: Publication,
) -> None:
    annex = build_annex(published)
    assert [s.code for s in annex.sections] == ["utama", "nindya", "madya", "pratama"]
    assert annex.counts[0] == ("KLA (Paripurna)", 0)
    assert annex.provila_letter == "E" and annex.awarded == 7


def test_the_annex_xlsx_has_the_same_content_on_one_sheet_with_a_frozen_header(
    published: Publication,
) -> None:
    book = load_workbook(io.BytesIO(annex_xlsx(build_annex(published))))
    assert len(book.worksheets) == 1
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Lampiran Keputusan Menteri Pemberdayaan Perempuan")
    assert rows[1][0] == f"Nomor {DECREE_NUMBER} tanggal 23 Juli 2026"
    header = next(i for i, row in enumerate(rows) if row[:2] == ("Predikat", "No."))
    assert rows[header] == ("Predikat", "No.", "Provinsi", "Kode wilayah", "Kabupaten/kota")
    assert sheet.freeze_panes == f"A{header + 2}"
    table = []
    for row in rows[header + 1 :]:
        if row[0] is None:
            break
        table.append(row)
    assert table[:2] == [
        ("Utama", 1, "Kalimantan Timur", "64.71", "Kota Balikpapan"),
        ("Utama", 2, "Kalimantan Utara", "65.71", "Kota Tarakan"),
    ]
    assert [r[0] for r in table] == ["Utama"] * 2 + ["Nindya"] * 2 + ["Madya"] + ["Pratama"] * 2
    assert ("Pratama", 2, "Kalimantan Utara", "65.03", "Kabupaten Nunukan") in table
    rest = rows[header + 1 + len(table) :]
    counts = {row[0]: row[1] for row in rest if row[0] and isinstance(row[1], int) and not row[2]}
    assert counts == {
        "KLA (Paripurna)": 0,
        "Utama": 2,
        "Nindya": 2,
        "Madya": 1,
        "Pratama": 2,
        "Jumlah": 7,
    }
    assert ("Provinsi Layak Anak", 1, "Kalimantan Utara", "65", None) in rest
