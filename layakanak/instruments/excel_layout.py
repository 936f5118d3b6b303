"""The fixed layout of instrument workbooks (see docs/instrument-schema.md, "Excel layout")."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

META_SHEET = "Instrumen"
META_KEYS = (
    "schema",
    "slug",
    "name_id",
    "name_en",
    "year",
    "legal_basis",
    "status",
    "reconstruction",
    "notes_id",
    "notes_en",
    "total_points",
    "precision",
    "rounding",
    "band_rule",
)
BAND_COLUMNS = ("code", "name_id", "name_en", "min", "max", "awarded", "colour")
COMPONENT_COLUMNS = ("code", "name_id", "name_en", "max_points")
SOURCE_COLUMNS = ("title", "url")
PREREQUISITE_COLUMNS = ("band", "indicator", "min_percent", "note_id", "note_en")

# (key, header shown to staff). The order is fixed: readers check the header row.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("indicator", "No. indikator / Indicator no."),
    ("indicator_name_id", "Nama indikator (id)"),
    ("indicator_name_en", "Indicator name (en)"),
    ("indicator_opd", "OPD indikator / Indicator OPD (;)"),
    ("question", "Kode pertanyaan / Question code"),
    ("text_id", "Pertanyaan (id)"),
    ("text_en", "Question (en)"),
    ("type", "Tipe / Type"),
    ("required", "Wajib / Required"),
    ("effort", "Upaya / Effort"),
    ("question_opd", "OPD pertanyaan / Question OPD (;)"),
    ("help_id", "Bantuan (id)"),
    ("help_en", "Help (en)"),
    ("show_if_question", "Tampil jika pertanyaan / Show if question"),
    ("show_if_in", "Tampil jika jawaban / Show if answer in (;)"),
    ("line", "Baris / Line (option, item, band, evidence)"),
    ("line_code", "Kode baris / Line code"),
    ("label_id", "Label (id)"),
    ("label_en", "Label (en)"),
    ("points", "Poin / Points"),
    ("bound", "Ambang / Threshold (min or max)"),
    ("numerator_id", "Pembilang (id)"),
    ("numerator_en", "Numerator (en)"),
    ("denominator_id", "Penyebut (id)"),
    ("denominator_en", "Denominator (en)"),
    ("data_source_id", "Sumber data (id)"),
    ("data_source_en", "Data source (en)"),
    ("better", "Lebih baik / Better (higher, lower)"),
    ("points_yes", "Poin ya / Points yes"),
    ("points_no", "Poin tidak / Points no"),
    ("formula", "Rumus / Formula"),
    ("max_points", "Poin maks. / Max points"),
    ("unit_id", "Satuan (id)"),
    ("unit_en", "Unit (en)"),
    ("evidence_required", "Data dukung wajib / Evidence required"),
    ("file_types", "Jenis berkas / File types (;)"),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
INDICATOR_FIELDS = ("indicator_name_id", "indicator_name_en", "indicator_opd")
LINE_FIELDS = (
    "line", "line_code", "label_id", "label_en", "points", "bound", "evidence_required",
    "file_types",
)  # fmt: skip
# Filled on a question's first row only (continuation rows leave them blank or repeat them).
QUESTION_FIELDS = tuple(
    key
    for key in COLUMN_KEYS
    if key not in ("indicator", "question", *INDICATOR_FIELDS, *LINE_FIELDS)
)
LIST_SEPARATOR = "; "


def where(sheet: str, row: int, column: int) -> str:
    """'KL!F12 (sheet KL, row 12)'."""
    return f"{sheet}!{get_column_letter(column)}{row} (sheet {sheet}, row {row})"
