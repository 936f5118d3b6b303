from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from layakanak.evaluation.errors import EvaluationRefused
from layakanak.portal.national_history import (
    SHIPPED,
    NationalTotalsError,
    parse_national_totals,
)
from layakanak.results import queries
from layakanak.results.actions.history import do_import_national_totals
from layakanak.results.snapshot import legend_of_latest_instrument


class Command(BaseCommand):
    help = (
        "Record the national counts per predicate of the cycles before the platform (shipped "
        "file layakanak/results/data/national-totals.csv, from KemenPPPA's decrees and press "
        "releases) as aggregate-only historical publications. A cycle that already has a "
        "publication with region results is left alone, and so is one whose recorded totals "
        "are the same; running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=SHIPPED, help="CSV file (default: the shipped one)"
        )
        parser.add_argument(
            "--instrument",
            default="",
            help="Instrument version whose predicate bands apply (default: the newest loaded)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
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
            rows = parse_national_totals(text, {b["code"] for b in bands if b.get("awarded")})
        except NationalTotalsError as exc:
            raise CommandError(
                f"{path}: nothing was recorded:\n  " + "\n  ".join(exc.errors)
            ) from exc
        for row in rows:
            current = list(queries.current_publications().filter(cycle_slug=row.cycle))
            with_regions = queries.current_publications().filter(
                aggregate_only=False, year=int(row.cycle[:4])
            )
            if with_regions.exists() or any(not p.aggregate_only for p in current):
                self.stdout.write(f"{row.cycle}: has published region results, left alone")
                continue
            if (
                current
                and current[0].totals == row.totals
                and (current[0].participants == row.participants)
            ):
                self.stdout.write(f"{row.cycle}: already recorded")
                continue
            try:
                publication = do_import_national_totals(
                    row.cycle,
                    row.totals,
                    bands=bands,
                    participants=row.participants,
                    source_note=row.source,
                    actor="command:load_national_history",
                )
            except EvaluationRefused as exc:
                with translation.override("en"):  # this command writes English
                    raise CommandError(f"{row.cycle}: {exc}") from exc
            counts = ", ".join(f"{code} {n}" for code, n in publication.totals.items())
            self.stdout.write(f"{row.cycle} v{publication.version}: {counts}")
