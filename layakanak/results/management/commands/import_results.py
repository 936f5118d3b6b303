from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from layakanak.evaluation.errors import EvaluationRefused
from layakanak.results.actions.history import do_import_results
from layakanak.results.errors import ImportError_
from layakanak.results.history_csv import parse_history_csv
from layakanak.results.snapshot import legend_of_latest_instrument


class Command(BaseCommand):
    help = (
        "Import the results of cycles that ran before the platform from a CSV file with the "
        "columns cycle, region_code, predicate (a band code or its name as published, in "
        "either language and any case: utama, Utama, Tidak berpredikat), score (optional) and "
        "source (optional). Every "
        "row is checked first; nothing is written when any row has an error. Each cycle in the "
        "file becomes a published historical result (a new version when one exists, which "
        "needs --reason)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV file (UTF-8)")
        parser.add_argument("--reason", default="", help="Why a cycle's results are replaced")
        parser.add_argument(
            "--instrument",
            default="",
            help="Instrument version whose predicate bands apply (default: the newest loaded)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the file as UTF-8 text ({exc}).") from exc
        try:
            bands = legend_of_latest_instrument(options["instrument"])
        except LookupError as exc:
            raise CommandError(
                f"Instrument not found ({exc}); load one with `layakanak load_instrument`."
            ) from exc
        try:
            publications = do_import_results(
                parse_history_csv(text, bands=bands),
                bands=bands,
                reason=options["reason"],
                actor="command:import_results",
            )
        except ImportError_ as exc:
            with translation.override("en"):  # this command writes English
                lines = [
                    f"{path}:{line}: {message}" if line else f"{path}: {message}"
                    for line, message in exc.errors
                ]
            raise CommandError(
                f"{len(lines)} error(s); nothing was imported:\n  " + "\n  ".join(lines)
            ) from exc
        except EvaluationRefused as exc:
            with translation.override("en"):  # this command writes English
                raise CommandError(str(exc)) from exc
        for publication in publications:
            counts = ", ".join(f"{code} {n}" for code, n in publication.totals.items())
            self.stdout.write(
                f"{publication.cycle_slug} v{publication.version}: "
                f"{publication.results.count()} regions ({counts})"
            )
