"""The results CSV for Excel with Indonesian regional settings, beside the standard one.

The standard `hasil-kla-<slug>.csv` is for machines: English column names, dot decimals, comma
separators, no byte-order mark (the Frictionless package describes it, and scripts parse it).
Excel opening it on a computer set to Bahasa Indonesia misreads it: it expects `;` between cells
and a decimal comma, and reads UTF-8 without a byte-order mark as the local code page (names
with accents break). This variant says the same in the way that Excel reads: Indonesian headers,
`;` separators, decimal commas, a UTF-8 byte-order mark, and region codes kept as text
(`="11.01"`: "11.01" would otherwise become a time or a number).
"""

from __future__ import annotations

import csv
import io
import re

from layakanak.lib.spreadsheet import csv_cell

BYTE_ORDER_MARK = "\ufeff"
# Column names in the order of opendata.RESULT_FIELDS (the predicate's code and English name are
# left out: the standard file has them).
HEADER = (
    "Siklus",
    "Tahun",
    "Versi",
    "Kode kabupaten/kota",
    "Kabupaten/kota",
    "Jenis",
    "Kode provinsi",
    "Provinsi",
    "Predikat",
    "Nilai",
    "Perubahan terhadap siklus sebelumnya",
)
MOVEMENTS = {"new": "baru", "up": "naik", "retained": "tetap", "down": "turun"}
_CODE = re.compile(r"\d{2}(?:\.\d{2})?")


def _code(value: str) -> str:
    """A region code as a text formula Excel shows as it is (only codes of the usual shape:
    anything else goes through the formula-safe cell)."""
    return f'="{value}"' if _CODE.fullmatch(value) else str(csv_cell(value))


def _decimal_comma(value: str) -> str:
    return value.replace(".", ",")


def excel_results_csv(records: list[dict[str, str]]) -> bytes:
    """The Excel variant of `opendata.result_records(...)`: every cell formula-safe
    (`csv_cell`), except the region codes, which are text formulas built here."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in HEADER])
    for record in records:
        writer.writerow(
            [
                csv_cell(record["cycle"]),
                csv_cell(record["year"]),
                csv_cell(record["version"]),
                _code(record["region_code"]),
                csv_cell(record["region_name"]),
                csv_cell(record["region_type"]),
                _code(record["province_code"]),
                csv_cell(record["province_name"]),
                csv_cell(record["predicate_name_id"]),
                csv_cell(_decimal_comma(record["score"])),
                csv_cell(MOVEMENTS.get(record["movement"], record["movement"])),
            ]
        )
    return out.getvalue().encode("utf-8")
