from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from layakanak.portal.export_commands import add_export_arguments, run_export


class Command(BaseCommand):
    help = (
        "Render the public pages of a published cycle (results, region profiles, home page, map "
        "data, open data, static assets) into a folder any web server, object storage or CDN "
        "can serve (docs/static-export.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", required=True, help="Cycle slug, e.g. 2025")
        parser.add_argument("--out", required=True, type=Path, help="Folder to write into")
        add_export_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        run_export(self, options["cycle"], options["out"], options)
