"""Reading a CSV of historical results (cycles run before the platform): one row per region,
with its predicate as published and its score; every problem reported with its line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from layakanak.lib.refusals import text
from layakanak.results.band_words import band_words, predicate_of
from layakanak.results.errors import ImportError_


@dataclass(frozen=True)
class HistoryRow:
    line: int
    cycle: str
    code: str
    predicate: str
    score: str
    source: str


HEADER = ("cycle", "region_code", "predicate", "score", "source")


def parse_history_csv(
    csv_text: str, *, bands: Iterable[Mapping[str, Any]] = ()
) -> list[HistoryRow]:
    """Rows of a historical results CSV (header: cycle, region_code, predicate, score, source;
    score and source optional). Raises ImportError_ listing every malformed line.

    A predicate may be a band code or, given the `bands` of the import, a band's name as the
    platform displays it in either language and any case ("Utama", "Tidak berpredikat"):
    `band_words.predicate_of` turns it into what a result stores."""
    import csv
    import io

    words = band_words(bands)
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        # Another "The file is empty." (the RBRA photos') has its own Indonesian text.
        empty = pgettext_lazy("historical results file", "The file is empty.")
        raise ImportError_([(1, text(empty))]) from None
    missing = [name for name in HEADER[:3] if name not in header]
    if missing:
        raise ImportError_(
            [(1, text(_("Required columns are missing: %(columns)s."), columns=", ".join(missing)))]
        )
    index = {name: header.index(name) for name in HEADER if name in header}
    rows: list[HistoryRow] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            position = index.get(name)
            return cells[position].strip() if position is not None and position < len(cells) else ""

        rows.append(
            HistoryRow(
                line=number,
                cycle=cell("cycle"),
                code=cell("region_code"),
                predicate=predicate_of(cell("predicate"), words),
                score=cell("score").replace(",", "."),
                source=cell("source"),
            )
        )
    return rows
