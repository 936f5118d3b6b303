from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from layakanak.instruments.actions import InstrumentLoadRefused, do_load_instrument
from layakanak.instruments.files import read_instrument_file, shipped_instrument_files
from layakanak.instruments.schema import InstrumentValidationError


class Command(BaseCommand):
    help = (
        "Validate and load an evaluation instrument from a YAML file or an Excel workbook "
        "(schema layakanak-instrument/1). Nothing is loaded when any problem is found."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="Instrument .yaml or .xlsx files")
        parser.add_argument(
            "--shipped", action="store_true", help="Load every instrument shipped with the platform"
        )
        parser.add_argument("--dry-run", action="store_true", help="Validate only; write nothing")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace an active or retired version already loaded with other content",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[Path] = list(options["files"])
        if options["shipped"]:
            files += shipped_instrument_files()
        if not files:
            raise CommandError("Name at least one instrument file, or use --shipped.")
        instruments = []
        problems: list[str] = []
        for path in files:
            try:
                instruments.append(read_instrument_file(path))
            except InstrumentValidationError as exc:
                problems += [str(error) for error in exc.errors]
        if problems:
            raise CommandError(
                f"{len(problems)} problem(s) found; nothing was loaded:\n  " + "\n  ".join(problems)
            )
        for instrument in instruments:
            summary = (
                f"{instrument.slug}: {len(instrument.components)} components, "
                f"{sum(len(c.indicators) for c in instrument.components)} indicators, "
                f"{len(instrument.questions)} questions, {instrument.total_points} points"
            )
            if options["dry_run"]:
                self.stdout.write(f"valid  {summary}")
                continue
            try:
                result = do_load_instrument(
                    instrument, actor="command:load_instrument", replace=options["replace"]
                )
            except InstrumentLoadRefused as exc:
                with translation.override("en"):  # this command writes English
                    raise CommandError(str(exc)) from None
            self.stdout.write(f"{result.outcome:9}  {summary}")
