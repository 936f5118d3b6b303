"""The national totals per predicate of the cycles before the platform (KLA.md section 3),
shipped as `layakanak/results/data/national-totals.csv` and recorded as aggregate-only
publications by `layakanak load_national_history`.

A cell says `unknown` where a figure was never published (the 2021 split by predicate): such a
band is left out of the publication's totals, which the portal shows as unknown, never as zero.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layakanak.results.models import Publication

SHIPPED = Path(__file__).resolve().parents[1] / "results" / "data" / "national-totals.csv"
UNKNOWN = "unknown"
FIXED_COLUMNS = ("cycle", "participants", "awarded", "provila", "source")
# The source note in Bahasa Indonesia, beside the English `source` the publication records: the
# statistics page shows the note in the page's language (`source_note`).
OPTIONAL_COLUMNS = ("source_id",)


@dataclass(frozen=True)
class NationalTotals:
    line: int
    cycle: str
    participants: int | None
    awarded: int | None
    totals: dict[str, int]  # band code (and "provila") -> count; unknown ones are absent
    source: str
    source_id: str = ""


class NationalTotalsError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def _count(value: str) -> int | None:
    value = value.strip()
    if value.lower() == UNKNOWN:
        return None
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def parse_national_totals(text: str, band_codes: set[str]) -> list[NationalTotals]:
    """Rows of the national totals file; every column besides cycle, participants, awarded,
    provila and source must be an awarded band code of the legend. Raises NationalTotalsError
    listing every problem."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    errors: list[str] = []
    missing = [name for name in FIXED_COLUMNS if name not in header]
    if missing:
        raise NationalTotalsError([f"line 1: missing columns {', '.join(missing)}"])
    bands = [name for name in header if name not in FIXED_COLUMNS + OPTIONAL_COLUMNS]
    unknown_bands = sorted(set(bands) - band_codes)
    if unknown_bands:
        raise NationalTotalsError(
            [f"line 1: {', '.join(unknown_bands)} is not a band of the legend"]
        )
    rows = []
    for line, record in enumerate(reader, start=2):
        cycle = (record.get("cycle") or "").strip()
        try:
            counts = {band: _count(record.get(band) or "") for band in [*bands, "provila"]}
            participants = _count(record.get("participants") or "")
            awarded = _count(record.get("awarded") or "")
        except ValueError:
            errors.append(f"line {line}: counts must be whole numbers or '{UNKNOWN}'")
            continue
        known = {code: n for code, n in counts.items() if n is not None}
        split = [counts[band] for band in bands]
        if awarded is not None and None not in split and sum(n or 0 for n in split) != awarded:
            errors.append(
                f"line {line}: the predicates add up to {sum(n or 0 for n in split)}, "
                f"not to awarded {awarded}"
            )
        if not cycle[:4].isdigit():
            errors.append(f"line {line}: cycle {cycle!r} does not start with a year")
        rows.append(
            NationalTotals(
                line=line,
                cycle=cycle,
                participants=participants,
                awarded=awarded,
                totals=known,
                source=(record.get("source") or "").strip(),
                source_id=(record.get("source_id") or "").strip(),
            )
        )
    if errors:
        raise NationalTotalsError(errors)
    return rows


@functools.cache
def _shipped_notes() -> dict[str, tuple[str, str]]:
    """cycle → (English note, Indonesian note) of the shipped file."""
    reader = csv.DictReader(io.StringIO(SHIPPED.read_text("utf-8").lstrip("\ufeff")))
    return {
        (row.get("cycle") or "").strip(): (
            (row.get("source") or "").strip(),
            (row.get("source_id") or "").strip(),
        )
        for row in reader
    }


def source_note(publication: Publication, language: str) -> str:
    """The source note of an aggregate-only publication in `language`. A publication records
    the English note of the file it was loaded from; the shipped file also says it in Bahasa
    Indonesia, shown while the recorded note is still the shipped one (a note loaded from
    another file is shown as it was recorded)."""
    english, indonesian = _shipped_notes().get(publication.cycle_slug, ("", ""))
    if language != "en" and indonesian and publication.reason == english:
        return indonesian
    return publication.reason
