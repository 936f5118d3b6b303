from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layakanak.portal.opendata import OpenData
from layakanak.results import queries


class Command(BaseCommand):
    help = (
        "Write the open data of a published cycle (CSV, XLSX, JSON, the Frictionless "
        "datapackage.json with its metadata, a ZIP of everything) into a folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", required=True, help="Cycle slug, e.g. 2025")
        parser.add_argument("--out", required=True, type=Path, help="Folder to write into")

    def handle(self, *args: Any, **options: Any) -> None:
        publication = queries.current_publication(options["cycle"])
        if publication is None:
            raise CommandError(f"Cycle {options['cycle']!r} has no published results.")
        written = OpenData(publication).write(options["out"])
        self.stdout.write(
            f"Wrote {len(written)} files of {publication.cycle_slug} v{publication.version} "
            f"to {options['out']}: {', '.join(path.name for path in written)}"
        )
