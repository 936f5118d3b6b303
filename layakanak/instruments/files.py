"""Reading an instrument from a YAML or Excel file, whichever the extension says."""

from __future__ import annotations

from pathlib import Path

from layakanak.instruments.excel import load_excel
from layakanak.instruments.schema import (
    InstrumentError,
    InstrumentValidationError,
    load_yaml,
)
from layakanak.scoring.model import Instrument

SHIPPED_DIR = Path(__file__).resolve().parent / "data"


def shipped_instrument_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))


def read_instrument_file(path: Path) -> Instrument:
    """Validate and build an instrument; raises InstrumentValidationError naming every problem."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise InstrumentValidationError(
            [
                InstrumentError(
                    str(path), "", "missing_file", "Berkas tidak ditemukan", "File not found"
                )
            ]
        )
    if suffix in {".yaml", ".yml"}:
        return load_yaml(path)
    if suffix == ".xlsx":
        return load_excel(path)
    raise InstrumentValidationError(
        [
            InstrumentError(
                path.name,
                "",
                "unknown_format",
                "Format berkas harus .yaml atau .xlsx",
                "The file must be .yaml or .xlsx",
            )
        ]
    )
