from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layakanak.instruments.excel import write_excel
from layakanak.instruments.queries import get_version, instrument_of
from layakanak.instruments.schema import dump_yaml


class Command(BaseCommand):
    help = "Write a loaded instrument version as YAML and as an editable Excel workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Instrument version, e.g. kla-2023")
        parser.add_argument(
            "--out-dir",
            type=Path,
            default=Path("."),
            help="Folder for SLUG.yaml and SLUG.xlsx (default: the current folder)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        version = get_version(options["slug"])
        if version is None:
            raise CommandError(f"No instrument version {options['slug']!r} is loaded.")
        instrument = instrument_of(version)
        out_dir: Path = options["out_dir"]
        out_dir.mkdir(parents=True, exist_ok=True)
        yaml_path = out_dir / f"{version.slug}.yaml"
        xlsx_path = out_dir / f"{version.slug}.xlsx"
        yaml_path.write_text(dump_yaml(instrument), encoding="utf-8")
        write_excel(instrument, xlsx_path)
        self.stdout.write(f"Wrote {yaml_path} and {xlsx_path}")
