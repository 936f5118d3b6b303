from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layakanak.regions.actions import do_load_regions
from layakanak.regions.files import DATA_DIR, RegionFileError, read_region_files


class Command(BaseCommand):
    help = (
        "Load Indonesia's provinces, kab/kota, kecamatan and desa/kelurahan (Kemendagri codes) "
        "and their boundaries from the files shipped with the platform. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=DATA_DIR,
            help="Folder with provinces.csv, regencies.csv, districts.csv, villages.csv and the "
            "boundary GeoJSON files (default: the shipped data).",
        )
        parser.add_argument("--no-boundaries", action="store_true", help="Skip the boundaries.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            data = read_region_files(options["dir"], boundaries=not options["no_boundaries"])
        except RegionFileError as exc:
            raise CommandError(
                "The region files have problems; nothing was written:\n  "
                + "\n  ".join(exc.problems)
            ) from None
        report = do_load_regions(data, actor="command:load_regions")
        elapsed = time.perf_counter() - started
        for level, level_report in report.levels.items():
            self.stdout.write(
                f"{level.value:9} created {level_report.created:6}  updated "
                f"{level_report.updated:6}  unchanged {level_report.unchanged:6}"
                + (
                    f"  kept (not in files) {level_report.not_in_files}"
                    if level_report.not_in_files
                    else ""
                )
            )
        self.stdout.write(
            f"boundaries created {report.boundaries_created}  updated {report.boundaries_updated}"
        )
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"Regions loaded in {elapsed:.1f} s."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Nothing changed: the regions were already up to date ({elapsed:.1f} s)."
                )
            )
