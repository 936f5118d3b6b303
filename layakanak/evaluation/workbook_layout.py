"""The layout of the region's Excel workbook, shared by building it (`workbook_build`) and reading
an upload back (`workbook_read`, `workbook_structure`).

The round trip: download pre-filled (`workbook_build`), fill offline, upload for a dry run that
writes nothing (`workbook_read.read_workbook` gives an `ImportPlan`), then apply the plan
(`actions.workbook.do_apply_workbook`, through the same answer-saving action as the autosave).

Layout: a "Petunjuk" (instructions) sheet, one sheet per component with one row per question
(columns `COLUMNS`; only the answer cells are unlocked, the sheets and the workbook structure are
protected, options and yes/no have drop-down lists), and a very hidden, protected `_meta` sheet
with the cycle, the region, the instrument's SHA-256 and an HMAC (keyed with SECRET_KEY) over those
and the structure: sheet names, the question code of every row and the column headers
(`signature`). A workbook of another region or cycle, or one whose structure was changed, is
refused with a message that says which; answers are checked with the scoring engine's
`validate_answer` and every error names its sheet, row and cell.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.crypto import salted_hmac
from openpyxl.utils import get_column_letter

from layakanak.scoring.model import Component, Instrument

FORMAT = "layakanak-workbook/1"
META_SHEET = "_meta"
GUIDE_SHEET = "Petunjuk"
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("code", "Kode / Code", 9),
    ("indicator", "Indikator / Indicator", 30),
    ("question_id", "Pertanyaan", 60),
    ("question_en", "Question (English)", 50),
    ("type", "Jenis / Type", 16),
    ("allowed", "Nilai yang diizinkan / Allowed values", 50),
    ("answer", "Jawaban / Answer", 20),
    ("denominator", "Penyebut / Denominator (persentase)", 16),
    ("opd", "OPD", 24),
    ("version", "Versi / Version", 8),
)
COL = {key: index + 1 for index, (key, _title, _width) in enumerate(COLUMNS)}
ANSWER = get_column_letter(COL["answer"])
DENOMINATOR = get_column_letter(COL["denominator"])


def sheet_name(component: Component) -> str:
    """The component's sheet name: its code and Indonesian name, within Excel's 31 characters
    and without the characters Excel refuses in a sheet name."""
    name = re.sub(r"[\[\]:*?/\\]", " ", f"{component.code} {component.name.id}")
    return name[:31].strip()


def expected_structure(instrument: Instrument) -> list[tuple[str, list[str]]]:
    """(sheet name, question codes of its rows in order) per component sheet."""
    return [
        (sheet_name(c), [q.code for i in c.indicators for q in i.questions])
        for c in instrument.components
    ]


def signature(
    cycle: str,
    region: str,
    instrument_sha: str,
    sheets: list[tuple[str, list[str]]],
    headers: list[list[str]],
) -> str:
    """The HMAC (keyed with SECRET_KEY) over a workbook's identity and structure. Its salt is a
    fixed text: changing it would refuse every workbook already downloaded."""
    message = json.dumps(
        {
            "format": FORMAT,
            "cycle": cycle,
            "region": region,
            "instrument": instrument_sha,
            "sheets": [[name, codes] for name, codes in sheets],
            "headers": headers,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return salted_hmac("layakanak.evaluation.workbook", message, algorithm="sha256").hexdigest()


def column_headers() -> list[str]:
    """The titles of the header row, as every component sheet has them."""
    return [title for _key, title, _width in COLUMNS]


def cell_text(value: Any) -> str:
    """A cell's value as text, without surrounding blanks ("" for an empty cell)."""
    return "" if value is None else str(value).strip()
